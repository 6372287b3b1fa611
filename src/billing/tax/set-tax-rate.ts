import type { AppContext } from '../../app-context.ts';
import { fail } from '../../domain/errors.ts';
import { decimal } from '../../domain/rate.ts';
import { parseJurisdiction, parseTaxRate } from '../../domain/tax.ts';
import { optionalText } from '../input/text-input.ts';
import { parseDate } from '../input/date-input.ts';
import { insertTaxRateVersion, listTaxRateRows } from './tax-rates.repo.ts';
import { type TaxRateView, toTaxRateView } from './tax-rates.views.ts';

export interface SetTaxRateInput {
  /** "US", "US-CA", or a country as people write it ("usa-ca", "Germany"). */
  jurisdiction: string;
  /** A fraction in [0, 1), at most 6 decimals: "0.0725" for 7.25 %. "0" ends taxation from the date. */
  rate: string;
  effectiveFrom: string;
  /** e.g. "California sales tax". */
  name?: string | null;
}

export interface SetTaxRateResult {
  taxRate: TaxRateView;
  /** false when the same rate was already set from that date (a repeated call). */
  created: boolean;
}

/**
 * Sets a jurisdiction's rate from a date by adding a version; earlier versions stay, so a run for an earlier
 * date still taxes at the rate of its day. A version is never changed once created — a billing run may
 * already have taxed invoices with it — so a different rate on a day that already has a version is refused
 * (`validation_failed` on effectiveFrom): add a version from another day instead. To stop taxing a
 * jurisdiction, set rate 0 from a date. Issued invoice lines keep the rate they were taxed at, whatever
 * version is added later, even one dated before them.
 */
export async function setTaxRate(ctx: AppContext, input: SetTaxRateInput): Promise<SetTaxRateResult> {
  const jurisdiction = parseJurisdiction(input.jurisdiction);
  const rate = parseTaxRate(input.rate);
  const effectiveFrom = parseDate(input.effectiveFrom, 'effectiveFrom');
  const name = optionalText(input.name, 'name', 200);
  const created = await insertTaxRateVersion(ctx.db, { jurisdiction, effective_from: effectiveFrom, rate, name });
  const [row] = (await listTaxRateRows(ctx.db, { jurisdiction })).filter((r) => r.effective_from === effectiveFrom);
  if (!created) {
    const same = decimal(row.rate).equals(decimal(rate)) && (input.name == null || row.name === name);
    if (!same) {
      fail(
        'validation_failed',
        `${jurisdiction} already has a rate from ${effectiveFrom} (${row.rate}); a rate version never changes, ` +
          'so set the new rate from another day.',
        { field: 'effectiveFrom', jurisdiction, effectiveFrom },
      );
    }
  }
  return { taxRate: toTaxRateView(row), created };
}
