import { multiply } from '../decimal.ts';
import { SfError } from '../errors.ts';
import type { SfRecord } from '../store/record-store.ts';
import { discountedTotal, unitFromTotal } from './money.ts';

/**
 * OpportunityLineItem prices. A request gives UnitPrice (sales price) or TotalPrice, not both;
 * the platform derives the other and Subtotal, exactly:
 *   Subtotal   = Quantity × UnitPrice
 *   TotalPrice = Quantity × UnitPrice × (1 − Discount/100), rounded to 2 places
 *   UnitPrice  = TotalPrice / Quantity (rounded to 2 places) when TotalPrice is what was given; the
 *                given TotalPrice is kept as is.
 * Neither given → UnitPrice is the list price. On update, a changed TotalPrice drives; otherwise
 * UnitPrice is held and TotalPrice follows Quantity and Discount (as Salesforce documents for Discount).
 */

const given = (v: unknown): v is number => typeof v === 'number';

/**
 * Both prices on insert: `FIELD_INTEGRITY_EXCEPTION` "field integrity exception: TotalPrice (total
 * price must not be specified when unit price is specified)" [TotalPrice] — APPROXIMATE wording.
 */
function rejectBothPricesOnInsert(row: SfRecord): void {
  if (given(row.UnitPrice) && given(row.TotalPrice)) {
    throw new SfError(
      'FIELD_INTEGRITY_EXCEPTION',
      'field integrity exception: TotalPrice (total price must not be specified when unit price is specified)',
      400,
      ['TotalPrice'],
    );
  }
}

/**
 * Both prices changed in one update: `INVALID_FIELD` "Cannot change both 'UnitPrice' and 'TotalPrice'
 * in update call" [UnitPrice] (text as reported from real orgs).
 */
function rejectBothPricesOnUpdate(row: SfRecord, old: SfRecord): boolean {
  const unitChanged = row.UnitPrice !== old.UnitPrice;
  const totalChanged = row.TotalPrice !== old.TotalPrice;
  if (unitChanged && totalChanged && given(row.UnitPrice) && given(row.TotalPrice)) {
    throw new SfError('INVALID_FIELD', "Cannot change both 'UnitPrice' and 'TotalPrice' in update call", 400, [
      'UnitPrice',
    ]);
  }
  return totalChanged && given(row.TotalPrice);
}

/**
 * Quantity zero: `FIELD_INTEGRITY_EXCEPTION` "field integrity exception: Quantity (quantity must be
 * non-zero)" [Quantity] — APPROXIMATE wording. (Negative quantities are allowed, as in Salesforce.)
 */
function requireNonZeroQuantity(row: SfRecord): void {
  if (row.Quantity === 0) {
    throw new SfError(
      'FIELD_INTEGRITY_EXCEPTION',
      'field integrity exception: Quantity (quantity must be non-zero)',
      400,
      ['Quantity'],
    );
  }
}

function applyPrices(row: SfRecord, totalDrives: boolean): void {
  if (!given(row.Quantity)) return; // REQUIRED_FIELD_MISSING [Quantity] follows from the schema
  requireNonZeroQuantity(row);
  const discount = given(row.Discount) ? row.Discount : null;
  if (totalDrives && given(row.TotalPrice)) {
    row.UnitPrice = unitFromTotal(row.TotalPrice, row.Quantity);
  } else {
    const unit = given(row.UnitPrice) ? row.UnitPrice : given(row.ListPrice) ? row.ListPrice : null;
    row.UnitPrice = unit;
    row.TotalPrice = unit === null ? null : discountedTotal(row.Quantity, unit, discount);
  }
  row.Subtotal = given(row.UnitPrice) ? multiply(row.Quantity, row.UnitPrice, 2) : null;
}

export function priceNewLine(row: SfRecord): void {
  rejectBothPricesOnInsert(row);
  applyPrices(row, given(row.TotalPrice));
}

export function repriceLine(row: SfRecord, old: SfRecord): void {
  const totalDrives = rejectBothPricesOnUpdate(row, old);
  applyPrices(row, totalDrives || (!given(row.UnitPrice) && given(row.TotalPrice)));
}
