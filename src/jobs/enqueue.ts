import type { AppContext } from '../app-context.ts';
import { fail } from '../domain/errors.ts';
import { addJob } from './job-queue.repo.ts';
import { jobsSchemaOf, payloadProblems } from './job-settings.ts';
import { findTask, type TaskName, type TaskPayload } from './task-registry.ts';

export interface EnqueueOptions {
  /**
   * Idempotency key (graphile's job_key), e.g. `billing_run:2026-01-31`: while a job with this key waits,
   * enqueueing again updates that job instead of adding one (see `addJob` for what happens while it runs).
   */
  jobKey?: string;
  /** Not before this instant (default: now). */
  runAt?: Date;
  /** Attempts before the job is kept as failed (default 25, graphile's; a retry waits exp(attempt) s). */
  maxAttempts?: number;
}

export interface EnqueuedJob {
  id: string;
  task: TaskName;
  key: string | null;
  runAt: Date;
  /** False when the key matched a job that was still waiting: that job was updated, none was added. */
  created: boolean;
}

/** graphile stores max_attempts as smallint; more than this many retries would wait longer than a day. */
const MAX_ATTEMPTS = 25;
const MAX_JOB_KEY_LENGTH = 512;

/**
 * Queues a job for `task` after checking `payload` against the task's schema (`job_payload_invalid`
 * otherwise, nothing queued). On `ctx.db`, so inside a transaction the job commits with the caller's
 * writes. Any revbridge worker on the same store runs it once (see start-worker.ts).
 *
 * @example
 * await enqueueJob(ctx, 'billing_run', { date: '2026-01-31' }, { jobKey: 'billing_run:2026-01-31' });
 */
export async function enqueueJob<N extends TaskName>(
  ctx: AppContext,
  taskName: N,
  payload: TaskPayload<N>,
  options: EnqueueOptions = {},
): Promise<EnqueuedJob> {
  const task = findTask(taskName) ?? fail('job_task_unknown', `No queue task is named "${taskName}".`);
  const parsed = task.payload.safeParse(payload);
  if (!parsed.success) {
    const problems = payloadProblems(parsed.error);
    fail(
      'job_payload_invalid',
      `The payload of ${task.name} is not valid: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}.`,
      { task: task.name, issues: problems },
    );
  }
  const { jobKey, runAt, maxAttempts } = options;
  if (jobKey !== undefined && (jobKey.trim() === '' || jobKey.length > MAX_JOB_KEY_LENGTH)) {
    fail('validation_failed', `A job key is 1–${MAX_JOB_KEY_LENGTH} characters.`, { field: 'jobKey' });
  }
  if (
    maxAttempts !== undefined &&
    !(Number.isInteger(maxAttempts) && maxAttempts >= 1 && maxAttempts <= MAX_ATTEMPTS)
  ) {
    fail('validation_failed', `maxAttempts is an integer 1–${MAX_ATTEMPTS}.`, { field: 'maxAttempts' });
  }
  if (runAt !== undefined && Number.isNaN(runAt.getTime())) {
    fail('validation_failed', 'runAt is not a valid instant.', { field: 'runAt' });
  }
  const schema = jobsSchemaOf(ctx);
  try {
    // The parsed payload is stored: what the worker parses again is what was checked here.
    const job = await addJob(ctx.db, schema, { task: task.name, payload: parsed.data, jobKey, runAt, maxAttempts });
    ctx.logger.debug({ task: task.name, jobId: job.id, jobKey: job.key, revision: job.revision }, 'job enqueued');
    return { id: job.id, task: taskName, key: job.key, runAt: job.runAt, created: job.revision === 0 };
  } catch (error) {
    // 3F000: no such schema; 42883: no add_job function in it. Either way graphile never installed here.
    const code = (error as { code?: string }).code;
    if (code === '3F000' || code === '42883') {
      fail('job_queue_not_installed', undefined, { schema });
    }
    throw error;
  }
}
