import { invalidType, SfError } from '../errors.ts';
import { objectBody } from '../http/body.ts';
import type { Reply, RequestContext } from '../http/types.ts';
import { invalidJob, wrongState } from './errors.ts';
import { type ResultKind, resultsCsv } from './ingest-results.ts';
import { runIngest } from './ingest-run.ts';
import {
  createdInfo,
  INGEST_OPERATIONS,
  type IngestJob,
  type IngestOperation,
  isTerminal,
  patchedInfo,
  transition,
} from './job-info.ts';
import { csvReply, csvSettings, jobJson, newJobBase, optionalString, requestedState } from './request.ts';

/** Salesforce accepts at most 150 MB of CSV per job. */
export const MAX_JOB_BYTES = 150 * 1024 * 1024;

/** `POST /jobs/ingest`: validates the request up front, as Salesforce does, and opens the job. */
export function createIngestJob(ctx: RequestContext): Reply {
  const body = objectBody(ctx);
  const { org } = ctx.app;
  const objectName = optionalString(body, 'object');
  if (!objectName) throw invalidJob('The object of the job is required');
  const obj = org.schema.get(objectName);
  if (!obj) throw invalidType(objectName);
  const operation = optionalString(body, 'operation');
  if (!operation || !(INGEST_OPERATIONS as readonly string[]).includes(operation)) {
    throw invalidJob(`Invalid operation: ${operation ?? '(none)'}. Use one of ${INGEST_OPERATIONS.join(', ')}`);
  }
  let externalIdFieldName: string | null = null;
  if (operation === 'upsert') {
    const name = optionalString(body, 'externalIdFieldName');
    if (!name) throw invalidJob(`External ID was blank for ${obj.name}. An External ID must be specified for upsert.`);
    const f = obj.field(name);
    if (!f || !(f.externalId || f.idLookup)) {
      throw invalidJob(
        `Field name provided, ${name} does not match an External ID, Salesforce Id, or indexed field for ${obj.name}`,
      );
    }
    externalIdFieldName = f.name;
  }
  const job: IngestJob = {
    ...newJobBase(ctx, obj.name),
    ...csvSettings(body),
    kind: 'ingest',
    state: 'Open',
    operation: operation as IngestOperation,
    externalIdFieldName,
    uploads: [],
    header: null,
    rows: [],
    outcomes: [],
    numberRecordsFailed: 0,
  };
  ctx.app.bulk.add(job);
  return jobJson(createdInfo(job));
}

/** `PUT /jobs/ingest/{id}/batches`: CSV data, only while the job is Open; uploads add up. */
export function uploadBatch(ctx: RequestContext): Reply {
  const job = ctx.app.bulk.ingest(ctx.params.id);
  if (job.state !== 'Open')
    throw wrongState(`Data can only be uploaded while the job is Open; job ${job.id} is ${job.state}`);
  const bytes = job.uploads.reduce((sum, u) => sum + Buffer.byteLength(u), 0) + Buffer.byteLength(ctx.rawBody);
  if (bytes > MAX_JOB_BYTES) {
    throw new SfError('EXCEEDED_MAX_SIZE_REQUEST', 'The data uploaded to a job cannot exceed 150 MB', 413);
  }
  job.uploads.push(ctx.rawBody);
  return { status: 201 };
}

/** `PATCH /jobs/ingest/{id}`: UploadComplete starts processing (asynchronously); Aborted stops it. */
export function patchIngestJob(ctx: RequestContext): Reply {
  const job = ctx.app.bulk.ingest(ctx.params.id);
  const state = requestedState(objectBody(ctx));
  const now = ctx.app.org.clock.now();
  if (state === 'UploadComplete') {
    transition(job, 'UploadComplete', now);
    void runIngest(ctx.app, job);
  } else if (state === 'Aborted') {
    transition(job, 'Aborted', now);
  } else {
    throw wrongState(`Invalid state: ${state}. A job can be set to UploadComplete or Aborted`);
  }
  return jobJson(patchedInfo(job));
}

/** The three result files, once the job has finished (completed, failed or aborted). */
export function ingestResults(kind: ResultKind) {
  return (ctx: RequestContext): Reply => {
    const job = ctx.app.bulk.ingest(ctx.params.id);
    if (!isTerminal(job.state)) {
      throw wrongState(`Results are available once the job has finished; job ${job.id} is ${job.state}`);
    }
    return csvReply(resultsCsv(job, kind));
  };
}
