import type { Command } from 'commander';
import { addArTerm } from '../../billing/reference-lists/add-ar-term.ts';
import { listArTerms } from '../../billing/reference-lists/list-ar-terms.ts';
import { removeArTerm } from '../../billing/reference-lists/remove-ar-term.ts';
import type { CliRunner } from '../cli-runner.ts';
import { table } from '../output.ts';

export function registerArTermsCommand(program: Command, run: CliRunner): void {
  const term = program
    .command('ar-term')
    .description('named AR terms, e.g. "Net 30" = 30 days (Salesforce\'s AR Term picklist)');

  term
    .command('list')
    .description('every AR term by days, with how many accounts set that many days')
    .action(() =>
      run.withContext(async (ctx) => {
        const terms = await listArTerms(ctx);
        return {
          data: terms,
          human: table(
            terms,
            [
              { header: 'CODE', value: (t) => t.code },
              { header: 'DAYS', value: (t) => t.days },
              { header: 'ACCOUNTS', value: (t) => t.accounts },
            ],
            'no AR terms',
          ),
        };
      }),
    );

  term
    .command('add <code>')
    .description('add an AR term (each names a different number of days)')
    .requiredOption('--days <days>', 'whole days to pay, 0–365')
    .action((code: string, o: { days: string }) =>
      run.withContext(async (ctx) => {
        const { value, created } = await addArTerm(ctx, { code, days: Number(o.days) });
        return {
          data: { ...value, created },
          human: `AR term ${value.code} = ${value.days} days${created ? ' added' : ' already there'}`,
        };
      }),
    );

  term
    .command('remove <code>')
    .description('remove an AR term while no account sets its number of days')
    .action((code: string) =>
      run.withContext(async (ctx) => {
        const result = await removeArTerm(ctx, code);
        return { data: result, human: `AR term ${result.removed} removed` };
      }),
    );
}
