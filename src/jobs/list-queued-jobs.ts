import type { AppContext } from '../app-context.ts';
import { jobQueueInstalled, type JobRow, type JobState, listJobs } from './job-queue.repo.ts';
import { jobsSchemaOf } from './job-settings.ts';

export type { JobRow, JobState } from './job-queue.repo.ts';

export const JOB_STATES = ['queued', 'running', 'retrying', 'failed'] as const satisfies readonly JobState[];

export interface ListQueuedJobsInput {
  state?: JobState;
  task?: string;
  /** At most this many (default 100, at most 1000), earliest run time first. */
  limit?: number;
}

/**
 * The jobs in the queue (`revbridge jobs`, `GET /jobs`): waiting, running, retrying or failed. Finished
 * jobs are not kept (graphile deletes a job when it succeeds); their effects are in the store. Empty when
 * no hub or worker has installed the queue yet.
 */
export async function listQueuedJobs(ctx: AppContext, input: ListQueuedJobsInput = {}): Promise<JobRow[]> {
  const schema = jobsSchemaOf(ctx);
  if (!(await jobQueueInstalled(ctx.db, schema))) return [];
  const limit = Math.min(Math.max(input.limit ?? 100, 1), 1000);
  return listJobs(ctx.db, schema, { state: input.state, task: input.task, limit });
}
