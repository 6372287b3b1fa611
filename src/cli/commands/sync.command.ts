import type { Command } from 'commander';
import type { SyncRunResult } from '../../sync/engine/recorded-run.ts';
import type { CliRunner } from '../cli-runner.ts';
import { type CommandOutput, renderHuman, table } from '../output.ts';
import { progressBar } from '../progress-bar.ts';

export function registerSyncCommand(program: Command, run: CliRunner): void {
  const sync = program.command('sync').description('sync Salesforce and billing now (the buttons, from a terminal)');

  sync
    .command('accounts')
    .description(
      'flagged Salesforce accounts (with their parents) and contacts into billing; state back on the records',
    )
    .option('--dry-run', 'show what would be created or changed, per record, and write nothing')
    .action((o: { dryRun?: boolean }) =>
      run.withContext(async (ctx) => {
        const { syncAccounts } = await import('../../sync/flows/account-push/sync-accounts.ts');
        const bar = run.json ? undefined : progressBar('records');
        try {
          return syncOutput(await syncAccounts(ctx, { dryRun: o.dryRun, trigger: 'cli', onProgress: bar?.update }));
        } finally {
          bar?.done();
        }
      }),
    );

  sync
    .command('catalog')
    .description(
      "billing's catalog into Salesforce's integrated price book: products, Product Services, price book entries",
    )
    .option('--dry-run', 'preview: what would be created, changed or retired, old → new, and write nothing')
    .action((o: { dryRun?: boolean }) =>
      run.withContext(async (ctx) => {
        const { pullCatalog } = await import('../../sync/flows/catalog-pull/pull-catalog.ts');
        return syncOutput(await pullCatalog(ctx, { dryRun: o.dryRun, trigger: 'cli' }));
      }),
    );

  sync
    .command('rollups')
    .description("billing's invoice roll-ups onto each linked Salesforce account, where the figures changed")
    .option('--dry-run', 'show which accounts would be written, and write nothing')
    .action((o: { dryRun?: boolean }) =>
      run.withContext(async (ctx) => {
        const { syncRollups } = await import('../../sync/flows/invoice-summary/sync-rollups.ts');
        return syncOutput(await syncRollups(ctx, { dryRun: o.dryRun, trigger: 'cli' }));
      }),
    );
}

/** A sync's result: one summary line, then the records that changed, failed or were skipped. */
export function syncOutput(result: SyncRunResult): CommandOutput {
  const { records, ...summary } = result;
  const counts = (c: SyncRunResult['counts']) =>
    `${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged, ${c.skipped} skipped, ${c.failed} failed, ${c.deferred} deferred`;
  const width = Math.max(8, ...Object.keys(result.objects).map((o) => o.length));
  const head = [
    `sync run ${result.runId} ${result.status}${result.dryRun ? ' (dry run: nothing was written)' : ''}, ${result.apiCalls} Salesforce API calls`,
    ...Object.entries(result.objects).map(([object, c]) => `  ${object.padEnd(width)}  ${counts(c)}`),
  ];
  if (result.error) head.push(`  stopped: ${result.error.code}: ${result.error.message}`);
  // A run's result carries its first outcomes only (see KEPT_OUTCOMES); the history has every one.
  const total = Object.values(result.counts).reduce((a, b) => a + b, 0);
  if (records.length < total) {
    head.push(
      `  the records below are the first ${records.length} of ${total}; \`revbridge history --run ${result.runId}\` lists them all`,
    );
  }
  // An unchanged record with a warning is still worth a line.
  const notable = records.filter((r) => r.outcome !== 'unchanged' || (r.warnings?.length ?? 0) > 0);
  const details = table(notable, [
    { header: result.dryRun ? 'WOULD BE' : 'OUTCOME', value: (r) => r.outcome },
    { header: 'OBJECT', value: (r) => r.object },
    { header: 'NAME', value: (r) => r.label },
    { header: 'SALESFORCE ID', value: (r) => r.salesforceId },
    { header: 'BILLING ID', value: (r) => r.billingId },
    {
      header: 'DETAIL',
      value: (r) =>
        r.errorCode
          ? `${r.errorCode}: ${r.errorMessage}`
          : r.diff
            ? Object.entries(r.diff)
                .map(([k, v]) => `${k}: ${String(v.from ?? '∅')} → ${String(v.to ?? '∅')}`)
                .join('; ')
            : (r.warnings ?? []).join(' '),
    },
  ]);
  return {
    data: { ...summary, records },
    human:
      notable.length > 0 ? `${head.join('\n')}\n\n${renderHuman({ data: null, human: details })}` : head.join('\n'),
  };
}
