import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { App } from '../app.ts';
import type { Org } from '../org.ts';
import { writeContext } from '../records/write.ts';
import type { ObjectSchema } from '../schema/registry.ts';
import { JobFailure, parseUploadsPausing } from './ingest-parse.ts';
import { type ColumnPlan, HeaderError, planColumns } from './ingest-plan.ts';
import { failedOutcome, writeRow } from './ingest-write.ts';
import { type IngestJob, isRunning, transition } from './job-info.ts';

/**
 * Rows per transaction. Each chunk runs synchronously and then yields to the event loop, so
 * polls and other API calls are answered while a large job runs; 500 rows of Accounts take a few
 * milliseconds, which keeps the server responsive without the per-chunk overhead showing.
 */
export const CHUNK_ROWS = 500;

/**
 * Processes an ingest job after UploadComplete: parse and check the header once, then write the
 * rows in chunks, each its own transaction with a savepoint per row, so one bad row undoes only
 * itself. An abort (or `BulkJobs.clear`) is noticed at the next chunk; rows not reached stay
 * unprocessed.
 */
export async function runIngest(app: App, job: IngestJob): Promise<void> {
  await yieldToEventLoop();
  if (job.state !== 'UploadComplete' || job.cancelled) return;
  const org = app.org;
  transition(job, 'InProgress', org.clock.now());
  job.startedAt = performance.now();
  try {
    const obj = org.schema.get(job.object);
    if (!obj) throw new JobFailure(`InvalidBatch : Unable to find object: ${job.object}`);
    const { header, rows } = await parseUploadsPausing(job, yieldToEventLoop);
    if (!isRunning(job)) return settle(job);
    job.header = header;
    job.rows = rows;
    // The parsed rows are what results echo; the raw text is no longer needed.
    job.uploads = [];
    if (header.length === 0) {
      transition(job, 'JobComplete', org.clock.now());
      return settle(job);
    }
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
