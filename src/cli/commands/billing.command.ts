import type { Command } from 'commander';
import { runBilling } from '../../billing/billing-run/run-billing.ts';
import { toJsonView } from '../../billing/json-view.ts';
import type { CliRunner } from '../cli-runner.ts';
import { renderHuman, table } from '../output.ts';

export function registerBillingCommand(program: Command, run: CliRunner): void {
  const billing = program.command('billing').description('the billing run');

  billing
    .command('run')
    .description(
      'invoice everything due by --date and not yet billed: recurring in advance up to the current period, ' +
        'usage for ended periods, adjustments, late usage (repeatable: a second run adds nothing)',
    )
    .requiredOption('--date <date>', 'run date YYYY-MM-DD (the invoice date); not after today')
    .option('--allow-future-date', 'allow a run date after today (test clocks and rehearsals only)')
    .action((o: { date: string; allowFutureDate?: boolean }) =>
      run.withContext(async (ctx) => {
        const result = toJsonView(await runBilling(ctx, { date: o.date, allowFutureDate: o.allowFutureDate }));
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
          (result.lines.adjustments + result.lines.lateUsage > 0
            ? ` (${result.lines.adjustments} adjustments, ${result.lines.lateUsage} late usage)`
            : '') +
          (result.unpricedCharges > 0 ? `; ${result.unpricedCharges} charges left out (no price)` : '');
        return {
          data: result,
          human: result.invoicesCreated === 0 ? head : `${head}\n${renderHuman({ data: null, human: totals })}`,
        };
      }),
    );
}
