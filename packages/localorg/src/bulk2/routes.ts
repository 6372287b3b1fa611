import type { Router } from '../http/router.ts';
import {
  createIngestJob,
  deleteIngestJob,
  getIngestJob,
  ingestResults,
  listIngestJobs,
  patchIngestJob,
  uploadBatch,
} from './ingest-routes.ts';
import {
  createQueryJob,
  deleteQueryJob,
  getQueryJob,
  listQueryJobs,
  patchQueryJob,
  queryResults,
} from './query-routes.ts';

/** Bulk API 2.0 routes (`/jobs/ingest`, `/jobs/query`), relative to `/services/data/vXX.X`. */
export function bulkRoutes(router: Router): Router {
  return router
    .add('POST', '/jobs/ingest', createIngestJob)
    .add('GET', '/jobs/ingest', listIngestJobs)
    .add('GET', '/jobs/ingest/:id', getIngestJob)
    .add('PATCH', '/jobs/ingest/:id', patchIngestJob)
    .add('DELETE', '/jobs/ingest/:id', deleteIngestJob)
    .add('PUT', '/jobs/ingest/:id/batches', uploadBatch)
    .add('GET', '/jobs/ingest/:id/successfulResults', ingestResults('successful'))
    .add('GET', '/jobs/ingest/:id/failedResults', ingestResults('failed'))
    .add('GET', '/jobs/ingest/:id/unprocessedrecords', ingestResults('unprocessed'))
    .add('POST', '/jobs/query', createQueryJob)
    .add('GET', '/jobs/query', listQueryJobs)
    .add('GET', '/jobs/query/:id', getQueryJob)
    .add('PATCH', '/jobs/query/:id', patchQueryJob)
    .add('DELETE', '/jobs/query/:id', deleteQueryJob)
    .add('GET', '/jobs/query/:id/results', queryResults);
}
