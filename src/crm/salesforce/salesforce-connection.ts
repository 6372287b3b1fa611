import { Connection } from 'jsforce';
import { fail, RevbridgeError } from '../../domain/errors.ts';
import type {
  CrmConnection,
  CrmObjectDescribe,
  CrmRecord,
  CrmRecordError,
  CrmUsage,
  CrmWrite,
  CrmWriteResult,
} from '../crm.port.ts';
import { ApiBudget } from './api-budget.ts';
import type { SalesforceCredentials } from './salesforce-credentials.ts';
import { SalesforceLoginError, salesforceLogin } from './salesforce-login.ts';

/**
 * Every call names its API version: jsforce's default (50.0) predates collection upsert (46.0 is the
 * floor) and answers updates in older shapes.
 */
export const SALESFORCE_API_VERSION = '62.0';

/** sObject Collections take at most 200 records per call. */
export const COLLECTION_LIMIT = 200;

export interface SalesforceConnectionOptions {
  /** Share of the daily API allowance left to the org's own users (default 20). */
  reservePercent?: number;
  /** Attempts for a call that failed transiently (503, UNABLE_TO_LOCK_ROW, network), default 5. */
  attempts?: number;
  /** First backoff in ms, doubled per attempt (default 250). */
  backoffMs?: number;
  /** Told about each retry, for the integration history. */
  onRetry?: (event: RetryEvent) => void;
  now?: () => number;
}

export interface RetryEvent {
  operation: string;
  attempt: number;
  code: string;
  message: string;
}

/** Salesforce's transient refusals: the same call later succeeds. */
const TRANSIENT = new Set([
  'SERVER_UNAVAILABLE',
  'UNABLE_TO_LOCK_ROW',
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
  const conn = new Connection({
    version: SALESFORCE_API_VERSION,
    instanceUrl: session.instanceUrl,
    accessToken: session.accessToken,
    callOptions: { client: 'revbridge' },
    // jsforce calls this on INVALID_SESSION_ID and replays the request with the new token.
    refreshFn: (c, callback) => {
      login(credentials, now()).then(
        (s) => {
          c.instanceUrl = s.instanceUrl;
          callback(undefined, s.accessToken);
        },
        (error: Error) => callback(error),
      );
    },
  });
  return new SalesforceConnection(conn, options);
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

class SalesforceConnection implements CrmConnection {
  readonly apiVersion = SALESFORCE_API_VERSION;
  private readonly budget: ApiBudget;
  private readonly describes = new Map<string, CrmObjectDescribe>();
  private callCount = 0;

  constructor(
    private readonly conn: Connection,
    private readonly options: SalesforceConnectionOptions,
  ) {
    this.budget = new ApiBudget(options.reservePercent ?? 20);
  }

  get calls(): number {
    return this.callCount;
  }

  usage(): CrmUsage | undefined {
    return this.budget.usage();
  }

  async describe(object: string): Promise<CrmObjectDescribe> {
    const cached = this.describes.get(object);
    if (cached) return cached;
    const result = await this.call(`describe ${object}`, () => this.conn.sobject(object).describe());
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

  async *queryPages(soql: string): AsyncIterable<CrmRecord[]> {
    // Explicit paging: jsforce follows nextRecordsUrl only up to maxFetch (10,000) when asked to.
    type Page = { records: CrmRecord[]; done: boolean; nextRecordsUrl?: string };
    // A jsforce Query is a thenable, not a Promise: resolve it to the first page (autoFetch stays off).
    let page = await this.call<Page>('query', async () => (await this.conn.query<CrmRecord>(soql)) as Page);
    for (;;) {
      yield page.records.map(stripAttributes);
      if (page.done || !page.nextRecordsUrl) return;
      const next = page.nextRecordsUrl;
      page = await this.call<Page>('query more', async () => (await this.conn.queryMore<CrmRecord>(next)) as Page);
    }
  }

  update(object: string, records: CrmWrite[]): Promise<CrmWriteResult[]> {
    return this.writeInChunks(`update ${object}`, records, (chunk) =>
      this.conn.requestPatch(`/composite/sobjects`, {
        allOrNone: false,
        records: chunk.map((r) => ({ attributes: { type: object }, ...r })),
      }),
    );
  }

  upsert(object: string, externalIdField: string, records: CrmWrite[]): Promise<CrmWriteResult[]> {
    return this.writeInChunks(`upsert ${object}`, records, (chunk) =>
      this.conn.requestPatch(`/composite/sobjects/${object}/${externalIdField}`, {
        allOrNone: false,
        records: chunk.map((r) => ({ attributes: { type: object }, ...r })),
      }),
    );
  }

  /**
   * Writes ≤ 200 records per call. A record Salesforce could not lock is retried on its own (the others
   * succeeded); a whole call that failed transiently is retried as a whole. Both writes are idempotent
   * (update by id, upsert by external id), so a retry never duplicates.
   */
  private async writeInChunks(
    operation: string,
    records: CrmWrite[],
    send: (chunk: CrmWrite[]) => Promise<unknown>,
  ): Promise<CrmWriteResult[]> {
    const results: CrmWriteResult[] = [];
    for (let start = 0; start < records.length; start += COLLECTION_LIMIT) {
      const chunk = records.slice(start, start + COLLECTION_LIMIT);
      const chunkResults = (await this.call(operation, () => send(chunk)).then((r) =>
        (r as RawResult[]).map(toWriteResult),
      )) as CrmWriteResult[];
      for (let attempt = 1; attempt < this.attempts(); attempt++) {
        const locked = chunkResults.flatMap((r, i) => (isLocked(r) ? [i] : []));
        if (locked.length === 0) break;
        this.options.onRetry?.({
          operation,
          attempt,
          code: 'UNABLE_TO_LOCK_ROW',
          message: chunkResults[locked[0]].errors[0].message,
        });
        await sleep(this.backoff(attempt));
        const again = ((await this.call(operation, () => send(locked.map((i) => chunk[i])))) as RawResult[]).map(
          toWriteResult,
        );
        locked.forEach((i, k) => (chunkResults[i] = again[k]));
      }
      results.push(...chunkResults);
    }
    return results;
  }

  /** One API call: checked against the budget, retried when transient, its usage observed. */
  private async call<T>(operation: string, run: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      this.budget.spend(1);
      this.callCount++;
      try {
        const result = await run();
        this.observeUsage();
        return result;
      } catch (error) {
        this.observeUsage();
        const code = errorCode(error);
        if (code === 'REQUEST_LIMIT_EXCEEDED') this.budget.exhausted();
        if (error instanceof RevbridgeError) throw error;
        if (!TRANSIENT.has(code) || attempt >= this.attempts()) {
          fail(
            TRANSIENT.has(code) ? 'salesforce_unavailable' : 'salesforce_request_failed',
            `${operation}: ${code}: ${(error as Error).message}`,
            {
              operation,
              salesforceCode: code,
              attempts: attempt,
            },
          );
        }
        this.options.onRetry?.({ operation, attempt, code, message: (error as Error).message });
        await sleep(this.backoff(attempt));
      }
    }
  }

  private observeUsage(): void {
    const info = (this.conn as unknown as { limitInfo?: { apiUsage?: CrmUsage } }).limitInfo;
    this.budget.observe(info?.apiUsage);
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
  return e.errorCode ?? e.code ?? e.name ?? 'UNKNOWN';
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

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
