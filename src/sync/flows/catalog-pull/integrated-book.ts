import type { CrmConnection } from '../../../crm/crm.port.ts';
import type { RecordOutcome } from '../../history/history.repo.ts';
import { fieldChanges } from './field-changes.ts';
import type { OrgCatalog } from './org-catalog.ts';
import { type Recorder, refused } from './planned-write.ts';

/** The price book revbridge creates when the org has none flagged `Billing_Integrated__c`. */
export const INTEGRATED_BOOK_NAME = 'Billing Price Book (revbridge)';

/** The book flagged `Billing_Integrated__c` (created, or reactivated, when needed); undefined in a dry run that would create it. */
export async function ensureIntegratedBook(
  crm: CrmConnection,
  org: OrgCatalog,
  dryRun: boolean,
  record: Recorder,
): Promise<string | undefined> {
  const book = org.integratedBook;
  const outcome = (kind: RecordOutcome['outcome'], id: string | null, diff: RecordOutcome['diff']): RecordOutcome => ({
    object: 'price_book',
    salesforceId: id,
    billingId: null,
    label: String(book?.Name ?? INTEGRATED_BOOK_NAME),
    outcome: kind,
    diff,
  });
  if (book && book.IsActive === true) {
    await record([outcome('unchanged', book.Id, null)]);
    return book.Id;
  }
  const write = book
    ? { Id: book.Id, IsActive: true }
    : {
        Name: INTEGRATED_BOOK_NAME,
        IsActive: true,
        Billing_Integrated__c: true,
        Description: 'Billing’s catalog, kept by revbridge.',
      };
  const diff = fieldChanges(book, book ? { IsActive: true } : write);
  if (dryRun) {
    await record([outcome(book ? 'updated' : 'created', book?.Id ?? null, diff)]);
    return book?.Id;
  }
  const [result] = book ? await crm.update('Pricebook2', [write]) : await crm.create('Pricebook2', [write]);
  if (!result.success) {
    await record([refused(outcome('failed', book?.Id ?? null, diff), result)]);
    throw new Error(`the integrated price book could not be saved: ${result.errors[0]?.message ?? ''}`);
  }
  await record([outcome(book ? 'updated' : 'created', result.id ?? book!.Id, diff)]);
  return result.id ?? book!.Id;
}
