import { expect } from 'vitest';
import { SfError } from '../src/errors.ts';
import { type CustomSchema, Org } from '../src/org.ts';
import { deleteRecord, insertRecord, updateRecord, type WriteContext, writeContext } from '../src/records/write.ts';
import { seedStandardRecords } from '../src/seed/standard.ts';
import type { SfRecord } from '../src/store/record-store.ts';

// In-process orgs for rule and seed tests: no HTTP, writes go straight through the write pipeline.

/** 2025-05-15 12:00 UTC: the org clock of every org `newOrg` makes. */
export const NOW = Date.UTC(2025, 4, 15, 12);

export interface NewOrgOptions {
  /** Turns multi-currency on, with USD (corporate) and EUR, after the standard records are seeded. */
  multiCurrency?: boolean;
  customSchema?: CustomSchema;
}

/** An org with its clock set to `NOW` and the standard records (price book, user) in place. */
export function newOrg({ multiCurrency = false, customSchema }: NewOrgOptions = {}): Org {
  const org = new Org(customSchema);
  org.clock.set(NOW);
  seedStandardRecords(org);
  if (multiCurrency) org.updateSettings({ multiCurrency: true, currencies: ['USD', 'EUR'] });
  return org;
}

/** Runs `work` in one transaction, as one API write. */
export const write = <T>(org: Org, work: (ctx: WriteContext) => T): T =>
  org.transaction((tx) => work(writeContext(org, tx)));

export const insert = (org: Org, object: string, fields: Record<string, unknown>): string =>
  write(org, (ctx) => insertRecord(ctx, object, fields));

export const update = (org: Org, object: string, id: string, fields: Record<string, unknown>): void =>
  write(org, (ctx) => updateRecord(ctx, object, id, fields));

export const remove = (org: Org, id: string): void => write(org, (ctx) => deleteRecord(ctx, id));

/** The live record of `object` with `id`; throws when there is none. */
export function row(org: Org, object: string, id: string): SfRecord {
  const r = org.store.get(object, id);
  if (!r) throw new Error(`no live ${object} ${id}`);
  return r;
}

/** Every live record of `object`. */
export const rows = (org: Org, object: string): SfRecord[] => [...org.store.scan(object)];

export const standardPricebookId = (org: Org): string => rows(org, 'Pricebook2').find((b) => b.IsStandard === true)!.Id;

/** The SfError `work` throws; any other outcome fails the test. */
export function failure(work: () => unknown): SfError {
  try {
    work();
  } catch (error) {
    if (error instanceof SfError) return error;
    throw error;
  }
  throw new Error('expected an SfError');
}

/** Asserts the SfError `work` throws: its code and fields exactly, its message exactly or by pattern. */
export function expectError(
  work: () => unknown,
  errorCode: string,
  message: string | RegExp,
  fields: string[] = [],
): void {
  const e = failure(work);
  if (typeof message === 'string') {
    expect({ errorCode: e.errorCode, message: e.message, fields: e.fields }).toEqual({ errorCode, message, fields });
  } else {
    expect({ errorCode: e.errorCode, fields: e.fields }).toEqual({ errorCode, fields });
    expect(e.message).toMatch(message);
  }
}
