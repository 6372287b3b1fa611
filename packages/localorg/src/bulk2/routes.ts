import type { Router } from '../http/router.ts';

/** Bulk API 2.0 routes (`/jobs/ingest`, `/jobs/query`). */
export function bulkRoutes(router: Router): Router {
  return router;
}
