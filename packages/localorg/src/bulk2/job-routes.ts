import { type Handler, noContent, type RequestContext } from '../http/types.ts';
import { wrongState } from './errors.ts';
import { type BulkJob, detailInfo, listedInfo } from './job-info.ts';
import { jobJson } from './request.ts';

// The routes that work alike for ingest and query jobs, made for one kind (`/jobs/ingest` or `/jobs/query`).

type JobKind = BulkJob['kind'];

/** The job of kind `kind` the path's `:id` names, or 404 NOT_FOUND. */
function jobOf(ctx: RequestContext, kind: JobKind): BulkJob {
  return kind === 'ingest' ? ctx.app.bulk.ingest(ctx.params.id) : ctx.app.bulk.query(ctx.params.id);
}

/** `GET /jobs/{kind}/{id}`. */
export function getJob(kind: JobKind): Handler {
  return (ctx) => jobJson(detailInfo(jobOf(ctx, kind)));
}

/** `GET /jobs/{kind}`. */
export function listJobs(kind: JobKind): Handler {
  return (ctx) => jobJson({ done: true, records: ctx.app.bulk.list(kind).map(listedInfo), nextRecordsUrl: null });
}

/** `DELETE /jobs/{kind}/{id}`: not while the job is being processed. */
export function deleteJob(kind: JobKind): Handler {
  return (ctx) => {
    const job = jobOf(ctx, kind);
    if (job.state === 'InProgress')
      throw wrongState(`Job ${job.id} is InProgress and cannot be deleted until it finishes or is aborted`);
    ctx.app.bulk.remove(job);
    return noContent();
  };
}
