import type { Router } from '../http/router.ts';
import { createIngestJob, ingestResults, patchIngestJob, uploadBatch } from './ingest-routes.ts';
import { deleteJob, getJob, listJobs } from './job-routes.ts';
import { createQueryJob, patchQueryJob, queryResults } from './query-routes.ts';

/** Bulk API 2.0 routes (`/jobs/ingest`, `/jobs/query`), relative to `/services/data/vXX.X`. */
export function bulkRoutes(router: Router): Router {
  return router
    .add('POST', '/jobs/ingest', createIngestJob)
    .add('GET', '/jobs/ingest', listJobs('ingest'))
    .add('GET', '/jobs/ingest/:id', getJob('ingest'))
    .add('PATCH', '/jobs/ingest/:id', patchIngestJob)
    .add('DELETE', '/jobs/ingest/:id', deleteJob('ingest'))
    .add('PUT', '/jobs/ingest/:id/batches', uploadBatch)
    .add('GET', '/jobs/ingest/:id/successfulResults', ingestResults('successful'))
    .add('GET', '/jobs/ingest/:id/failedResults', ingestResults('failed'))
    .add('GET', '/jobs/ingest/:id/unprocessedrecords', ingestResults('unprocessed'))
    .add('POST', '/jobs/query', createQueryJob)
    .add('GET', '/jobs/query', listJobs('query'))
    .add('GET', '/jobs/query/:id', getJob('query'))
    .add('PATCH', '/jobs/query/:id', patchQueryJob)
    .add('DELETE', '/jobs/query/:id', deleteJob('query'))
    .add('GET', '/jobs/query/:id/results', queryResults);
}
