import type { Command } from 'commander';
import type { CliRunner } from '../cli-runner.ts';
import { renderHuman } from '../output.ts';
import { progressBar } from '../progress-bar.ts';
import { syncOutput } from './sync.command.ts';

export function registerPushCommand(program: Command, run: CliRunner): void {
  const push = program
    .command('push')
    .description('push a Salesforce record into billing now (the buttons, from a terminal)');

  push
    .command('opportunity')
    .description(
      "a Closed-Won opportunity into billing: its account (brought along if needed) and its negotiated service prices as the account's price plan",
    )
    .argument('<opportunityId>', 'the Salesforce Opportunity id')
    .option('--dry-run', 'check it and show what would be recorded, and write nothing')
    .action((id: string, o: { dryRun?: boolean }) =>
      run.withContext(async (ctx) => {
        const { pushOpportunity } = await import('../../sync/flows/opportunity-push/push-opportunity.ts');
        const { failedRunError } = await import('../../sync/engine/recorded-run.ts');
        const result = await pushOpportunity(ctx, id, { dryRun: o.dryRun, trigger: 'cli' });
        const error = failedRunError(result);
        if (error) throw error;
        const summary = syncOutput(result);
        const plan = result.pricePlanId
          ? `price plan ${result.pricePlanId} on billing account ${result.billingAccount} (${result.process})`
          : `${result.process} on ${result.billingAccount ?? 'the account the push would bring along'}`;
        return {
          data: {
            ...(summary.data as object),
            pricePlanId: result.pricePlanId ?? null,
            billingAccount: result.billingAccount ?? null,
            process: result.process ?? null,
          },
          human: `${renderHuman(summary)}\n${plan}`,
        };
      }),
    );

  push
    .command('opportunities')
    .description(
      'every Closed-Won opportunity on the integrated price book not pushed yet, in one run (a refused one does not stop the rest)',
    )
    .option('--dry-run', 'check them and show what would be recorded, and write nothing')
    .action((o: { dryRun?: boolean }) =>
      run.withContext(async (ctx) => {
        const { pushOpportunities } = await import('../../sync/flows/opportunity-push/push-opportunities.ts');
        const bar = run.json ? undefined : progressBar('opportunities');
        try {
          return syncOutput(
            await pushOpportunities(ctx, { dryRun: o.dryRun, trigger: 'cli', onProgress: bar?.update }),
          );
        } finally {
          bar?.done();
        }
      }),
    );
}
