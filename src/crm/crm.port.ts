/**
 * What the sync engine needs from a CRM, and nothing more: describe, paged reads, and writes with a
 * result per record. `crm/salesforce` implements it with jsforce; the engine never sees jsforce.
 */

/** A record as the CRM returns it: its id and the fields asked for (parent paths flattened by the caller). */
export interface CrmRecord {
  Id: string;
  [field: string]: unknown;
}

export interface CrmFieldDescribe {
  name: string;
  type: string;
  createable: boolean;
  updateable: boolean;
  externalId: boolean;
  referenceTo: string[];
  picklistValues: string[];
}

export interface CrmObjectDescribe {
  name: string;
  fields: Map<string, CrmFieldDescribe>;
}

/** A per-record refusal, with the CRM's own code (e.g. `FIELD_CUSTOM_VALIDATION_EXCEPTION`). */
export interface CrmRecordError {
  code: string;
  message: string;
  fields: string[];
}

export interface CrmWriteResult {
  /** The record's id; absent when an insert failed. */
  id?: string;
  success: boolean;
  /** True when an upsert inserted the record. */
  created?: boolean;
  errors: CrmRecordError[];
}

/** A record to write: `Id` for an update, the external id field for an upsert, plus the fields to set. */
export type CrmWrite = Record<string, unknown>;

export interface CrmUsage {
  /** API calls spent in the org's rolling day, as the org last reported them. */
  used: number;
  limit: number;
}

export interface CrmConnection {
  /** The API version every call is made with, e.g. "62.0". */
  readonly apiVersion: string;
  describe(object: string): Promise<CrmObjectDescribe>;
  /** Runs a query and yields its rows one page at a time (one API call per page). */
  queryPages(soql: string): AsyncIterable<CrmRecord[]>;
  /** Updates by `Id`, ≤ 200 records per call; results in input order. */
  update(object: string, records: CrmWrite[]): Promise<CrmWriteResult[]>;
  /** Upserts by an external id field, ≤ 200 records per call; results in input order. */
  upsert(object: string, externalIdField: string, records: CrmWrite[]): Promise<CrmWriteResult[]>;
  /** The org's API allowance as last reported (`Sforce-Limit-Info`); undefined before the first call. */
  usage(): CrmUsage | undefined;
  /** API calls this connection has made (token requests excluded). */
  readonly calls: number;
}
