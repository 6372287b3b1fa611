import type { Command } from 'commander';
import { fail } from '../../domain/errors.ts';
import { JOB_STATES, type JobState, listQueuedJobs } from '../../jobs/list-queued-jobs.ts';
import type { CliRunner } from '../cli-runner.ts';
import { table } from '../output.ts';

/** `revbridge jobs`: the job queue, as `GET /jobs` shows it. */
export function registerJobsCommand(program: Command, run: CliRunner): void {
  program
    .command('jobs')
    .description('jobs in the queue: queued, running, retrying or failed (finished jobs leave it)')
    .option('--state <state>', `only ${JOB_STATES.join(', ')}`)
    .option('--task <task>', 'only jobs of this task, e.g. billing_run')
    .option('--limit <n>', 'at most this many, earliest run time first (default 100, at most 1000)')
    .action((o: { state?: string; task?: string; limit?: string }) => {
      if (o.state !== undefined && !(JOB_STATES as readonly string[]).includes(o.state)) {
        fail('validation_failed', `--state must be one of ${JOB_STATES.join(', ')}.`, { field: 'state' });
      }
      const limit = o.limit === undefined ? undefined : Number(o.limit);
      if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1 && limit <= 1000)) {
        fail('validation_failed', '--limit must be an integer 1–1000.', { field: 'limit' });
      }
      return run.withContext(async (ctx) => {
        const jobs = await listQueuedJobs(ctx, { state: o.state as JobState | undefined, task: o.task, limit });
        return {
          data: { jobs },
          human: table(
            jobs,
            [
              { header: 'ID', value: (j) => j.id },
              { header: 'TASK', value: (j) => j.task },
              { header: 'KEY', value: (j) => j.key ?? '' },
              { header: 'STATE', value: (j) => j.state },
              { header: 'ATTEMPTS', value: (j) => `${j.attempts}/${j.maxAttempts}` },
              { header: 'RUN AT', value: (j) => j.runAt.toISOString() },
              { header: 'LAST ERROR', value: (j) => j.lastError ?? '' },
            ],
            'no jobs in the queue',
          ),
        };
      });
    });
}
