import type { z } from 'zod';
import type { AppContext } from '../app-context.ts';

/** What a running task knows about its job, beyond the payload. */
export interface TaskHelpers {
  jobId: string;
  /** 1 on the first run, 2 on the first retry, and so on. */
  attempt: number;
  maxAttempts: number;
  jobKey: string | null;
  /** Aborted when the worker is stopping and its grace time is over; a long task should give up then. */
  abortSignal: AbortSignal;
}

/**
 * A queue task: the queued twin of one use-case. `payload` is what a job carries (plain JSON, checked on
 * enqueue and again when the job runs, since the row may predate a change of schema); `run` calls the
 * use-case with a context whose logger is scoped to the job.
 */
export interface TaskDefinition<Name extends string = string, Schema extends z.ZodType = z.ZodType> {
  /** graphile-worker's task identifier, snake_case after the use-case: `billing_run` for `runBilling`. */
  name: Name;
  description: string;
  payload: Schema;
  run(ctx: AppContext, payload: z.output<Schema>, helpers: TaskHelpers): Promise<void>;
}

/** Declares a task, keeping its literal name and payload type for `enqueueJob`. */
export function defineTask<const Name extends string, Schema extends z.ZodType>(
  task: TaskDefinition<Name, Schema>,
): TaskDefinition<Name, Schema> {
  return task;
}
