import { trimDecimal } from '../invoices/invoices.views.ts';
import type { TaxRateRow } from './tax-rates.repo.ts';

/** One version of a jurisdiction's flat tax rate. */
export interface TaxRateView {
  /** "US" or "US-CA". */
  jurisdiction: string;
  effectiveFrom: string;
  /** The last day in force (the day before the next version starts); null while it is the latest. */
  effectiveTo: string | null;
  /** A fraction as a decimal string: "0.0725" is 7.25 %. */
  rate: string;
  name: string | null;
}

export function toTaxRateView(row: TaxRateRow): TaxRateView {
  return {
    jurisdiction: row.jurisdiction,
    effectiveFrom: row.effective_from,
    effectiveTo: row.effective_to,
    rate: trimDecimal(row.rate),
    name: row.name,
  };
}
