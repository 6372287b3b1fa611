import type { WriteContext } from '../records/write-context.ts';
import type { SfRecord } from '../store/record-store.ts';

/** Lookups shared by the price book, entry, product and line-item rules. */

export function liveRow(ctx: WriteContext, object: string, id: unknown): SfRecord | undefined {
  return typeof id === 'string' ? ctx.org.store.get(object, id) : undefined;
}

/** The record's currency; without multi-currency (or on rows older than it) the corporate currency. */
export function currencyOf(ctx: WriteContext, row: SfRecord): string {
  return typeof row.CurrencyIsoCode === 'string' ? row.CurrencyIsoCode : ctx.org.settings.currencies[0];
}

/** Every live price book entry of a product, in any price book and currency. */
export function entriesOfProduct(ctx: WriteContext, productId: unknown): SfRecord[] {
  if (typeof productId !== 'string') return [];
  const ids = ctx.org.store.childIds('PricebookEntry', 'Product2Id', productId);
  return [...ids].flatMap((id) => ctx.org.store.get('PricebookEntry', id) ?? []);
}

export function findEntry(
  ctx: WriteContext,
  pricebookId: unknown,
  productId: unknown,
  currency: string,
): SfRecord | undefined {
  return entriesOfProduct(ctx, productId).find(
    (e) => e.Pricebook2Id === pricebookId && currencyOf(ctx, e) === currency,
  );
}

export function isStandardPricebook(ctx: WriteContext, pricebookId: unknown): boolean {
  return liveRow(ctx, 'Pricebook2', pricebookId)?.IsStandard === true;
}

/** The product's entry in the standard price book for a currency, active or not. */
export function standardEntry(ctx: WriteContext, productId: unknown, currency: string): SfRecord | undefined {
  return entriesOfProduct(ctx, productId).find(
    (e) => isStandardPricebook(ctx, e.Pricebook2Id) && currencyOf(ctx, e) === currency,
  );
}

/** Live line items of an opportunity. */
export function linesOf(ctx: WriteContext, opportunityId: string): SfRecord[] {
  const ids = ctx.org.store.childIds('OpportunityLineItem', 'OpportunityId', opportunityId);
  return [...ids].flatMap((id) => ctx.org.store.get('OpportunityLineItem', id) ?? []);
}

export function hasLines(ctx: WriteContext, opportunityId: string): boolean {
  return ctx.org.store.childIds('OpportunityLineItem', 'OpportunityId', opportunityId).size > 0;
}
