import type { AppContext } from '../../../app-context.ts';
import { listAccountCategories } from '../../../billing/reference-lists/list-account-categories.ts';
import { listArTerms } from '../../../billing/reference-lists/list-ar-terms.ts';
import type { CrmConnection } from '../../../crm/crm.port.ts';
import { type ChunkRun, prefetched } from '../../engine/apply-in-chunks.ts';
import { recordedRun, type SyncRunResult } from '../../engine/recorded-run.ts';
import type { SyncOptions } from '../../engine/sync-context.ts';
import { ACCOUNT_MAPPING } from '../../mappings/account-mapping.ts';
import { CONTACT_MAPPING } from '../../mappings/contact-mapping.ts';
import type { ObjectMapping } from '../../mappings/field-mapping.ts';
import type { TransformLists } from '../../mappings/transforms.ts';
import { assertMappingsValid } from '../../mappings/validate-mapping.ts';
import { AccountStage } from './account-stage.ts';
import { ContactStage } from './contact-stage.ts';
import { readAccounts } from './read-accounts.ts';
import { readContacts } from './read-contacts.ts';
import { StateWriter } from './state-writer.ts';

/**
 * Salesforce → billing for accounts and their contacts (seeds 000/001), then billing's identity and the
 * sync state back onto the Salesforce records (seed 003). Read page by page (the next page is read while
 * this one is applied) → map → validate (the seed rules) → apply in billing, each chunk with its links and
 * history in one transaction → queue the state for Salesforce, written in batches where it differs. A dry
 * run does all of it inside a transaction it rolls back, and writes nothing to Salesforce: its plan is
 * exact.
 */
export async function syncAccounts(
  ctx: AppContext,
  options: SyncOptions & { since?: Date } = {},
): Promise<SyncRunResult> {
  return recordedRun(ctx, 'accounts', { account: 'Account', contact: 'Contact' }, options, async (body) => {
    const { crm, runId, dryRun, outcomes } = body;
    // As this org runs them: a single-currency org has no CurrencyIsoCode, and its currency stands in.
    const [account, contact] = await assertMappingsValid(crm, [ACCOUNT_MAPPING, CONTACT_MAPPING]);
    const mappings = { account, contact };
    const lists: TransformLists = {
      arTerms: await listArTerms(ctx),
      categoryIds: new Map((await listAccountCategories(ctx)).map((c) => [c.code, c.id])),
    };
    if (!dryRun) {
      await syncStages(ctx, crm, { db: ctx.db, historyDb: ctx.db, dryRun, runId, outcomes }, mappings, lists, options);
      return;
    }
    // One transaction for the whole plan, rolled back: the contacts stage sees the accounts the plan would
    // create, as the real run's does.
    const plan = await ctx.db.startTransaction().execute();
    try {
      const planRun = { db: plan, historyDb: ctx.db, dryRun, runId, outcomes };
      await syncStages({ ...ctx, db: plan }, crm, planRun, mappings, lists, options);
    } finally {
      await plan.rollback().execute();
    }
  });
}

async function syncStages(
  ctx: AppContext,
  crm: CrmConnection,
  run: ChunkRun,
  mappings: { account: ObjectMapping; contact: ObjectMapping },
  lists: TransformLists,
  options: SyncOptions & { since?: Date },
): Promise<void> {
  const writer = (mapping: ObjectMapping, object: string) =>
    run.dryRun ? undefined : new StateWriter(ctx, crm, mapping, object);

  const accountWriter = writer(mappings.account, 'Account');
  const stage = { ctx, run, lists, onProgress: options.onProgress };
  const accounts = new AccountStage({ ...stage, mapping: mappings.account, writer: accountWriter }, options.alsoIds);
  const read = { since: options.since, ids: options.salesforceIds, alsoIds: options.alsoIds };
  for await (const page of prefetched(readAccounts(crm, mappings.account, read))) {
    options.onRead?.('Account', page);
    await accounts.take(page);
  }
  await accounts.finish();

  const contactWriter = writer(mappings.contact, 'Contact');
  const contacts = new ContactStage({ ...stage, mapping: mappings.contact, writer: contactWriter }, accounts.states);
  // A poll also reads the contacts of the accounts it brought into billing (a full read reads them all).
  const newAccountIds = options.since ? [...accounts.states].filter(([, s]) => s.joinedNow).map(([id]) => id) : [];
  const contactRead = { since: options.since, ids: options.salesforceIds, newAccountIds };
  for await (const page of prefetched(readContacts(crm, mappings.contact, contactRead))) {
    options.onRead?.('Contact', page.contacts);
    await contacts.take(page.contacts, page.relations);
  }
  await contacts.finish();
  // What is still due goes last, after billing holds both stages: a deferral (a low API budget) leaves
  // billing whole, and the next run writes only the state that is missing.
  await accountWriter?.flush();
  await contactWriter?.flush();
}
