import { systemUpdate } from '../records/system-update.ts';
import type { WriteContext } from '../records/write-context.ts';
import type { SfRecord } from '../store/record-store.ts';
import { composeRules } from './compose.ts';
import { cascadeParentRules } from './deleting.ts';
import { entriesOfProduct } from './price-lookup.ts';
import type { ObjectRules } from './types.ts';

/**
 * Product2. `IsActive` defaults to false (schema). Deleting a product deletes its price book entries
 * (schema cascade) — the standard entry too, which on its own could not go while custom entries exist —
 * and fails while a line item uses one of them.
 */

/** PricebookEntry.Name and .ProductCode are read-only copies of the product's and follow its changes. */
function syncEntryNames(ctx: WriteContext, row: SfRecord, old: SfRecord): void {
  if (row.Name === old.Name && row.ProductCode === old.ProductCode) return;
  for (const entry of entriesOfProduct(ctx, row.Id)) {
    systemUpdate(ctx, 'PricebookEntry', entry.Id, { Name: row.Name, ProductCode: row.ProductCode ?? null });
  }
}

export const productRules: ObjectRules = composeRules(cascadeParentRules, {
  afterUpdate: (ctx, _obj, row, old) => syncEntryNames(ctx, row, old),
});
