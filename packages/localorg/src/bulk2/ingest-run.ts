import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { LocalOrg } from '../local-org.ts';
import type { Org } from '../org.ts';
import { writeContext } from '../records/write.ts';
import type { ObjectSchema } from '../schema/registry.ts';
import { COLUMN_DELIMITERS, CsvError, firstLineEnding, parseCsv } from './csv.ts';
import { type ColumnPlan, HeaderError, planColumns } from './ingest-plan.ts';
import { failedOutcome, writeRow } from './ingest-write.ts';
import { isRunning, type IngestJob, transition } from './job-info.ts';

/**
 * Rows per transaction. Each chunk runs synchronously and then yields to the event loop, so
 * polls and other API calls are answered while a large job runs; 500 rows of Accounts take a few
 * milliseconds, which keeps the server responsive without the per-chunk overhead showing.
 */
export const CHUNK_ROWS = 500;

/** The job cannot be processed at all; it ends Failed with this message. */
export class JobFailure extends Error {}

/** Header and rows of every upload; every upload repeats the same header. */
export function parseUploads(job: IngestJob): { header: string[]; rows: string[][] } {
  if (job.uploads.length === 0) throw new JobFailure('InvalidBatch : No data was uploaded for this job');
  const delimiter = COLUMN_DELIMITERS[job.columnDelimiter];
  let header: string[] | null = null;
  const rows: string[][] = [];
  for (const upload of job.uploads) {
    const ending = firstLineEnding(upload);
    if (ending !== null && ending !== job.lineEnding) {
      throw new JobFailure(
        `ClientInputError : LineEnding is invalid on user data. Current LineEnding setting is ${job.lineEnding}`,
      );
    }
    let records: string[][];
    try {
      records = parseCsv(upload, delimiter, job.lineEnding);
    } catch (error) {
      if (error instanceof CsvError) throw new JobFailure(`ClientInputError : ${error.message}`);
      throw error;
    }
    if (records.length === 0) continue;
    const [first] = records;
    if (header === null) header = first;
    else if (first.join('\u0000').toLowerCase() !== header.join('\u0000').toLowerCase()) {
      throw new JobFailure('InvalidBatch : Every upload to a job must have the same header row');
    }
    for (let r = 1; r < records.length; r++) {
      if (records[r].length !== header.length) {
        throw new JobFailure(
          `ClientInputError : Row ${rows.length + 1} has ${records[r].length} columns but the header has ${header.length}`,
        );
      }
      rows.push(records[r]);
    }
  }
  if (header === null) throw new JobFailure('InvalidBatch : No header row found in the uploaded data');
  return { header, rows };
}

/**
 * Processes an ingest job after UploadComplete: parse and check the header once, then write the
 * rows in chunks, each its own transaction with a savepoint per row, so one bad row undoes only
 * itself. An abort (or `BulkJobs.clear`) is noticed at the next chunk; rows not reached stay
 * unprocessed.
 */
export async function runIngest(app: LocalOrg, job: IngestJob): Promise<void> {
  await yieldToEventLoop();
  if (job.state !== 'UploadComplete' || job.cancelled) return;
  const org = app.org;
  transition(job, 'InProgress', org.clock.now());
  job.startedAt = performance.now();
  try {
    const obj = org.schema.get(job.object);
    if (!obj) throw new JobFailure(`InvalidBatch : Unable to find object: ${job.object}`);
    const { header, rows } = parseUploads(job);
    job.header = header;
    job.rows = rows;
    const plan = planColumns(org, obj, header, job);
    for (let from = 0; from < rows.length; from += CHUNK_ROWS) {
      if (from > 0) await yieldToEventLoop();
      if (!isRunning(job)) return settle(job);
      const started = performance.now();
      processChunk(org, job, obj, plan, from, Math.min(rows.length, from + CHUNK_ROWS));
      job.apiActiveProcessingTime += performance.now() - started;
    }
    transition(job, 'JobComplete', org.clock.now());
  } catch (error) {
    if (!(error instanceof JobFailure || error instanceof HeaderError)) {
      console.error('localorg: unexpected error while processing a Bulk API 2.0 job', error);
    }
    const message = error instanceof JobFailure || error instanceof HeaderError ? error.message : 'InternalServerError';
    if (isRunning(job)) {
      transition(job, 'Failed', org.clock.now());
      job.errorMessage = message;
    }
  }
  settle(job);
}

function settle(job: IngestJob): void {
  job.totalProcessingTime = Math.round(performance.now() - job.startedAt);
  job.apiActiveProcessingTime = Math.round(job.apiActiveProcessingTime);
}

function processChunk(org: Org, job: IngestJob, obj: ObjectSchema, plan: ColumnPlan, from: number, to: number): void {
  const tx = org.begin();
  const w = { ...writeContext(org, tx, 'csv'), userId: job.createdById };
  let failed = 0;
  try {
    for (let r = from; r < to; r++) {
      const row = job.rows[r];
      const savepoint = tx.savepoint();
      try {
        job.outcomes.push(writeRow(w, job, obj, plan, row));
      } catch (error) {
        tx.rollbackTo(savepoint);
        job.outcomes.push(failedOutcome(error, job, obj, plan, row));
        failed++;
      }
    }
    tx.commit();
  } catch (error) {
    tx.rollback();
    job.outcomes.length = from;
    throw error;
  }
  job.numberRecordsProcessed = to;
  job.numberRecordsFailed += failed;
}
