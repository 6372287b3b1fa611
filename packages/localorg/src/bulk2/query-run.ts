import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { SfError } from '../errors.ts';
import type { Org } from '../org.ts';
import type { SfRecord } from '../store/record-store.ts';
import { COLUMN_DELIMITERS, type CsvColumn, LINE_ENDINGS, quoted } from './csv.ts';
import { isRunning, type QueryJob, transition } from './job-info.ts';

/** Rows per results page when the client does not ask for fewer with `maxRecords`. */
export const DEFAULT_PAGE_ROWS = 50_000;

/**
 * Completes the job after creation (InProgress, then JobComplete): its rows were selected when it was created,
 * and here its columns are settled. Each results page is rendered to CSV when it is asked for, rather than the
 * whole result up front: a job of 600,000 rows would otherwise hold 600,000 strings in the org's heap until it
 * is deleted (and the collector would trace them again and again), and its first page could not be read before
 * its last was rendered.
 */
export async function runQueryJob(org: Org, job: QueryJob): Promise<void> {
  await yieldToEventLoop();
  if (job.state !== 'UploadComplete' || job.cancelled) return;
  transition(job, 'InProgress', org.clock.now());
  job.startedAt = performance.now();
  try {
    job.columns = columnsOf(org, job);
    job.headerLine = job.columns.map((c) => quoted(c.path)).join(COLUMN_DELIMITERS[job.columnDelimiter]);
    job.numberRecordsProcessed = job.source.length;
    transition(job, 'JobComplete', org.clock.now());
  } catch (error) {
    console.error('localorg: unexpected error while running a Bulk API 2.0 query job', error);
    // A failed query job carries no message in Salesforce; jsforce reports "Query job failed to complete".
    if (isRunning(job)) transition(job, 'Failed', org.clock.now());
    job.source = [];
  }
  settle(job);
}

function settle(job: QueryJob): void {
  job.totalProcessingTime = Math.round(performance.now() - job.startedAt);
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

/** One page of results: the header on every page, then up to `maxRecords` rows from the locator, rendered now. */
export function resultsPage(
  job: QueryJob,
  locator: string | null,
  maxRecords: string | null,
): { text: string; count: number; next: string } {
  const total = job.source.length;
  const start = locator === null || locator === '' ? 0 : decodeLocator(locator, total);
  const size = maxRecords === null ? DEFAULT_PAGE_ROWS : pageSize(maxRecords);
  const end = Math.min(total, start + size);
  const eol = LINE_ENDINGS[job.lineEnding];
  const delimiter = COLUMN_DELIMITERS[job.columnDelimiter];
  const lines: string[] = job.headerLine === '' ? [] : [job.headerLine];
  for (let r = start; r < end; r++) lines.push(renderRow(job.projectFlat(job.source[r]), job.columns, delimiter));
  const text = lines.length > 0 ? lines.join(eol) + eol : '';
  return { text, count: end - start, next: end < total ? encodeLocator(end) : 'null' };
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
