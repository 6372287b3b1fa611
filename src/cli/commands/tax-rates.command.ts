import type { Command } from 'commander';
import { getTaxRate } from '../../billing/tax/get-tax-rate.ts';
import { listTaxRates } from '../../billing/tax/list-tax-rates.ts';
import { setTaxRate } from '../../billing/tax/set-tax-rate.ts';
import type { TaxRateView } from '../../billing/tax/tax-rates.views.ts';
import type { CliRunner } from '../cli-runner.ts';
import { renderHuman, table } from '../output.ts';

const versionTable = (rates: TaxRateView[], empty: string) =>
  table(
    rates,
    [
      { header: 'JURISDICTION', value: (r) => r.jurisdiction },
      { header: 'RATE', value: (r) => r.rate },
      { header: 'FROM', value: (r) => r.effectiveFrom },
      { header: 'TO', value: (r) => r.effectiveTo },
      { header: 'NAME', value: (r) => r.name },
    ],
    empty,
  );

export function registerTaxRatesCommand(program: Command, run: CliRunner): void {
  const taxRate = program
    .command('tax-rate')
    .description('flat tax rates per jurisdiction (country "US" or country-region "US-CA"), by effective date');

  taxRate
    .command('set <jurisdiction> <rate>')
    .description(
      'set a rate (a fraction: 0.0725 is 7.25 %) from a date; earlier versions stay, issued invoices keep their rate',
    )
    .requiredOption('--from <date>', 'first day the rate applies (YYYY-MM-DD)')
    .option('--name <text>', "what it is, e.g. 'California sales tax'")
    .action((jurisdiction: string, rate: string, o: { from: string; name?: string }) =>
      run.withContext(async (ctx) => {
        const { taxRate: set, created } = await setTaxRate(ctx, {
          jurisdiction,
          rate,
          effectiveFrom: o.from,
          name: o.name,
        });
        return {
          data: { ...set, created },
          human: `${set.jurisdiction} ${set.rate} from ${set.effectiveFrom}${created ? '' : ' (already set)'}`,
        };
      }),
    );

  taxRate
    .command('list')
    .description('every version by jurisdiction, or with --on the rate each jurisdiction has that day')
    .option('--jurisdiction <code>', 'only this jurisdiction')
    .option('--on <date>', 'only the version in force on this date')
    .action((o: { jurisdiction?: string; on?: string }) =>
      run.withContext(async (ctx) => {
        const rates = await listTaxRates(ctx, o);
        return { data: rates, human: versionTable(rates, 'no tax rates') };
      }),
    );

  taxRate
    .command('show <jurisdiction>')
    .description("a jurisdiction's versions and the rate in force on a day")
    .option('--on <date>', 'the day (default today)')
    .action((jurisdiction: string, o: { on?: string }) =>
      run.withContext(async (ctx) => {
        const detail = await getTaxRate(ctx, { jurisdiction, on: o.on });
        const head = `${detail.jurisdiction} on ${detail.on}: ${detail.current ? detail.current.rate : 'no rate in force'}`;
        return {
          data: detail,
          human: `${head}\n\n${renderHuman({ data: null, human: versionTable(detail.versions, '') })}`,
        };
      }),
    );
}
