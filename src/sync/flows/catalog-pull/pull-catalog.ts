import type { AppContext } from '../../../app-context.ts';
import { listCatalog } from '../../../billing/catalog/list-catalog.ts';
import { recordedRun, type SyncRunResult } from '../../engine/recorded-run.ts';
import type { SyncOptions } from '../../engine/sync-context.ts';
import { insertOutcomes, type RecordOutcome } from '../../history/history.repo.ts';
import { applyEntries } from './apply-entries.ts';
import { applyProducts } from './apply-products.ts';
import { applyServices } from './apply-services.ts';
import { desiredPackage } from './desired-catalog.ts';
import { ensureIntegratedBook } from './integrated-book.ts';
import { readOrgCatalog } from './org-catalog.ts';

export { INTEGRATED_BOOK_NAME } from './integrated-book.ts';

const OBJECTS = {
  price_book: 'Pricebook2',
  product: 'Product2',
  product_service: 'Product_Service__c',
  pricebook_entry: 'PricebookEntry',
};

/**
 * Billing → Salesforce: the catalog into the integrated price book (seeds 000/002). Every package is a
 * Product2 upserted by `Billing_Package_Id__c`, every service a Product Service upserted by
 * `Billing_Service_Id__c` under it, and each product has an entry in the standard price book (created
 * first, as Salesforce requires) and in the integrated one, at the package's list price in its currency.
 * Only what differs from the org is written: a re-pull of an unchanged catalog writes nothing. A retired
 * package or service is deactivated, never deleted, and a product billing does not know is deactivated
 * too; past opportunities keep the prices they recorded (their lines and services hold their own). A dry
 * run is the preview: the same plan, per record, with old → new values, and nothing written.
 */
export async function pullCatalog(ctx: AppContext, options: SyncOptions = {}): Promise<SyncRunResult> {
  return recordedRun(ctx, 'catalog', OBJECTS, options, async ({ crm, runId, dryRun, outcomes }) => {
    const catalog = await listCatalog(ctx);
    const org = await readOrgCatalog(crm);
    const record = async (batch: RecordOutcome[]) => {
      await insertOutcomes(ctx.db, runId, batch);
      outcomes.add(...batch);
    };
    const desired = catalog.packages.map((p) => desiredPackage(p, org.multiCurrency));

    const bookId = await ensureIntegratedBook(crm, org, dryRun, record);
    const productIds = await applyProducts(crm, org, desired, dryRun, record);
    await applyServices(crm, org, desired, productIds, dryRun, record);
    await applyEntries(crm, org, desired, productIds, bookId, dryRun, record);
    options.onProgress?.(outcomes.total, outcomes.total);
  });
}
