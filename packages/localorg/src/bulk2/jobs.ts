import { notFound } from '../errors.ts';
import { normalizeId } from '../ids.ts';
import type { BulkJob, IngestJob, QueryJob } from './job-info.ts';

/**
 * The org's Bulk API 2.0 jobs, in memory only: they are not written to the data dir, so a restart
 * forgets them (Salesforce keeps finished jobs for seven days). Ingest and query jobs live apart,
 * as in Salesforce, where `/jobs/ingest/{queryJobId}` is not found.
 */
export class BulkJobs {
  private readonly ingestJobs = new Map<string, IngestJob>();
  private readonly queryJobs = new Map<string, QueryJob>();

  add(job: BulkJob): void {
    if (job.kind === 'ingest') this.ingestJobs.set(job.id, job);
    else this.queryJobs.set(job.id, job);
  }

  /** The ingest job of `id` (15 or 18 characters), or 404 NOT_FOUND. */
  ingest(id: string): IngestJob {
    const job = this.ingestJobs.get(normalizeId(id) ?? id);
    if (!job) throw notFound();
    return job;
  }

  query(id: string): QueryJob {
    const job = this.queryJobs.get(normalizeId(id) ?? id);
    if (!job) throw notFound();
    return job;
  }

  list(kind: BulkJob['kind']): BulkJob[] {
    return [...(kind === 'ingest' ? this.ingestJobs : this.queryJobs).values()];
  }

  /** Forgets a job; processing still running for it stops at its next chunk. */
  remove(job: BulkJob): void {
    job.cancelled = true;
    if (job.kind === 'ingest') this.ingestJobs.delete(job.id);
    else this.queryJobs.delete(job.id);
  }

  /** Stops all processing (at the next chunk boundary) and forgets every job (org reset, shutdown). */
  clear(): void {
    for (const job of this.ingestJobs.values()) job.cancelled = true;
    for (const job of this.queryJobs.values()) job.cancelled = true;
    this.ingestJobs.clear();
    this.queryJobs.clear();
  }
}
