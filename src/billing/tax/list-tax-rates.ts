import type { AppContext } from '../../app-context.ts';
import { parseJurisdiction } from '../../domain/tax.ts';
import { parseDate } from '../input/date-input.ts';
import { listTaxRateRows } from './tax-rates.repo.ts';
import { type TaxRateView, toTaxRateView } from './tax-rates.views.ts';

export interface ListTaxRatesInput {
  /** Only this jurisdiction's versions ("US-CA"). */
  jurisdiction?: string;
  /** Only the version of each jurisdiction in force on this date. */
  on?: string;
}

/** Tax rate versions by jurisdiction, oldest first; with `on`, what a billing run dated that day applies. */
export async function listTaxRates(ctx: AppContext, input: ListTaxRatesInput = {}): Promise<TaxRateView[]> {
  const jurisdiction = input.jurisdiction === undefined ? undefined : parseJurisdiction(input.jurisdiction);
  const on = input.on === undefined ? undefined : parseDate(input.on, 'on');
  return (await listTaxRateRows(ctx.db, { jurisdiction, on })).map(toTaxRateView);
}
