import type { Command } from 'commander';
import type { CliRunner } from '../cli-runner.ts';
import { progressBar } from '../progress-bar.ts';
import { syncOutput } from './sync.command.ts';

export function registerRetryCommand(program: Command, run: CliRunner): void {
  program
    .command('retry <target>')
    .description('sync again a failed record (its Salesforce id) or a run (its id: the failed and deferred records)')
    .option('--dry-run', 'show what the retry would do and write nothing')
    .action((target: string, o: { dryRun?: boolean }) =>
      run.withContext(async (ctx) => {
        const { retrySync } = await import('../../sync/retry-sync.ts');
        const bar = run.json ? undefined : progressBar('records');
        try {
          return syncOutput(await retrySync(ctx, { target, dryRun: o.dryRun, onProgress: bar?.update }));
        } finally {
          bar?.done();
        }
      }),
    );
}
