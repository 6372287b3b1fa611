import type { Command } from 'commander';
import { runBilling } from '../../billing/billing-run/run-billing.ts';
import type { UntaxedSummary } from '../../billing/billing-run/untaxed-accounts.repo.ts';
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
          `billing run ${result.runId} for ${result.date}: ` +
          `${count(result.invoicesCreated, 'invoice')}, ${count(result.linesCreated, 'line')}` +
          (result.lines.adjustments + result.lines.lateUsage > 0
            ? ` (${count(result.lines.adjustments, 'adjustment')}, ${result.lines.lateUsage} late usage)`
            : '') +
          (result.unpricedCharges > 0 ? `; ${result.unpricedCharges} charges left out (no price)` : '') +
          untaxedText(result.untaxed);
        return {
          data: result,
          human: result.invoicesCreated === 0 ? head : `${head}\n${renderHuman({ data: null, human: totals })}`,
        };
      }),
    );
}

/** "1 invoice", "2 invoices". */
function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** "2 accounts invoiced without tax: A-1 (no country on A-1), A-2 (no rate for DE on the date)". */
function untaxedText(untaxed: UntaxedSummary): string {
  if (untaxed.accounts === 0) return '';
  const why = (e: UntaxedSummary['examples'][number]) =>
    e.reason === 'no_country'
      ? `no country on ${e.taxAccountNumber}`
      : `no ${e.jurisdiction} tax rate${e.taxAccountNumber === e.accountNumber ? '' : ` (via ${e.taxAccountNumber})`}`;
  const more = untaxed.accounts > untaxed.examples.length ? ', …' : '';
  return (
    `\nwarning: ${untaxed.accounts} account${untaxed.accounts === 1 ? '' : 's'} invoiced without tax: ` +
    untaxed.examples.map((e) => `${e.accountNumber} (${why(e)})`).join(', ') +
    more +
    " (set one with 'revbridge tax-rate set')"
  );
}
