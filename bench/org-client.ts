import type { LoggedRequest } from '@revbridge/localorg';
import { http } from './http-client.ts';
import type { OrgProcess } from './localorg-process.ts';

export const V = '/services/data/v62.0';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export type { LoggedRequest };

/** A bench's view of the Salesforce API calls the hub made: reads, writes, and the requests themselves. */
export interface Calls {
  reads: number;
  writes: number;
  requests: LoggedRequest[];
}

/** A client for a local org in its own process: REST, Bulk ingest, and its request log. */
export class Org {
  constructor(
    readonly process: OrgProcess,
    private readonly auth: Record<string, string>,
  ) {}

  get base(): string {
    return this.process.url + V;
  }

  async request(method: string, path: string, body?: unknown, type = 'application/json'): Promise<string> {
    const res = await http(
      method,
      path.startsWith('http') ? path : this.process.url + path,
      body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      body === undefined ? this.auth : { ...this.auth, 'Content-Type': type },
    );
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.body.slice(0, 500)}`);
    return res.body;
  }

  /** Every row of a SOQL query, following nextRecordsUrl. */
  async query<T>(soql: string): Promise<T[]> {
    const out: T[] = [];
    let next: string | undefined = `${V}/query?q=${encodeURIComponent(soql)}`;
    while (next) {
      const page = JSON.parse(await this.request('GET', next)) as { records: T[]; nextRecordsUrl?: string };
      out.push(...page.records);
      next = page.nextRecordsUrl;
    }
    return out;
  }

  /** One Bulk API 2.0 insert; the new ids in upload order (from the job's successful results). */
  async bulkInsert(object: string, csv: string): Promise<string[]> {
    const job = JSON.parse(
      await this.request('POST', `${V}/jobs/ingest`, { object, operation: 'insert', lineEnding: 'LF' }),
    ) as { id: string };
    await this.request('PUT', `${V}/jobs/ingest/${job.id}/batches`, csv, 'text/csv');
    await this.request('PATCH', `${V}/jobs/ingest/${job.id}`, { state: 'UploadComplete' });
    for (;;) {
      const info = JSON.parse(await this.request('GET', `${V}/jobs/ingest/${job.id}`)) as {
        state: string;
        numberRecordsFailed: number;
        errorMessage?: string;
      };
      if (info.state === 'JobComplete') {
        if (info.numberRecordsFailed > 0) {
          const failed = await this.request('GET', `${V}/jobs/ingest/${job.id}/failedResults`);
          throw new Error(`${object}: ${info.numberRecordsFailed} rows failed:\n${failed.slice(0, 1000)}`);
        }
        break;
      }
      if (info.state === 'Failed' || info.state === 'Aborted')
        throw new Error(`${object} bulk job ${info.state}: ${info.errorMessage}`);
      await sleep(10);
    }
    const results = await this.request('GET', `${V}/jobs/ingest/${job.id}/successfulResults`);
    await this.request('DELETE', `${V}/jobs/ingest/${job.id}`);
    // `"sf__Id","sf__Created",…` then one quoted row per record, in upload order.
    return results
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.slice(1, line.indexOf('"', 1)));
  }

  async lastSeq(): Promise<number> {
    const log = JSON.parse(await this.request('GET', '/__localorg/requests?since=999999999999')) as {
      lastSeq: number;
    };
    return log.lastSeq;
  }

  /** The hub's Salesforce API calls since `mark`: queries and describes are reads; any write, or Bulk job call, a write. */
  async callsSince(mark: number, until = Number.POSITIVE_INFINITY): Promise<Calls> {
    const log = JSON.parse(await this.request('GET', `/__localorg/requests?since=${mark}`)) as {
      requests: LoggedRequest[];
    };
    const requests = log.requests.filter((r) => r.seq <= until && r.path.startsWith('/services/data/'));
    const isWrite = (r: LoggedRequest) => r.method !== 'GET' || r.path.includes('/jobs/ingest');
    return {
      reads: requests.filter((r) => !isWrite(r)).length,
      writes: requests.filter(isWrite).length,
      requests,
    };
  }
}
