import type { Command } from 'commander';
import { addAccountCategory } from '../../billing/reference-lists/add-account-category.ts';
import { listAccountCategories } from '../../billing/reference-lists/list-account-categories.ts';
import { removeAccountCategory } from '../../billing/reference-lists/remove-account-category.ts';
import type { CliRunner } from '../cli-runner.ts';
import { table } from '../output.ts';

export function registerAccountCategoriesCommand(program: Command, run: CliRunner): void {
  const category = program
    .command('account-category')
    .description(
      "account categories billing defines (an account's --category; Salesforce's Billing Account Category picklist)",
    );

  category
    .command('list')
    .description('every account category, with its id and how many accounts are in it')
    .action(() =>
      run.withContext(async (ctx) => {
        const categories = await listAccountCategories(ctx);
        return {
          data: categories,
          human: table(
            categories,
            [
              { header: 'ID', value: (c) => c.id },
              { header: 'CODE', value: (c) => c.code },
              { header: 'NAME', value: (c) => c.name },
              { header: 'ACCOUNTS', value: (c) => c.accounts },
            ],
            'no account categories',
          ),
        };
      }),
    );

  category
    .command('add <code>')
    .description('add an account category (then `revbridge salesforce metadata` and deploy)')
    .option('--name <text>', 'the label Salesforce shows (default the code)')
    .action((code: string, o: { name?: string }) =>
      run.withContext(async (ctx) => {
        const { value, created } = await addAccountCategory(ctx, { code, name: o.name });
        return {
          data: { ...value, created },
          human: `account category ${value.code} (${value.name}, id ${value.id})${created ? ' added' : ' already there'}`,
        };
      }),
    );

  category
    .command('remove <code>')
    .description('remove an account category no account is in')
    .action((code: string) =>
      run.withContext(async (ctx) => {
        const result = await removeAccountCategory(ctx, code);
        return { data: result, human: `account category ${result.removed} removed` };
      }),
    );
}
