import type { Command } from 'commander';
import type { CliRunner } from '../cli-runner.ts';
import { syncOutput } from './sync.command.ts';

export function registerLinkCommand(program: Command, run: CliRunner): void {
  const link = program
    .command('link')
    .description('link an existing Salesforce record to an existing billing record instead of creating another');
  link
    .command('account <salesforceId> <billingAccount>')
    .description(
      "link a Salesforce account to a billing account (id or number); billing's email, cycle and category win",
    )
    .action((salesforceId: string, account: string) =>
      run.withContext(async (ctx) => {
        const { linkAccount } = await import('../../sync/flows/account-push/link-account.ts');
        return syncOutput(await linkAccount(ctx, { salesforceId, account }));
      }),
    );
}
