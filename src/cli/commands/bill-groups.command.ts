import type { Command } from 'commander';
import { addBillGroup } from '../../billing/reference-lists/add-bill-group.ts';
import { listBillGroups } from '../../billing/reference-lists/list-bill-groups.ts';
import { removeBillGroup } from '../../billing/reference-lists/remove-bill-group.ts';
import type { CliRunner } from '../cli-runner.ts';
import { table } from '../output.ts';

export function registerBillGroupsCommand(program: Command, run: CliRunner): void {
  const group = program
    .command('bill-group')
    .description("bill groups billing defines (an account's --bill-group; Salesforce's Bill Group picklist)");

  group
    .command('list')
    .description('every bill group, with how many accounts set it')
    .action(() =>
      run.withContext(async (ctx) => {
        const groups = await listBillGroups(ctx);
        return {
          data: groups,
          human: table(
            groups,
            [
              { header: 'CODE', value: (g) => g.code },
              { header: 'NAME', value: (g) => g.name },
              { header: 'ACCOUNTS', value: (g) => g.accounts },
            ],
            'no bill groups',
          ),
        };
      }),
    );

  group
    .command('add <code>')
    .description('add a bill group (then `revbridge salesforce metadata` and deploy, for Salesforce to offer it)')
    .option('--name <text>', 'the label Salesforce shows (default the code)')
    .action((code: string, o: { name?: string }) =>
      run.withContext(async (ctx) => {
        const { value, created } = await addBillGroup(ctx, { code, name: o.name });
        return {
          data: { ...value, created },
          human: `bill group ${value.code} (${value.name})${created ? ' added' : ' already there'}`,
        };
      }),
    );

  group
    .command('remove <code>')
    .description('remove a bill group no account sets')
    .action((code: string) =>
      run.withContext(async (ctx) => {
        const result = await removeBillGroup(ctx, code);
        return { data: result, human: `bill group ${result.removed} removed` };
      }),
    );
}
