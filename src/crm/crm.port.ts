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
  /** A formula or roll-up: Salesforce computes it, nobody writes it. */
  calculated: boolean;
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

/** One retry of a call Salesforce refused transiently (503, a locked row, a network error). */
export interface RetryEvent {
  /** What was being done, e.g. `update Account`, `query`, `bulk ingest Account`. */
  operation: string;
  /** The attempt that failed (1 = the first try). */
  attempt: number;
  /** Salesforce's code (`SERVER_UNAVAILABLE`, `UNABLE_TO_LOCK_ROW`, `INVALID_SESSION_ID`, …) or the network's. */
  code: string;
  message: string;
  /** When the failure was seen, ISO 8601. */
  at: string;
}

export interface CrmQueryOptions {
  /** Rows per page the caller prefers (REST: 200–2,000, Salesforce may return fewer; Bulk: rows per results page). */
  batchSize?: number;
  /**
   * Read through a Bulk API 2.0 query job instead of REST paging: one job, then one call per results page
   * (default 50,000 rows) — for large extracts. Bulk queries take no subqueries or aggregates.
   */
  bulk?: boolean;
  /** Deleted records too (REST `queryAll`, `IsDeleted = true` in the recycle bin): what a poll needs to see a removal. */
  includeDeleted?: boolean;
}

export interface ReadAllOptions {
  /** Rows above which the rest of the read goes through Bulk API 2.0 (default 10,000). */
  bulkAbove?: number;
  /** Rows per Bulk results page (default 5,000): what the caller holds in memory at once. */
  bulkPageSize?: number;
  /**
   * About how many rows the caller expects (from `count`, say): above `bulkAbove`, the read goes to Bulk API 2.0
   * at once, without a first REST page the org would work out the whole query for only to hand it on.
   */
  expectedRows?: number;
}

export interface CrmConnection {
  /** The API version every call is made with, e.g. "62.0". */
  readonly apiVersion: string;
  describe(object: string): Promise<CrmObjectDescribe>;
  /**
   * The org's currency (ISO 4217): every record's in a single-currency org, the corporate currency in a
   * multi-currency one. Salesforce has no field for it in a single-currency org, where no object has
   * CurrencyIsoCode; asked once per connection.
   */
  orgCurrency(): Promise<string>;
  /** How many rows of `object` match `where` (SOQL, without the keyword): one call, `SELECT COUNT()`. */
  count(object: string, where: string): Promise<number>;
  /** Runs a query and yields its rows one page at a time (one API call per page). */
  queryPages(soql: string, options?: CrmQueryOptions): AsyncIterable<CrmRecord[]>;
  /**
   * Every row of `object` matching `where` (SOQL, without the keyword), one page at a time, each value typed
   * as REST types it whichever API read it. Small sets come as REST pages (one call per 2,000 rows); when
   * the first page says more than `bulkAbove` rows match (or the caller expects that many), the rest comes
   * through one Bulk API 2.0 query (a handful of calls for any volume). Pages come in no particular order.
   */
  readAll(
    object: string,
    fields: readonly string[],
    where: string,
    options?: ReadAllOptions,
  ): AsyncIterable<CrmRecord[]>;
  /**
   * Updates by `Id`, ≤ 200 records per call (above the connection's bulk threshold: one Bulk API 2.0 job);
   * results in input order.
   */
  update(object: string, records: CrmWrite[]): Promise<CrmWriteResult[]>;
  /**
   * Inserts records that have no external id to upsert by (a price book entry, whose identity is its book,
   * product and currency, which Salesforce keeps unique), ≤ 200 per call; results in input order.
   */
  create(object: string, records: CrmWrite[]): Promise<CrmWriteResult[]>;
  /** Upserts by an external id field, like `update`; results in input order. */
  upsert(object: string, externalIdField: string, records: CrmWrite[]): Promise<CrmWriteResult[]>;
  /** The org's API allowance as last reported (`Sforce-Limit-Info`); undefined before the first call. */
  usage(): CrmUsage | undefined;
  /** API calls this connection has made (token requests excluded). */
  readonly calls: number;
  /** Every retry this connection made, in order: the run history shows what Salesforce refused and when. */
  readonly retries: readonly RetryEvent[];
}
