/** Bulk API 2.0 jobs of this org (ingest and query). Filled in by the bulk2 module. */
export class BulkJobs {
  clear(): void {}
}
