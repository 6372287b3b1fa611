import { SfError } from '../errors.ts';
import { systemUpdate } from '../records/system-update.ts';
import type { WriteContext } from '../records/write-context.ts';
import type { SfRecord } from '../store/record-store.ts';
import { isDeleting } from './deleting.ts';
import {
  currencyOf,
  entriesOfProduct,
  findEntry,
  isStandardPricebook,
  liveRow,
  standardEntry,
} from './price-lookup.ts';
import type { ObjectRules } from './types.ts';

/**
 * PricebookEntry: a product's price in one price book and currency. Pricebook2Id, Product2Id and
 * CurrencyIsoCode are create-only in the schema; CurrencyIsoCode defaults to the corporate currency.
 * UnitPrice is required (schema) unless UseStandardPrice fills it here first.
 */

/** Name and ProductCode are read-only copies of the product's (kept in step by the Product2 rules). */
function copyProductFields(ctx: WriteContext, row: SfRecord): void {
  const product = liveRow(ctx, 'Product2', row.Product2Id);
  if (!product) return; // the reference check reports the bad Product2Id
  row.Name = product.Name;
  row.ProductCode = product.ProductCode ?? null;
}

/**
 * One entry per (price book, product, currency): `DUPLICATE_VALUE` "This price definition already
 * exists in this price book" with no fields (text as Salesforce's Apex errors show it).
 */
function rejectDuplicatePrice(ctx: WriteContext, row: SfRecord): void {
  const existing = findEntry(ctx, row.Pricebook2Id, row.Product2Id, currencyOf(ctx, row));
  if (existing && existing.Id !== row.Id) {
    throw new SfError('DUPLICATE_VALUE', 'This price definition already exists in this price book', 400, []);
  }
}

/**
 * A standard entry cannot use the standard price: `FIELD_INTEGRITY_EXCEPTION`. Salesforce's text is
 * "field integrity exception" plus a reason; the reason here is APPROXIMATE wording.
 */
function rejectStandardPriceOnStandardEntry(row: SfRecord): void {
  if (row.UseStandardPrice === true) {
    throw new SfError(
      'FIELD_INTEGRITY_EXCEPTION',
      'field integrity exception: UseStandardPrice (standard price book entries cannot use the standard price)',
      400,
      ['UseStandardPrice'],
    );
  }
}

/**
 * A custom-book entry needs a standard entry (active or not) for the same product and currency:
 * `STANDARD_PRICE_NOT_DEFINED` "No standard price defined for this product", no fields.
 */
function requireStandardPrice(ctx: WriteContext, row: SfRecord): SfRecord {
  const standard = standardEntry(ctx, row.Product2Id, currencyOf(ctx, row));
  if (!standard) throw new SfError('STANDARD_PRICE_NOT_DEFINED', 'No standard price defined for this product', 400, []);
  return standard;
}

/**
 * With UseStandardPrice, a custom entry's UnitPrice mirrors the standard entry's. Giving a different
 * UnitPrice at the same time fails with a bare `FIELD_INTEGRITY_EXCEPTION` "field integrity exception"
 * and no fields (as reported from real orgs).
 */
function mirrorStandardPrice(row: SfRecord, standard: SfRecord, priceGiven: boolean): void {
  if (row.UseStandardPrice !== true) return;
  if (priceGiven && row.UnitPrice !== standard.UnitPrice) {
    throw new SfError('FIELD_INTEGRITY_EXCEPTION', 'field integrity exception', 400, []);
  }
  row.UnitPrice = standard.UnitPrice;
}

function checkPrice(ctx: WriteContext, row: SfRecord, priceGiven: boolean): void {
  if (!liveRow(ctx, 'Pricebook2', row.Pricebook2Id)) return; // the reference check reports it
  rejectDuplicatePrice(ctx, row);
  if (isStandardPricebook(ctx, row.Pricebook2Id)) rejectStandardPriceOnStandardEntry(row);
  else mirrorStandardPrice(row, requireStandardPrice(ctx, row), priceGiven);
}

/** Custom entries that depend on a standard entry: same product and currency, in another book. */
function dependentEntries(ctx: WriteContext, standard: SfRecord): SfRecord[] {
  const currency = currencyOf(ctx, standard);
  return entriesOfProduct(ctx, standard.Product2Id).filter(
    (e) => e.Id !== standard.Id && currencyOf(ctx, e) === currency,
  );
}

/** A change of standard price flows to every custom entry that uses the standard price. */
function propagateStandardPrice(ctx: WriteContext, row: SfRecord, old: SfRecord): void {
  if (row.UnitPrice === old.UnitPrice || !isStandardPricebook(ctx, row.Pricebook2Id)) return;
  for (const entry of dependentEntries(ctx, row)) {
    if (entry.UseStandardPrice === true) systemUpdate(ctx, 'PricebookEntry', entry.Id, { UnitPrice: row.UnitPrice });
  }
}

/**
 * A standard entry cannot be deleted while custom entries for the same product and currency exist
 * (they would lose their standard price). `DELETE_FAILED` with APPROXIMATE wording. Deleting the
 * product removes all its entries together, so that cascade is allowed.
 */
function refuseStandardEntryDelete(ctx: WriteContext, row: SfRecord): void {
  if (!isStandardPricebook(ctx, row.Pricebook2Id) || isDeleting(ctx, row.Product2Id)) return;
  const dependents = dependentEntries(ctx, row);
  if (dependents.length === 0) return;
  const books = dependents.map((e) => String(liveRow(ctx, 'Pricebook2', e.Pricebook2Id)?.Name ?? e.Pricebook2Id));
  throw new SfError(
    'DELETE_FAILED',
    `Your attempt to delete ${String(row.Name ?? row.Id)} could not be completed because it is associated with the following price books: ${books.join(', ')}`,
  );
}

export const pricebookEntryRules: ObjectRules = {
  beforeInsert: (ctx, _obj, row) => {
    copyProductFields(ctx, row);
    checkPrice(ctx, row, row.UnitPrice !== null && row.UnitPrice !== undefined);
  },
  beforeUpdate: (ctx, _obj, row, old) => checkPrice(ctx, row, row.UnitPrice !== old.UnitPrice),
  afterUpdate: (ctx, _obj, row, old) => propagateStandardPrice(ctx, row, old),
  beforeDelete: (ctx, _obj, row) => refuseStandardEntryDelete(ctx, row),
};
