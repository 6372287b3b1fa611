import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { SfError } from '../errors.ts';
import type { Org } from '../org.ts';
import type { SfRecord } from '../store/record-store.ts';
import { COLUMN_DELIMITERS, LINE_ENDINGS, quoted } from './csv.ts';
import { isRunning, type QueryJob, transition } from './job-info.ts';

/** Rows rendered per synchronous slice before yielding to the event loop. */
const RENDER_ROWS = 5000;
/** Rows per results page when the client does not ask for fewer with `maxRecords`. */
export const DEFAULT_PAGE_ROWS = 50_000;

/**
 * Renders the job's rows to CSV lines after creation: InProgress, then JobComplete. The rows were
 * selected when the job was created; rendering in slices keeps the server answering meanwhile.
 */
export async function runQueryJob(org: Org, job: QueryJob): Promise<void> {
  await yieldToEventLoop();
  if (job.state !== 'UploadComplete' || job.cancelled) return;
  transition(job, 'InProgress', org.clock.now());
  job.startedAt = performance.now();
  try {
    const columns = columnsOf(org, job);
    const delimiter = COLUMN_DELIMITERS[job.columnDelimiter];
    job.headerLine = columns.map((c) => quoted(c.path)).join(delimiter);
    for (let from = 0; from < job.source.length; from += RENDER_ROWS) {
      if (from > 0) await yieldToEventLoop();
      if (!isRunning(job)) return settle(job);
      const to = Math.min(job.source.length, from + RENDER_ROWS);
      for (let r = from; r < to; r++) job.lines.push(renderRow(job.projectFlat(job.source[r]), columns, delimiter));
      job.numberRecordsProcessed = to;
    }
    transition(job, 'JobComplete', org.clock.now());
  } catch (error) {
    console.error('localorg: unexpected error while running a Bulk API 2.0 query job', error);
    // A failed query job carries no message in Salesforce; jsforce reports "Query job failed to complete".
    if (isRunning(job)) transition(job, 'Failed', org.clock.now());
  }
  job.source = [];
  settle(job);
}

function settle(job: QueryJob): void {
  job.totalProcessingTime = Math.round(performance.now() - job.startedAt);
}

interface CsvColumn {
  path: string;
  /** Bulk writes datetimes as `2024-01-02T17:38:59.000Z`, not REST's `+0000` offset. */
  datetime: boolean;
}

/**
 * Column paths as the projection names them (`Id`, `Account.Name`). With no rows, a blank row
 * yields the same keys: every lookup is empty, so nothing is read beyond the row.
 */
function columnsOf(org: Org, job: QueryJob): CsvColumn[] {
  const sample = job.source[0] ?? ({ Id: '' } as SfRecord);
  return Object.keys(job.projectFlat(sample)).map((path) => ({ path, datetime: isDateTime(org, job.object, path) }));
}

function isDateTime(org: Org, objectName: string, path: string): boolean {
  const parts = path.split('.');
  let obj = org.schema.get(objectName);
  for (let i = 0; obj && i < parts.length - 1; i++) {
    const lookup = obj.relationship(parts[i]);
    obj = lookup ? org.schema.get(lookup.referenceTo[0]) : undefined;
  }
  return obj?.field(parts[parts.length - 1])?.type === 'datetime';
}

/** Every value quoted; null is empty, booleans `true`/`false`, numbers as plain digits. */
function renderRow(values: Record<string, unknown>, columns: CsvColumn[], delimiter: string): string {
  let line = '';
  for (let i = 0; i < columns.length; i++) {
    const col = columns[i];
    const v = values[col.path];
    let text: string;
    if (v === null || v === undefined) text = '""';
    else if (typeof v === 'string') text = quoted(col.datetime && v.endsWith('+0000') ? `${v.slice(0, -5)}Z` : v);
    else if (typeof v === 'number' || typeof v === 'boolean') text = `"${v}"`;
    else text = quoted(JSON.stringify(v));
    line += i === 0 ? text : delimiter + text;
  }
  return line;
}

/** One page of results: the header on every page, then up to `maxRecords` rows from the locator. */
export function resultsPage(
  job: QueryJob,
  locator: string | null,
  maxRecords: string | null,
): { text: string; count: number; next: string } {
  const start = locator === null || locator === '' ? 0 : decodeLocator(locator, job.lines.length);
  const size = maxRecords === null ? DEFAULT_PAGE_ROWS : pageSize(maxRecords);
  const end = Math.min(job.lines.length, start + size);
  const eol = LINE_ENDINGS[job.lineEnding];
  const body = end > start ? job.lines.slice(start, end).join(eol) + eol : '';
  const text = job.headerLine === '' ? body : job.headerLine + eol + body;
  return { text, count: end - start, next: end < job.lines.length ? encodeLocator(end) : 'null' };
}

function pageSize(raw: string): number {
  const n = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new SfError('INVALIDREQUEST', `maxRecords must be a positive integer, not '${raw}'`);
  }
  return n;
}

/** Locators are opaque to clients; like Salesforce's, these are base64 of the next row offset. */
const encodeLocator = (offset: number) => Buffer.from(String(offset)).toString('base64url');

function decodeLocator(locator: string, total: number): number {
  const text = /^[A-Za-z0-9_-]+$/.test(locator) ? Buffer.from(locator, 'base64url').toString() : '';
  const offset = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(offset) || offset < 0 || offset > total || encodeLocator(offset) !== locator) {
    throw new SfError('INVALID_QUERY_LOCATOR', 'invalid query locator');
  }
  return offset;
}
