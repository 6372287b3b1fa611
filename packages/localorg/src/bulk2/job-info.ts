import { formatDateTime } from '../clock.ts';
import type { SfRecord } from '../store/record-store.ts';
import type { ColumnDelimiter, CsvColumn, LineEnding } from './csv.ts';
import { invalidJobState } from './errors.ts';

export const INGEST_OPERATIONS = ['insert', 'update', 'upsert', 'delete', 'hardDelete'] as const;
export type IngestOperation = (typeof INGEST_OPERATIONS)[number];

export type JobState = 'Open' | 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Failed' | 'Aborted';

/**
 * Which state may follow which. Ingest jobs start Open (data is uploaded), query jobs start
 * UploadComplete (the query is the data). Both can be aborted until they finish.
 */
const TRANSITIONS: Record<JobState, readonly JobState[]> = {
  Open: ['UploadComplete', 'Aborted'],
  UploadComplete: ['InProgress', 'Aborted'],
  InProgress: ['JobComplete', 'Failed', 'Aborted'],
  JobComplete: [],
  Failed: [],
  Aborted: [],
};

/** Processing goes on while the job is InProgress and neither aborted nor forgotten. */
export const isRunning = (job: BulkJob): boolean => job.state === 'InProgress' && !job.cancelled;

export const isTerminal = (state: JobState): boolean => TRANSITIONS[state].length === 0;

interface JobBase {
  id: string;
  object: string;
  createdById: string;
  createdDate: number;
  systemModstamp: number;
  state: JobState;
  /** The version of the URL that created the job, e.g. '62.0'. */
  apiVersion: string;
  lineEnding: LineEnding;
  columnDelimiter: ColumnDelimiter;
  numberRecordsProcessed: number;
  /** Wall-clock ms from the start of processing to its end. */
  totalProcessingTime: number;
  /** Ms spent actually writing or projecting rows (excludes yields to the event loop). */
  apiActiveProcessingTime: number;
  errorMessage: string | null;
  /** performance.now() when processing started. */
  startedAt: number;
  /** Set by `BulkJobs.clear`: processing stops at the next chunk and the job is forgotten. */
  cancelled: boolean;
}

/** What one processed row came to; rows not yet processed have no outcome. */
export interface RowOutcome {
  id: string;
  created: boolean;
  error: string | null;
}

export interface IngestJob extends JobBase {
  kind: 'ingest';
  operation: IngestOperation;
  externalIdFieldName: string | null;
  /** Each PUT to `/batches`, kept as sent; parsed when processing starts. */
  uploads: string[];
  /** Header and data rows once parsed. */
  header: string[] | null;
  rows: string[][];
  outcomes: RowOutcome[];
  numberRecordsFailed: number;
}

export interface QueryJob extends JobBase {
  kind: 'query';
  operation: 'query' | 'queryAll';
  query: string;
  /** Matched rows, fixed when the job was created (stored rows are immutable snapshots). */
  source: SfRecord[];
  projectFlat: (row: SfRecord) => Record<string, unknown>;
  /** The CSV header line, without terminator, and its columns: each page renders its rows when asked for. */
  headerLine: string;
  columns: CsvColumn[];
}

export type BulkJob = IngestJob | QueryJob;

/** Moves a job to `to`, or answers INVALIDJOBSTATE when the table does not allow it. */
export function transition(job: BulkJob, to: JobState, now: number): void {
  if (!TRANSITIONS[job.state].includes(to)) throw invalidJobState(job.state, to);
  job.state = to;
  job.systemModstamp = now;
}

/** Salesforce stamps jobs to the second. */
const stamp = (ms: number) => formatDateTime(Math.floor(ms / 1000) * 1000);

function head(job: BulkJob): Record<string, unknown> {
  return {
    id: job.id,
    operation: job.operation,
    object: job.object,
    createdById: job.createdById,
    createdDate: stamp(job.createdDate),
    systemModstamp: stamp(job.systemModstamp),
    state: job.state,
    ...(job.kind === 'ingest' && job.externalIdFieldName ? { externalIdFieldName: job.externalIdFieldName } : {}),
    concurrencyMode: 'Parallel',
    contentType: 'CSV',
    apiVersion: Number(job.apiVersion),
  };
}

const contentUrl = (job: IngestJob) => `services/data/v${job.apiVersion}/jobs/ingest/${job.id}/batches`;
const jobType = (job: BulkJob) => (job.kind === 'ingest' ? 'V2Ingest' : 'V2Query');

/** The answer to a create: the head plus where to upload and how the CSV is laid out. */
export function createdInfo(job: BulkJob): Record<string, unknown> {
  return {
    ...head(job),
    jobType: jobType(job),
    ...(job.kind === 'ingest' ? { contentUrl: contentUrl(job) } : {}),
    lineEnding: job.lineEnding,
    columnDelimiter: job.columnDelimiter,
  };
}

/** The answer to a state change (PATCH): the head only, as Salesforce answers it. */
export const patchedInfo = (job: BulkJob): Record<string, unknown> => head(job);

/** One entry of `GET /jobs/ingest` or `/jobs/query`. */
export const listedInfo = createdInfo;

/** `GET /jobs/{kind}/{id}`: the job with its counters. */
export function detailInfo(job: BulkJob): Record<string, unknown> {
  const info: Record<string, unknown> = {
    ...head(job),
    jobType: jobType(job),
    lineEnding: job.lineEnding,
    columnDelimiter: job.columnDelimiter,
    numberRecordsProcessed: job.numberRecordsProcessed,
  };
  if (job.kind === 'ingest') info.numberRecordsFailed = job.numberRecordsFailed;
  info.retries = 0;
  info.totalProcessingTime = job.totalProcessingTime;
  if (job.kind === 'ingest') {
    info.apiActiveProcessingTime = Math.round(job.apiActiveProcessingTime);
    info.apexProcessingTime = 0;
  }
  if (job.errorMessage !== null) info.errorMessage = job.errorMessage;
  return info;
}
