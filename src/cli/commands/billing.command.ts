import type { Command } from 'commander';
import { runBilling } from '../../billing/billing-run/run-billing.ts';
import { parseDate } from '../../billing/input/date-input.ts';
import { toJsonView } from '../../billing/json-view.ts';
import type { CliRunner } from '../cli-runner.ts';
import { renderHuman, table } from '../output.ts';

export function registerBillingCommand(program: Command, run: CliRunner): void {
  const billing = program.command('billing').description('the billing run');

  billing
    .command('run')
    .description(
      'invoice every account with charges due in the period containing --date (repeatable: a second run adds nothing)',
    )
    .requiredOption(
      '--date <date>',
      'run date YYYY-MM-DD: the invoice date, and the day whose billing period is billed',
    )
    .action((o: { date: string }) =>
      run.withContext(async (ctx) => {
        // Checked here too, so a date the store cannot hold (0000-01-31) is a coded error naming the flag.
        const date = parseDate(o.date, '--date');
        const result = toJsonView(await runBilling(ctx, { date }));
        const totals = table(
          Object.entries(result.totalsByCurrency).map(([currency, t]) => ({ currency, ...t })),
          [
            { header: 'CURRENCY', value: (t) => t.currency },
            { header: 'INVOICES', value: (t) => t.invoices },
            { header: 'SUBTOTAL', value: (t) => t.subtotal },
            { header: 'TAX', value: (t) => t.tax },
            { header: 'TOTAL', value: (t) => t.total },
          ],
        );
        const head =
          `billing run ${result.runId} for ${result.date} (monthly period ${result.period.start}..${result.period.end}): ` +
          `${result.invoicesCreated} invoices, ${result.linesCreated} lines` +
          (result.unpricedCharges > 0 ? `; ${result.unpricedCharges} charges left out (no price)` : '');
        return {
          data: result,
          human: result.invoicesCreated === 0 ? head : `${head}\n${renderHuman({ data: null, human: totals })}`,
        };
      }),
    );
}
