import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { JOB_STATES, type JobRow, listQueuedJobs } from '../../jobs/list-queued-jobs.ts';
import type { ApiApp } from '../api-app.ts';

const jobSchema = z.object({
  id: z.string(),
  task: z.string().meta({ examples: ['billing_run'] }),
  key: z
    .string()
    .nullable()
    .meta({ description: 'The idempotency key it was queued with', examples: ['billing_run:2026-01-31'] }),
  state: z.enum(JOB_STATES),
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  lastError: z
    .string()
    .nullable()
    .meta({ description: 'Why the last attempt failed (`code: message` for a coded failure)' }),
  runAt: z.string().meta({ description: 'When it runs (or ran, or retries)' }),
  lockedAt: z.string().nullable(),
  lockedBy: z.string().nullable().meta({ description: 'The worker pool running it' }),
  createdAt: z.string(),
});

function toJobJson(job: JobRow): z.infer<typeof jobSchema> {
  return {
    ...job,
    runAt: job.runAt.toISOString(),
    lockedAt: job.lockedAt?.toISOString() ?? null,
    createdAt: job.createdAt.toISOString(),
  };
}

/** The job queue: what waits, runs, retries or failed (finished jobs leave the queue). */
export function registerJobsRoutes(app: ApiApp, ctx: AppContext): void {
  app.get(
    '/jobs',
    {
      schema: {
        summary: 'Jobs in the queue: queued, running, retrying or failed, earliest run time first',
        tags: ['jobs'],
        querystring: z.object({
          state: z.enum(JOB_STATES).optional(),
          task: z.string().max(200).optional(),
          limit: z.coerce.number().int().min(1).max(1000).optional().meta({ description: 'Default 100' }),
        }),
        response: { 200: z.object({ jobs: z.array(jobSchema) }) },
      },
    },
    async (request) => ({ jobs: (await listQueuedJobs(ctx, request.query)).map(toJobJson) }),
  );
}
