import type { CrmConnection } from '../../../crm/crm.port.ts';
import type { RecordOutcome } from '../../history/history.repo.ts';
import type { DesiredPackage } from './desired-catalog.ts';
import { fieldChanges } from './field-changes.ts';
import { INTEGRATED_BOOK_NAME } from './integrated-book.ts';
import { entryKey, type OrgCatalog } from './org-catalog.ts';
import { only, type Planned, type Recorder, settle } from './planned-write.ts';

/**
 * Each product's entries in the standard and the integrated book, in the package's currency at its list
 * price, active while the package is. Standard entries are created before the integrated ones (Salesforce
 * refuses a custom-book entry without a standard one); the book, product and currency identify an entry,
 * and Salesforce refuses a second one, so a retried create cannot duplicate it.
 */
export async function applyEntries(
  crm: CrmConnection,
  org: OrgCatalog,
  desired: DesiredPackage[],
  productIds: Map<string, string>,
  integratedBookId: string | undefined,
  dryRun: boolean,
  record: Recorder,
): Promise<void> {
  const books = [
    { id: org.standardBookId, name: 'Standard Price Book' },
    { id: integratedBookId, name: org.integratedBook?.Name ? String(org.integratedBook.Name) : INTEGRATED_BOOK_NAME },
  ];
  const unchanged: RecordOutcome[] = [];
  const updates: Planned[] = [];
  const creates: Planned[][] = [[], []];
  for (const d of desired) {
    const productId = productIds.get(d.packageId);
    const currency = org.multiCurrency ? d.currency : org.orgCurrency;
    if (!org.multiCurrency && d.currency !== org.orgCurrency) {
      unchanged.push({
        object: 'pricebook_entry',
        salesforceId: null,
        billingId: BigInt(d.packageId),
        label: `${d.code} ${d.currency}`,
        outcome: 'failed',
        errorCode: 'catalog_currency_not_in_org',
        errorMessage: `Package ${d.code} is priced in ${d.currency}, and this single-currency Salesforce org uses ${org.orgCurrency}: turn on multiple currencies in Salesforce, or price the package in ${org.orgCurrency}.`,
      });
      continue;
    }
    books.forEach((book, i) => {
      const current = book.id && productId ? org.entries.get(entryKey(book.id, productId, currency)) : undefined;
      const fields = { UnitPrice: d.listPrice, IsActive: d.active };
      const changes = fieldChanges(current, fields);
      const outcome: RecordOutcome = {
        object: 'pricebook_entry',
        salesforceId: current?.Id ?? null,
        billingId: BigInt(d.packageId),
        label: `${d.code} ${currency} in ${book.name}`,
        outcome: !current ? 'created' : Object.keys(changes).length > 0 ? 'updated' : 'unchanged',
        diff: Object.keys(changes).length > 0 ? changes : null,
      };
      if (outcome.outcome === 'unchanged') unchanged.push(outcome);
      else if (current) updates.push({ write: { Id: current.Id, ...only(fields, changes) }, outcome });
      else if (!dryRun && (!productId || !book.id)) {
        unchanged.push({ ...outcome, outcome: 'skipped', warnings: ['its product could not be saved in Salesforce'] });
      } else {
        const write = {
          Pricebook2Id: book.id,
          Product2Id: productId,
          UseStandardPrice: false,
          ...fields,
          ...(org.multiCurrency ? { CurrencyIsoCode: currency } : {}),
        };
        creates[i].push({ write, outcome });
      }
    });
  }
  // Entries of products billing does not know (deactivated above) are deactivated with them.
  const known = new Set(desired.map((d) => d.packageId));
  const orphans = new Set(
    [...org.products.values()].filter((p) => !known.has(String(p.Billing_Package_Id__c))).map((p) => p.Id.slice(0, 15)),
  );
  for (const entry of org.entries.values()) {
    if (!orphans.has(String(entry.Product2Id).slice(0, 15)) || entry.IsActive !== true) continue;
    updates.push({
      write: { Id: entry.Id, IsActive: false },
      outcome: {
        object: 'pricebook_entry',
        salesforceId: entry.Id,
        billingId: null,
        label: `${entry.Product2Id} ${String(entry.CurrencyIsoCode ?? org.orgCurrency)}`,
        outcome: 'updated',
        diff: { IsActive: { from: true, to: false } },
      },
    });
  }
  await record(unchanged);
  await settle(
    updates,
    dryRun
      ? []
      : await crm.update(
          'PricebookEntry',
          updates.map((p) => p.write),
        ),
    dryRun,
    record,
  );
  for (const batch of creates) {
    await settle(
      batch,
      dryRun
        ? []
        : await crm.create(
            'PricebookEntry',
            batch.map((p) => p.write),
          ),
      dryRun,
      record,
    );
  }
}
