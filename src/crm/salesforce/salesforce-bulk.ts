import { fail } from '../../domain/errors.ts';
import type { CrmObjectDescribe, CrmRecord, CrmRecordError, CrmWrite, CrmWriteResult } from '../crm.port.ts';
import type { ApiCaller } from './api-caller.ts';
import { csvObjects, parseCsv, toCsv } from './bulk-csv.ts';
import { bulkRecordBuilder } from './bulk-record-builder.ts';

/** Salesforce takes at most 150 MB per job; we stay well under, splitting the records across jobs. */
const MAX_JOB_CSV_BYTES = 100 * 1024 * 1024;

interface JobInfo {
  id: string;
  state: 'Open' | 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Failed' | 'Aborted';
  errorMessage?: string;
  numberRecordsProcessed?: number;
  numberRecordsFailed?: number;
}

export interface BulkOptions {
  /**
   * The longest wait between two polls of a job's state (each poll is an API call). The first poll comes
   * after a quarter of it and the wait doubles up to it: a small job is seen done in a fraction of a second
   * (a sync's write-back batches follow each other, one at a time), a long one costs a poll per `pollMs`.
   */
  pollMs: number;
  /** Waiting longer for a job ends with salesforce_unavailable. */
  timeoutMs: number;
}

/**
 * Bulk API 2.0 over the connection's metered, retried calls. Written against the REST endpoints rather
 * than jsforce's bulk2 client: jsforce 3.10.16's `bulk2.query()` crashes (ERR_STREAM_WRITE_AFTER_END) once
 * results span more than one locator page, and its ingest results carry no link to the input order.
 */
export class SalesforceBulk {
  constructor(
    private readonly api: ApiCaller,
    private readonly options: BulkOptions,
  ) {}

  /**
   * One ingest job (update by `Id`, or upsert by `keyField`): create, upload the CSV, close, poll, then
   * read the successful and failed results — about 5 calls plus the polls, whatever the volume. Results
   * come back in the input order, matched by the key column Salesforce echoes (its result files are in
   * no guaranteed order).
   */
  async ingest(
    object: string,
    operation: 'update' | 'upsert',
    keyField: string,
    records: CrmWrite[],
  ): Promise<CrmWriteResult[]> {
    const header = headerOf(records, keyField);
    const csv = toCsv(header, records);
    if (Buffer.byteLength(csv) > MAX_JOB_CSV_BYTES && records.length > 1) {
      const half = Math.ceil(records.length / 2);
      return [
        ...(await this.ingest(object, operation, keyField, records.slice(0, half))),
        ...(await this.ingest(object, operation, keyField, records.slice(half))),
      ];
    }
    const label = `bulk ${operation} ${object}`;
    const { body: job } = await this.api.call<JobInfo>(label, {
      method: 'POST',
      url: '/jobs/ingest',
      body: {
        object,
        operation,
        ...(operation === 'upsert' ? { externalIdFieldName: keyField } : {}),
        contentType: 'CSV',
        columnDelimiter: 'COMMA',
        lineEnding: 'LF',
      },
    });
    await this.api.call(label, { method: 'PUT', url: `/jobs/ingest/${job.id}/batches`, body: csv });
    await this.api.call(label, { method: 'PATCH', url: `/jobs/ingest/${job.id}`, body: { state: 'UploadComplete' } });
    await this.waitFor(label, `/jobs/ingest/${job.id}`);
    const results: Array<CrmWriteResult | undefined> = new Array(records.length);
    const pending = new Map<string, number[]>();
    records.forEach((r, i) => {
      const key = keyOf(r, keyField);
      const queue = pending.get(key);
      if (queue) queue.push(i);
      else pending.set(key, [i]);
    });
    const take = (row: Record<string, string>) => {
      const key = row[keyField] ?? row[Object.keys(row).find((k) => k.toLowerCase() === keyField.toLowerCase())!];
      return pending.get(key ?? '')?.shift();
    };
    const ok = await this.api.call<string>(label, {
      method: 'GET',
      url: `/jobs/ingest/${job.id}/successfulResults`,
      text: true,
    });
    for (const row of csvObjects(ok.body)) {
      const i = take(row);
      if (i !== undefined)
        results[i] = { id: row.sf__Id, success: true, created: row.sf__Created === 'true', errors: [] };
    }
    const failed = await this.api.call<string>(label, {
      method: 'GET',
      url: `/jobs/ingest/${job.id}/failedResults`,
      text: true,
    });
    for (const row of csvObjects(failed.body)) {
      const i = take(row);
      if (i !== undefined)
        results[i] = {
          ...(row.sf__Id ? { id: row.sf__Id } : {}),
          success: false,
          ...(operation === 'upsert' ? { created: false } : {}),
          errors: [bulkError(row.sf__Error ?? '')],
        };
    }
    // A record neither file names was not processed (the job ended early): a failure the caller can retry.
    return results.map(
      (r) =>
        r ?? {
          success: false,
          errors: [{ code: 'BULK_UNPROCESSED', message: 'the Bulk job did not process this record', fields: [] }],
        },
    );
  }

  /**
   * A Bulk API 2.0 query job, its results paged here with the `Sforce-Locator` header (the last page says
   * the string "null"): one call to create, the polls, then one call per page of `pageSize` rows (Salesforce's
   * default is as many as fit, the local org's 50,000). Rows are CSV: strings, empty cells as null, and
   * `Parent.Name` columns nested like REST rows; typed as REST types them when the object's `describe` is
   * given (see `bulkRecordBuilder`).
   */
  async *query(soql: string, pageSize?: number, describe?: CrmObjectDescribe): AsyncIterable<CrmRecord[]> {
    const label = 'bulk query';
    const { body: job } = await this.api.call<JobInfo>(label, {
      method: 'POST',
      url: '/jobs/query',
      body: { operation: 'query', query: soql, contentType: 'CSV', columnDelimiter: 'COMMA', lineEnding: 'LF' },
    });
    await this.waitFor(label, `/jobs/query/${job.id}`);
    let locator: string | undefined;
    for (;;) {
      const params = new URLSearchParams();
      if (locator) params.set('locator', locator);
      if (pageSize) params.set('maxRecords', String(pageSize));
      const query = params.size > 0 ? `?${params.toString()}` : '';
      const page = await this.api.call<string>(label, {
        method: 'GET',
        url: `/jobs/query/${job.id}/results${query}`,
        text: true,
      });
      const [header, ...rows] = parseCsv(page.body);
      yield header ? rows.map(bulkRecordBuilder(header, describe)) : [];
      const next = page.headers['sforce-locator'];
      if (!next || next === 'null') return;
      locator = next;
    }
  }

  private async waitFor(label: string, url: string): Promise<JobInfo> {
    const started = Date.now();
    for (let wait = this.options.pollMs / 4; ; wait = Math.min(wait * 2, this.options.pollMs)) {
      await this.api.sleep(wait);
      const { body: job } = await this.api.call<JobInfo>(label, { method: 'GET', url });
      if (job.state === 'JobComplete') return job;
      if (job.state === 'Failed' || job.state === 'Aborted') {
        fail('salesforce_request_failed', `${label}: job ${job.id} ${job.state}: ${job.errorMessage ?? 'no reason'}`, {
          operation: label,
          jobId: job.id,
          state: job.state,
        });
      }
      if (Date.now() - started > this.options.timeoutMs) {
        fail(
          'salesforce_unavailable',
          `${label}: job ${job.id} still ${job.state} after ${this.options.timeoutMs} ms`,
          {
            operation: label,
            jobId: job.id,
            state: job.state,
          },
        );
      }
    }
  }
}

/** The key column first (Salesforce echoes it in both result files), then every field any record sets. */
function headerOf(records: CrmWrite[], keyField: string): string[] {
  const fields = new Set<string>([keyField]);
  for (const r of records) for (const k of Object.keys(r)) if (k !== 'attributes') fields.add(k);
  return [...fields];
}

function keyOf(record: CrmWrite, keyField: string): string {
  const value = record[keyField];
  return value === null || value === undefined ? '' : String(value as string | number);
}

/** `CODE:message:Field1,Field2 --` (or `CODE:message:--` without fields), as Bulk writes a row's error. */
export function bulkError(text: string): CrmRecordError {
  const colon = text.indexOf(':');
  if (colon < 0) return { code: 'UNKNOWN', message: text, fields: [] };
  const code = text.slice(0, colon);
  const rest = text.slice(colon + 1);
  if (rest.endsWith(':--')) return { code, message: rest.slice(0, -3), fields: [] };
  if (rest.endsWith(' --')) {
    const last = rest.lastIndexOf(':');
    if (last >= 0) {
      const fields = rest
        .slice(last + 1, -3)
        .split(',')
        .filter(Boolean);
      return { code, message: rest.slice(0, last), fields };
    }
  }
  return { code, message: rest, fields: [] };
}
