import { Connection, type DescribeSObjectResult } from 'jsforce';
import type { HttpApi as HttpApiClass } from 'jsforce/lib/http-api.js';
import type { SOAP as SoapClass } from 'jsforce/lib/soap.js';
import type { ApiSchemas as ApiSchemasValue, GetUserInfoResult } from 'jsforce/lib/api/soap/schema.js';
import { createRequire } from 'node:module';
import { fail, RevbridgeError } from '../../domain/errors.ts';
import type {
  CrmConnection,
  CrmQueryOptions,
  CrmObjectDescribe,
  CrmRecord,
  CrmRecordError,
  CrmUsage,
  CrmWrite,
  CrmWriteResult,
  ReadAllOptions,
  RetryEvent,
} from '../crm.port.ts';
import { ApiBudget } from './api-budget.ts';
import type { SalesforceCredentials } from './salesforce-credentials.ts';
import type { ApiCaller, ApiRequest, ApiResponse } from './api-caller.ts';
import { SalesforceBulk } from './salesforce-bulk.ts';
import { SalesforceLoginError, salesforceLogin } from './salesforce-login.ts';

/**
 * jsforce's HTTP layer, used directly to read response headers. It is a CommonJS `exports.default`, which
 * Node and vitest unwrap differently on `import`; `require` reads it the same way everywhere.
 */
const HttpApi = (createRequire(import.meta.url)('jsforce/lib/http-api.js') as { default: typeof HttpApiClass }).default;

/** jsforce's SOAP endpoint client (an HttpApi: same session header handling, refresh and replay), loaded the same way. */
const Soap = (createRequire(import.meta.url)('jsforce/lib/soap.js') as { default: typeof SoapClass }).default;
const { ApiSchemas } = createRequire(import.meta.url)('jsforce/lib/api/soap/schema.js') as {
  ApiSchemas: typeof ApiSchemasValue;
};

/**
 * Every call names its API version: jsforce's default (50.0) predates collection upsert (46.0 is the
 * floor) and answers updates in older shapes.
 */
export const SALESFORCE_API_VERSION = '62.0';

/** sObject Collections take at most 200 records per call. */
export const COLLECTION_LIMIT = 200;

/** Above this many records a write goes as one Bulk API 2.0 job (see `bulkThreshold`). */
export const BULK_THRESHOLD = 2_000;

/** `readAll` goes Bulk above this many rows: REST would spend 5 calls per 10,000. */
export const READ_ALL_BULK_ABOVE = 10_000;
/**
 * Rows per Bulk results page in `readAll`: calls against memory. A flow holds about two pages at once (the
 * one it applies, the next one being read), a few MB each at this size; 100,000 rows cost 20 calls.
 */
export const READ_ALL_BULK_PAGE = 5_000;

export interface SalesforceConnectionOptions {
  /** Share of the daily API allowance left to the org's own users (default 20). */
  reservePercent?: number;
  /** Attempts for a call that failed transiently (503, UNABLE_TO_LOCK_ROW, network), default 5. */
  attempts?: number;
  /** First backoff in ms, doubled per attempt (default 250). */
  backoffMs?: number;
  /** Told about each retry as it happens (the connection also keeps them all in `retries`). */
  onRetry?: (event: RetryEvent) => void;
  /**
   * Writes of more records than this go as one Bulk API 2.0 ingest job instead of sObject Collections
   * (default 2,000: below it collections cost ≤ 10 calls; a job costs about 5 plus one per poll).
   */
  bulkThreshold?: number;
  /**
   * The longest interval between polls of a Bulk job's state, in ms (default 1,000; each poll is an API call;
   * the first comes after a quarter of it, see `BulkOptions`).
   */
  bulkPollMs?: number;
  /** How long to wait for a Bulk job before giving up with salesforce_unavailable (default 10 minutes). */
  bulkTimeoutMs?: number;
  now?: () => number;
}

export type { RetryEvent } from '../crm.port.ts';

/** Salesforce's transient refusals: the same call later succeeds. */
const TRANSIENT = new Set([
  'SERVER_UNAVAILABLE',
  'UNABLE_TO_LOCK_ROW',
  'ERROR_HTTP_429',
  'ERROR_HTTP_500',
  'ERROR_HTTP_502',
  'ERROR_HTTP_503',
  'ERROR_HTTP_504',
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
]);

/**
 * Logs in and returns a connection for the sync engine. Only this folder imports jsforce. The session
 * is kept in memory only; an expired one is renewed with the same grant and the call replayed.
 */
export async function connectSalesforce(
  credentials: SalesforceCredentials,
  options: SalesforceConnectionOptions = {},
): Promise<CrmConnection> {
  const now = options.now ?? Date.now;
  const session = await login(credentials, now());
  // The connection is built after jsforce's, whose refresh callback tells it of each renewal.
  const created: { connection?: SalesforceConnection } = {};
  const conn = new Connection({
    version: SALESFORCE_API_VERSION,
    instanceUrl: session.instanceUrl,
    accessToken: session.accessToken,
    callOptions: { client: 'revbridge' },
    // jsforce calls this on INVALID_SESSION_ID and replays the request with the new token.
    refreshFn: (c, callback) => {
      created.connection?.sessionRenewed();
      login(credentials, now()).then(
        (s) => {
          c.instanceUrl = s.instanceUrl;
          callback(undefined, s.accessToken);
        },
        (error: Error) => callback(error),
      );
    },
  });
  created.connection = new SalesforceConnection(conn, options);
  return created.connection;
}

async function login(credentials: SalesforceCredentials, nowMs: number) {
  try {
    return await salesforceLogin(credentials, nowMs);
  } catch (error) {
    if (error instanceof SalesforceLoginError) {
      fail(error.transient ? 'salesforce_unavailable' : 'salesforce_login_failed', error.message, {
        loginUrl: credentials.loginUrl,
        grant: credentials.grant,
      });
    }
    throw error;
  }
}

class SalesforceConnection implements CrmConnection, ApiCaller {
  readonly apiVersion = SALESFORCE_API_VERSION;
  private readonly budget: ApiBudget;
  private readonly describes = new Map<string, CrmObjectDescribe>();
  private readonly bulk: SalesforceBulk;
  private callCount = 0;
  private readonly retryLog: RetryEvent[] = [];
  private currency: Promise<string> | undefined;

  constructor(
    private readonly conn: Connection,
    private readonly options: SalesforceConnectionOptions,
  ) {
    this.budget = new ApiBudget(options.reservePercent ?? 20);
    this.bulk = new SalesforceBulk(this, {
      pollMs: options.bulkPollMs ?? 1_000,
      timeoutMs: options.bulkTimeoutMs ?? 600_000,
    });
  }

  get calls(): number {
    return this.callCount;
  }

  get retries(): readonly RetryEvent[] {
    return this.retryLog;
  }

  usage(): CrmUsage | undefined {
    return this.budget.usage();
  }

  async describe(object: string): Promise<CrmObjectDescribe> {
    const cached = this.describes.get(object);
    if (cached) return cached;
    const { body: result } = await this.call<DescribeSObjectResult>(`describe ${object}`, {
      method: 'GET',
      url: `/sobjects/${object}/describe`,
    });
    const described: CrmObjectDescribe = {
      name: result.name,
      fields: new Map(
        result.fields.map((f) => [
          f.name,
          {
            name: f.name,
            type: f.type,
            createable: f.createable,
            updateable: f.updateable,
            calculated: f.calculated ?? false,
            externalId: f.externalId ?? false,
            referenceTo: (f.referenceTo ?? []) as string[],
            picklistValues: (f.picklistValues ?? []).filter((p) => p.active).map((p) => p.value),
          },
        ]),
      ),
    };
    this.describes.set(object, described);
    return described;
  }

  /**
   * A single-currency org's currency is reported only by the partner SOAP API's getUserInfo (no REST
   * resource, and no sObject field: Organization has none, and no object has CurrencyIsoCode); a
   * multi-currency org's corporate currency is its CurrencyType flagged IsCorporate. One call in a
   * single-currency org, two in a multi-currency one; a failure is not remembered.
   */
  orgCurrency(): Promise<string> {
    if (!this.currency) {
      this.currency = this.readOrgCurrency();
      this.currency.catch(() => (this.currency = undefined));
    }
    return this.currency;
  }

  private async readOrgCurrency(): Promise<string> {
    const info = await this.soap<GetUserInfoResult>('user info', 'getUserInfo', ApiSchemas.GetUserInfoResult);
    if (!info.organizationMultiCurrency && info.orgDefaultCurrencyIsoCode) return info.orgDefaultCurrencyIsoCode;
    for await (const page of this.queryPages('SELECT IsoCode FROM CurrencyType WHERE IsCorporate = true')) {
      if (typeof page[0]?.IsoCode === 'string') return page[0].IsoCode;
    }
    return fail('salesforce_request_failed', 'The org reports no currency: getUserInfo and CurrencyType name none.', {
      operation: 'org currency',
    });
  }

  /**
   * One partner SOAP API call, metered and retried like a REST one. jsforce puts the session in the
   * envelope's SessionHeader and renews it on INVALID_SESSION_ID; its own retries are off.
   */
  private soap<T>(operation: string, method: string, schema: unknown): Promise<T> {
    return this.attempt(operation, async () => {
      const endpoint = new Soap(this.conn, {
        xmlns: 'urn:partner.soap.sforce.com',
        endpointUrl: `${this.conn.instanceUrl}/services/Soap/u/${SALESFORCE_API_VERSION}`,
        retry: { maxRetries: 0 },
      } as ConstructorParameters<typeof SoapClass>[1]);
      const resultSchema = { result: schema } as Parameters<InstanceType<typeof Soap>['invoke']>[2];
      const response = (await endpoint.invoke(method, {}, resultSchema, ApiSchemas)) as { result: T };
      return response.result;
    });
  }

  async count(object: string, where: string): Promise<number> {
    const soql = `SELECT COUNT() FROM ${object} WHERE ${where}`;
    const { body } = await this.call<{ totalSize: number }>('count', {
      method: 'GET',
      url: `/query?q=${encodeURIComponent(soql)}`,
    });
    return body.totalSize;
  }

  /**
   * Pages explicitly (jsforce follows nextRecordsUrl only up to maxFetch, 10,000, when asked to). REST pages
   * hold 2,000 rows unless `batchSize` asks for fewer. `bulk: true` reads through a Bulk API 2.0 query job
   * instead, rows as Bulk gives them (CSV: every value a string, empty → null; no subqueries). A flow that
   * reads a whole object calls `readAll`, which switches to Bulk by itself and types the rows.
   */
  async *queryPages(soql: string, options: CrmQueryOptions = {}): AsyncIterable<CrmRecord[]> {
    if (options.bulk) {
      yield* this.bulk.query(soql, options.batchSize);
      return;
    }
    type Page = { records: CrmRecord[]; done: boolean; nextRecordsUrl?: string };
    const headers = options.batchSize ? { 'Sforce-Query-Options': `batchSize=${options.batchSize}` } : undefined;
    const endpoint = options.includeDeleted ? 'queryAll' : 'query';
    let page = (
      await this.call<Page>(endpoint, { method: 'GET', url: `/${endpoint}?q=${encodeURIComponent(soql)}`, headers })
    ).body;
    for (;;) {
      yield page.records.map(stripAttributes);
      if (page.done || !page.nextRecordsUrl) return;
      page = (await this.call<Page>('query more', { method: 'GET', url: page.nextRecordsUrl, headers })).body;
    }
  }

  /**
   * Bulk at once when the caller expects more than `bulkAbove` rows; otherwise REST first, ordered by Id so that,
   * when the first page shows a large set, the Bulk job can take up exactly where the page ended (`Id >` the last
   * one read). Bulk rows are CSV strings; they are typed from the object's describe (cached), so a flow hashing
   * values sees the same record through either API.
   */
  async *readAll(
    object: string,
    fields: readonly string[],
    where: string,
    options: ReadAllOptions = {},
  ): AsyncIterable<CrmRecord[]> {
    const select = `SELECT ${fields.join(', ')} FROM ${object}`;
    const bulkAbove = options.bulkAbove ?? READ_ALL_BULK_ABOVE;
    const bulkPageSize = options.bulkPageSize ?? READ_ALL_BULK_PAGE;
    if ((options.expectedRows ?? 0) > bulkAbove) {
      yield* this.bulk.query(`${select} WHERE ${where}`, bulkPageSize, await this.describe(object));
      return;
    }
    type Page = { records: CrmRecord[]; done: boolean; totalSize: number; nextRecordsUrl?: string };
    const soql = `${select} WHERE ${where} ORDER BY Id`;
    let page = (await this.call<Page>('query', { method: 'GET', url: `/query?q=${encodeURIComponent(soql)}` })).body;
    for (;;) {
      const records = page.records.map(stripAttributes);
      yield records;
      if (page.done || !page.nextRecordsUrl) return;
      if (page.totalSize > bulkAbove && records.length > 0) break;
      page = (await this.call<Page>('query more', { method: 'GET', url: page.nextRecordsUrl })).body;
    }
    const lastId = page.records[page.records.length - 1].Id.replace(/[^A-Za-z0-9]/g, '');
    const describe = await this.describe(object);
    yield* this.bulk.query(`${select} WHERE (${where}) AND Id > '${lastId}'`, bulkPageSize, describe);
  }

  update(object: string, records: CrmWrite[]): Promise<CrmWriteResult[]> {
    return this.write(`update ${object}`, records, (batch) =>
      batch.length > this.bulkThreshold()
        ? this.bulk.ingest(object, 'update', 'Id', batch)
        : this.writeInChunks(`update ${object}`, batch, `/composite/sobjects`, object),
    );
  }

  create(object: string, records: CrmWrite[]): Promise<CrmWriteResult[]> {
    return this.write(`create ${object}`, records, (batch) =>
      this.writeInChunks(`create ${object}`, batch, '/composite/sobjects', object, 'POST'),
    );
  }

  upsert(object: string, externalIdField: string, records: CrmWrite[]): Promise<CrmWriteResult[]> {
    return this.write(`upsert ${object}`, records, (batch) =>
      batch.length > this.bulkThreshold()
        ? this.bulk.ingest(object, 'upsert', externalIdField, batch)
        : this.writeInChunks(`upsert ${object}`, batch, `/composite/sobjects/${object}/${externalIdField}`, object),
    );
  }

  /**
   * Writes the records, then retries those Salesforce could not lock (the others succeeded) on their own,
   * backing off. Both writes are idempotent (update by id, upsert by external id), so a retry never
   * duplicates; a few locked records of a Bulk job go back through collections.
   */
  private async write(
    operation: string,
    records: CrmWrite[],
    send: (batch: CrmWrite[]) => Promise<CrmWriteResult[]>,
  ): Promise<CrmWriteResult[]> {
    const results = await send(records);
    for (let attempt = 1; attempt < this.attempts(); attempt++) {
      const locked = results.flatMap((r, i) => (isLocked(r) ? [i] : []));
      if (locked.length === 0) break;
      this.recordRetry({
        operation,
        attempt,
        code: 'UNABLE_TO_LOCK_ROW',
        message: `${locked.length} record(s) locked: ${results[locked[0]].errors[0].message}`,
      });
      await this.sleep(this.backoff(attempt));
      const again = await send(locked.map((i) => records[i]));
      locked.forEach((i, k) => (results[i] = again[k]));
    }
    return results;
  }

  /** sObject Collections, ≤ 200 records per call; a call that failed as a whole is retried by `call`. */
  private async writeInChunks(
    operation: string,
    records: CrmWrite[],
    url: string,
    object: string,
    method: 'PATCH' | 'POST' = 'PATCH',
  ): Promise<CrmWriteResult[]> {
    const results: CrmWriteResult[] = [];
    for (let start = 0; start < records.length; start += COLLECTION_LIMIT) {
      const chunk = records.slice(start, start + COLLECTION_LIMIT);
      const { body } = await this.call<RawResult[]>(operation, {
        method,
        url,
        body: { allOrNone: false, records: chunk.map((r) => ({ attributes: { type: object }, ...r })) },
      });
      results.push(...body.map(toWriteResult));
    }
    return results;
  }

  /**
   * One API call: checked against the budget, retried here when transient (jsforce's own retries are off,
   * so every retry is ours: recorded, and backed off by `backoffMs`), its usage observed.
   */
  call<T>(operation: string, request: ApiRequest): Promise<ApiResponse<T>> {
    return this.attempt(operation, () => this.send<T>(request));
  }

  private async attempt<T>(operation: string, send: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      this.budget.spend(1);
      this.callCount++;
      try {
        return await send();
      } catch (error) {
        const code = errorCode(error);
        if (code === 'REQUEST_LIMIT_EXCEEDED') this.budget.exhausted();
        if (error instanceof RevbridgeError) throw error;
        if (!TRANSIENT.has(code) || attempt >= this.attempts()) {
          fail(
            TRANSIENT.has(code) ? 'salesforce_unavailable' : 'salesforce_request_failed',
            `${operation}: ${code}: ${(error as Error).message}`,
            { operation, salesforceCode: code, attempts: attempt },
          );
        }
        this.recordRetry({ operation, attempt, code, message: (error as Error).message });
        await this.sleep(this.backoff(attempt));
      }
    }
  }

  /**
   * The request through jsforce's HttpApi (session header, INVALID_SESSION_ID refresh and replay) with
   * its retries off, keeping the response headers: `Sforce-Limit-Info` for the budget, `Sforce-Locator`
   * for Bulk query pages.
   */
  private async send<T>(request: ApiRequest): Promise<ApiResponse<T>> {
    const api = new HttpApi(this.conn, {
      retry: { maxRetries: 0 },
      ...(request.text ? { responseType: 'text/plain' } : {}),
    });
    let headers: Record<string, string> = {};
    api.on('response', (response: { headers?: Record<string, string> }) => {
      headers = response.headers ?? {};
      const m = /api-usage=(\d+)\/(\d+)/.exec(headers['sforce-limit-info'] ?? '');
      if (m) this.budget.observe({ used: Number(m[1]), limit: Number(m[2]) });
    });
    const base = request.url.startsWith('/services/') ? '' : `/services/data/v${SALESFORCE_API_VERSION}`;
    const contentType = typeof request.body === 'string' ? 'text/csv' : 'application/json';
    const body = await api.request<T>({
      method: request.method,
      url: `${this.conn.instanceUrl}${base}${request.url}`,
      headers: { ...(request.body !== undefined ? { 'content-type': contentType } : {}), ...request.headers },
      ...(request.body !== undefined
        ? { body: typeof request.body === 'string' ? request.body : JSON.stringify(request.body) }
        : {}),
    });
    return { body, headers };
  }

  /** jsforce is renewing an expired session; it then replays the refused call, one more API call. */
  sessionRenewed(): void {
    this.callCount++;
    this.recordRetry({
      operation: 'session',
      attempt: 1,
      code: 'INVALID_SESSION_ID',
      message: 'the session expired or was revoked; logged in again and replayed the call',
    });
  }

  private recordRetry(event: Omit<RetryEvent, 'at'>): void {
    const full: RetryEvent = { ...event, at: new Date((this.options.now ?? Date.now)()).toISOString() };
    this.retryLog.push(full);
    this.options.onRetry?.(full);
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  private bulkThreshold(): number {
    return this.options.bulkThreshold ?? BULK_THRESHOLD;
  }

  private attempts(): number {
    return this.options.attempts ?? 5;
  }

  private backoff(attempt: number): number {
    return (this.options.backoffMs ?? 250) * 2 ** (attempt - 1);
  }
}

interface RawResult {
  id?: string;
  success: boolean;
  created?: boolean;
  errors?: Array<{ statusCode?: string; errorCode?: string; message: string; fields?: string[] }>;
}

function toWriteResult(raw: RawResult): CrmWriteResult {
  const errors: CrmRecordError[] = (raw.errors ?? []).map((e) => ({
    // Collections report per-record failures with `statusCode`; single-record REST with `errorCode`.
    code: e.statusCode ?? e.errorCode ?? 'UNKNOWN',
    message: e.message,
    fields: e.fields ?? [],
  }));
  return { id: raw.id, success: raw.success, created: raw.created, errors };
}

function isLocked(result: CrmWriteResult): boolean {
  return !result.success && result.errors.some((e) => e.code === 'UNABLE_TO_LOCK_ROW');
}

function errorCode(error: unknown): string {
  const e = error as { errorCode?: string; code?: string; name?: string };
  // SOAP faults name the code with a namespace prefix (`sf:REQUEST_LIMIT_EXCEEDED`).
  return (e.errorCode ?? e.code ?? e.name ?? 'UNKNOWN').replace(/^[a-z]+:/i, '');
}

/** Query rows carry `attributes` (type and URL) on every level; the engine wants plain fields. */
function stripAttributes(record: CrmRecord): CrmRecord {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (key === 'attributes') continue;
    out[key] =
      value !== null && typeof value === 'object' && !Array.isArray(value)
        ? stripAttributes(value as CrmRecord)
        : value;
  }
  return out as CrmRecord;
}
