import type { Query } from '@jetstreamapp/soql-parser-js';
import type { Org } from '../org.ts';
import type { ObjectSchema } from '../schema/registry.ts';
import type { SfRecord } from '../store/record-store.ts';

export interface SoqlOptions {
  includeDeleted: boolean;
  /** e.g. '62.0' */
  apiVersion: string;
}

/** Everything compilation needs for one execution of one query. */
export interface QueryContext {
  org: Org;
  soql: string;
  opts: SoqlOptions;
  /** The org clock, read once so every date literal in the query agrees. */
  now: number;
  timeZone: string;
  /** Rows of `obj` that match `query`'s WHERE (semi-joins run their subquery through this). */
  filterRows(obj: ObjectSchema, query: Query, includeDeleted: boolean): SfRecord[];
}

export type Getter = (row: SfRecord) => unknown;
