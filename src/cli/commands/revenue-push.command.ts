import type { Command } from 'commander';
import { fail } from '../../domain/errors.ts';
import type { CliRunner } from '../cli-runner.ts';
import { table } from '../output.ts';
import { syncOutput } from './sync.command.ts';

/** `revenue push`, `revenue conflicts [resolve]`: contracts changed in revbridge, to Salesforce. */
export function registerRevenuePushCommands(revenue: Command, run: CliRunner): void {
  revenue
    .command('push')
    .description(
      'contracts made or changed in revbridge to Salesforce opportunities and line items, field by field; conflicts are listed, never overwritten',
    )
    .option('--dry-run', 'show what would be created, changed or refused, per contract, and write nothing')
    .action((o: { dryRun?: boolean }) =>
      run.withContext(async (ctx) => {
        const { pushContracts } = await import('../../revenue/push/push-contracts.ts');
        return syncOutput(await pushContracts(ctx, { dryRun: o.dryRun, trigger: 'cli' }));
      }),
    );

  revenue
    .command('conflicts')
    .description(
      "fields changed both in revbridge and in Salesforce since they last agreed; `conflicts resolve <contract> --keep revbridge|salesforce` settles one contract's",
    )
    .argument('[resolve]', "`resolve` to settle a contract's conflicts")
    .argument('[contract]', 'contract id or opportunity id')
    .option(
      '--keep <side>',
      "revbridge (the next push sends revbridge's values) or salesforce (the contract becomes the opportunity again)",
    )
    .action((verb: string | undefined, ref: string | undefined, o: { keep?: string }) =>
      run.withContext(async (ctx) => {
        const { CONFLICT_SIDES, resolveConflicts, revenueConflicts } =
          await import('../../revenue/conflicts/resolve-conflicts.ts');
        if (verb !== undefined) {
          const keep = CONFLICT_SIDES.find((side) => side === o.keep);
          if (verb !== 'resolve' || ref === undefined || !keep) {
            fail(
              'validation_failed',
              'Use `revenue conflicts` to list, or `revenue conflicts resolve <contract> --keep revbridge|salesforce`.',
            );
          }
          const resolved = await resolveConflicts(ctx, ref, keep);
          return {
            data: resolved,
            human:
              keep === 'revbridge'
                ? `contract ${resolved.contractId}: ${resolved.fields.join(', ')} resolved, revbridge's values kept (\`revbridge revenue push\` sends them)`
                : `contract ${resolved.contractId}: ${resolved.fields.join(', ') || 'nothing in conflict any more'} resolved, Salesforce's values kept (revbridge's other changes, if any, still go with \`revbridge revenue push\`)`,
          };
        }
        const open = await revenueConflicts(ctx);
        return {
          data: open,
          human: table(
            open,
            [
              { header: 'CONTRACT', value: (c) => c.contractId },
              { header: 'NAME', value: (c) => c.contract },
              { header: 'FIELD', value: (c) => c.salesforceField },
              { header: 'AGREED', value: (c) => c.synced },
              { header: 'REVBRIDGE', value: (c) => c.revbridge },
              { header: 'SALESFORCE', value: (c) => c.salesforce },
            ],
            'no conflicts',
          ),
        };
      }),
    );
}
