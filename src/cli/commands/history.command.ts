import type { Command } from 'commander';
import type { SyncHistory } from '../../sync/history/list-sync-history.ts';
import type { CliRunner } from '../cli-runner.ts';
import { renderHuman, table } from '../output.ts';

export function registerHistoryCommand(program: Command, run: CliRunner): void {
  program
    .command('history')
    .description('the integration history: sync runs and what happened to each record')
    .option('--failed', 'only runs that did not fully succeed, and the records that failed or were deferred')
    .option('--run <id>', 'one run and its records')
    .option('--limit <n>', 'how many runs (default 20)')
    .action((o: { failed?: boolean; run?: string; limit?: string }) =>
      run.withContext(async (ctx) => {
        const { listSyncHistory } = await import('../../sync/history/list-sync-history.ts');
        const history = await listSyncHistory(ctx, {
          failed: o.failed,
          runId: o.run,
          limit: o.limit === undefined ? undefined : Number(o.limit),
        });
        return { data: history, human: historyText(history) };
      }),
    );
}

function historyText(history: SyncHistory): string {
  const runs = table(
    history.runs,
    [
      { header: 'RUN', value: (r) => r.runId },
      { header: 'FLOW', value: (r) => (r.dryRun ? `${r.flow} (dry run)` : r.flow) },
      { header: 'TRIGGER', value: (r) => r.trigger },
      { header: 'STATUS', value: (r) => r.status },
      { header: 'CREATED', value: (r) => r.counts.created },
      { header: 'UPDATED', value: (r) => r.counts.updated },
      { header: 'UNCHANGED', value: (r) => r.counts.unchanged },
      { header: 'FAILED', value: (r) => r.counts.failed },
      { header: 'DEFERRED', value: (r) => r.counts.deferred },
      { header: 'API CALLS', value: (r) => r.apiCalls },
      { header: 'RETRIES', value: (r) => r.retries.length },
      { header: 'STARTED', value: (r) => r.startedAt },
      { header: 'ERROR', value: (r) => (r.error ? `${r.error.code}: ${r.error.message}` : '') },
    ],
    'no sync runs yet',
  );
  const parts = [renderHuman({ data: null, human: runs })];
  if (history.records.length > 0) {
    const records = table(history.records, [
      { header: 'RUN', value: (r) => r.runId },
      { header: 'OUTCOME', value: (r) => r.outcome },
      { header: 'OBJECT', value: (r) => r.object },
      { header: 'NAME', value: (r) => r.label },
      { header: 'SALESFORCE ID', value: (r) => r.salesforceId },
      {
        header: 'DETAIL',
        value: (r) =>
          r.error ? `${r.error.code}: ${r.error.message}` : r.diff ? JSON.stringify(r.diff) : r.warnings.join(' '),
      },
    ]);
    parts.push(renderHuman({ data: null, human: records }));
  }
  return parts.join('\n\n');
}
