import type { AppContext } from '../../app-context.ts';
import { today } from '../../domain/clock.ts';
import { fail } from '../../domain/errors.ts';
import { parseJurisdiction, versionInForce } from '../../domain/tax.ts';
import { parseDate } from '../input/date-input.ts';
import { listTaxRateRows } from './tax-rates.repo.ts';
import { type TaxRateView, toTaxRateView } from './tax-rates.views.ts';

export interface GetTaxRateInput {
  jurisdiction: string;
  /** The day whose rate `current` is (default: today). */
  on?: string;
}

export interface TaxRateDetail {
  jurisdiction: string;
  on: string;
  /** The version in force on `on`, null when every version starts later. */
  current: TaxRateView | null;
  versions: TaxRateView[];
}

/** One jurisdiction: every version, and the one in force on a day (`tax_rate_not_found` when it has none). */
export async function getTaxRate(ctx: AppContext, input: GetTaxRateInput): Promise<TaxRateDetail> {
  const jurisdiction = parseJurisdiction(input.jurisdiction);
  const on = input.on === undefined ? today(ctx.clock) : parseDate(input.on, 'on');
  const versions = (await listTaxRateRows(ctx.db, { jurisdiction })).map(toTaxRateView);
  if (versions.length === 0) {
    fail('tax_rate_not_found', `No tax rate is set for ${jurisdiction}.`, { jurisdiction });
  }
  return { jurisdiction, on, current: versionInForce(versions, on), versions };
}
