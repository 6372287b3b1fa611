import { sql } from 'kysely';
import type { AppContext } from '../../../app-context.ts';
import type { CrmConnection, CrmRecord, CrmWrite } from '../../../crm/crm.port.ts';
import { parentsFirst } from '../../../domain/parents-first.ts';
import type { Db } from '../../../store/db.ts';
import type { SyncOptions } from '../../engine/sync-context.ts';
import type { RecordOutcome } from '../../history/history.repo.ts';
import { applyInChunks } from '../../engine/apply-in-chunks.ts';
import { recordedRun, type SyncRunResult } from '../../engine/recorded-run.ts';
import { findLinksBySalesforceId } from '../../links/links.repo.ts';
import { ACCOUNT_MAPPING } from '../../mappings/account-mapping.ts';
import { CONTACT_MAPPING } from '../../mappings/contact-mapping.ts';
import { assertMappingsValid } from '../../mappings/validate-mapping.ts';
import { type AccountState, applyAccount } from './apply-account.ts';
import { applyContact } from './apply-contact.ts';
import { listAccountCategories } from '../../../billing/reference-lists/list-account-categories.ts';
import { listArTerms } from '../../../billing/reference-lists/list-ar-terms.ts';
import type { TransformLists } from '../../mappings/transforms.ts';
import { describeFailure } from './map-account.ts';
import { readAccounts } from './read-accounts.ts';
import { readContacts } from './read-contacts.ts';
import { type DesiredState, identityFields, stateWrite } from './salesforce-state.ts';

/**
 * Salesforce → billing for accounts and their contacts (seeds 000/001), then billing's identity and the
 * sync state back onto the Salesforce records (seed 003). Read (one query page per 2,000 records) → map
 * → validate (the billing use-cases apply the seed rules) → apply in billing, each record with its link
 * and history in one transaction → write the state back, only where it differs. A dry run does all of
 * it inside a transaction it rolls back, and writes nothing to Salesforce: its plan is exact.
 */
export async function syncAccounts(
  ctx: AppContext,
  options: SyncOptions & { since?: Date } = {},
): Promise<SyncRunResult> {
  return recordedRun(ctx, 'accounts', { account: 'Account', contact: 'Contact' }, options, async (run) => {
    const { crm, runId, dryRun } = run;
    await assertMappingsValid(crm, [ACCOUNT_MAPPING, CONTACT_MAPPING]);
    const lists: TransformLists = {
      arTerms: await listArTerms(ctx),
      categoryIds: new Map((await listAccountCategories(ctx)).map((c) => [c.code, c.id])),
    };
    if (dryRun) {
      // One transaction for the whole plan, rolled back: the contacts stage sees the accounts the plan
      // would create, as the real run's does.
      const plan = await ctx.db.startTransaction().execute();
      try {
        const planCtx = { ...ctx, db: plan };
        const accountResult = await syncAccountRecords(planCtx, crm, runId, options, true, lists, run.outcomes);
        await syncContactRecords(planCtx, crm, runId, options, true, accountResult.states, lists, run.outcomes);
      } finally {
        await plan.rollback().execute();
      }
      return;
    }
    const accountResult = await syncAccountRecords(ctx, crm, runId, options, false, lists, run.outcomes);
    const contactResult = await syncContactRecords(
      ctx,
      crm,
      runId,
      options,
      false,
      accountResult.states,
      lists,
      run.outcomes,
    );
    await writeState(ctx, crm, ACCOUNT_MAPPING, 'Account', accountResult.writes);
    await writeState(ctx, crm, CONTACT_MAPPING, 'Contact', contactResult.writes);
  });
}

interface StageResult {
  writes: Array<{ record: CrmRecord; desired: DesiredState }>;
}

async function syncAccountRecords(
  ctx: AppContext,
  crm: CrmConnection,
  runId: bigint,
  options: SyncOptions & { since?: Date },
  dryRun: boolean,
  lists: TransformLists,
  outcomes: RecordOutcome[],
): Promise<StageResult & { states: Map<string, AccountState> }> {
  const retried = new Set(options.alsoIds ?? []);
  const read = await readAccounts(crm, ACCOUNT_MAPPING, {
    since: options.since,
    ids: options.salesforceIds,
    alsoIds: options.alsoIds,
  });
  options.onRead?.('Account', read);
  const records = parentsFirst(
    read,
    (r) => r.Id,
    (r) => (r.ParentId as string | null) ?? null,
  );
  const referenced = records.flatMap((r) =>
    ['ParentId', 'Subscription_Invoicer__c', 'Usage_Invoicer__c', 'Tax_Inheritance_Account__c'].map(
      (f) => r[f] as string | null,
    ),
  );
  const links = await findLinksBySalesforceId(ctx.db, 'account', [
    ...new Set([...records.map((r) => r.Id), ...referenced.filter((id): id is string => !!id)]),
  ]);
  const states = new Map<string, AccountState>([...links].map(([id, l]) => [id, { billingId: l.billing_id }]));
  const result: StageResult = { writes: [] };
  // Billing ids of the accounts this run read, to name them as Salesforce does in a refusal.
  const names = new Map(records.map((r) => [r.Id, String(r.Name ?? r.Id)]));
  const nameOfBillingAccount = (billingId: string) => {
    for (const [salesforceId, state] of states) {
      if (state.billingId?.toString() === billingId) return names.get(salesforceId);
    }
    return undefined;
  };
  await applyInChunks(
    ctx.db,
    records,
    dryRun,
    async (trx, record) => {
      // A still-failing child read again only because polling retries it: worth a try once its parent is in
      // billing, otherwise it is left alone (no new history row every poll).
      const parent = record.ParentId as string | null;
      if (retried.has(record.Id) && parent && !states.get(parent)?.billingId) return null;
      try {
        const applied = await applyAccount(trx, ctx, record, links.get(record.Id), states, lists);
        states.set(record.Id, {
          billingId: applied.billingId,
          joinedNow: applied.outcome === 'created' || applied.linked,
        });
        const billing = applied.detail
          ? {
              id: applied.detail.id,
              accountNumber: applied.detail.accountNumber,
              billingCycleId: applied.detail.effective.billingCycle,
              primaryEmail: applied.detail.primaryEmail,
              billingCycle: applied.detail.billingCycle,
              accountCategory: applied.detail.accountCategory,
              accountCategoryId:
                applied.detail.accountCategory === null ? null : lists.categoryIds.get(applied.detail.accountCategory),
            }
          : { id: applied.billingId.toString() };
        result.writes.push({
          record,
          desired: {
            ok: true,
            fields: identityFields(ACCOUNT_MAPPING, billing, applied.linked, lists),
            warnings: applied.warnings,
            touched: applied.outcome !== 'unchanged',
          },
        });
        return {
          object: 'account',
          salesforceId: record.Id,
          billingId: applied.billingId,
          label: String(record.Name ?? ''),
          outcome: applied.outcome,
          diff: applied.diff,
          warnings: applied.warnings,
        };
      } catch (caught) {
        const failure = describeFailure(caught, String(record.Name ?? record.Id), nameOfBillingAccount);
        states.set(record.Id, { billingId: states.get(record.Id)?.billingId ?? null, failedWith: failure.code });
        result.writes.push({ record, desired: { ok: false, ...failure } });
        return failedOutcome('account', record, String(record.Name ?? ''), failure);
      }
    },
    runId,
    outcomes,
    options,
  );
  await fillAccountNumbers(ctx.db, result.writes);
  return { ...result, states };
}

async function syncContactRecords(
  ctx: AppContext,
  crm: CrmConnection,
  runId: bigint,
  options: SyncOptions & { since?: Date },
  dryRun: boolean,
  states: Map<string, AccountState>,
  lists: TransformLists,
  outcomes: RecordOutcome[],
): Promise<StageResult> {
  const newAccountIds = [...states].filter(([, s]) => s.joinedNow).map(([id]) => id);
  const { contacts, relations } = await readContacts(crm, CONTACT_MAPPING, { since: options.since, newAccountIds });
  options.onRead?.('Contact', contacts);
  const links = await findLinksBySalesforceId(
    ctx.db,
    'contact',
    contacts.map((c) => c.Id),
  );
  // A poll reads a changed contact without its (unchanged) accounts: their links say where they are in billing.
  const served = [...new Set([...relations.values()].flat().map((r) => r.accountSalesforceId))];
  const accountLinks = await findLinksBySalesforceId(
    ctx.db,
    'account',
    served.filter((id) => !states.has(id)),
  );
  const billingAccountOf = (id: string) => states.get(id)?.billingId ?? accountLinks.get(id)?.billing_id ?? null;
  const result: StageResult = { writes: [] };
  await applyInChunks(
    ctx.db,
    contacts,
    dryRun,
    async (trx, record) => {
      const label = [record.FirstName, record.LastName].filter(Boolean).join(' ');
      try {
        const applied = await applyContact(
          trx,
          ctx,
          record,
          relations.get(record.Id) ?? [],
          links.get(record.Id),
          billingAccountOf,
          lists,
        );
        if (applied.outcome !== 'skipped') {
          result.writes.push({
            record,
            desired: {
              ok: true,
              fields: identityFields(CONTACT_MAPPING, { id: applied.billingId!.toString() }, false, lists),
              warnings: [],
              touched: applied.outcome !== 'unchanged',
            },
          });
        }
        return {
          object: 'contact',
          salesforceId: record.Id,
          billingId: applied.billingId,
          label,
          outcome: applied.outcome,
          diff: applied.diff,
          warnings: applied.skipped ? [applied.skipped] : null,
        };
      } catch (caught) {
        const failure = describeFailure(caught, label, () => undefined);
        result.writes.push({ record, desired: { ok: false, ...failure } });
        return failedOutcome('contact', record, label, failure);
      }
    },
    runId,
    outcomes,
    options,
  );
  return result;
}

/** A record billing refused: its coded failure, as the history and the Salesforce record show it. */
function failedOutcome(
  object: 'account' | 'contact',
  record: CrmRecord,
  label: string,
  failure: { code: string; message: string },
): RecordOutcome {
  return {
    object,
    salesforceId: record.Id,
    billingId: null,
    label,
    outcome: 'failed',
    errorCode: failure.code,
    errorMessage: failure.message,
  };
}

/** Unchanged accounts carry only their billing id; their number comes from one query. */
async function fillAccountNumbers(db: Db, writes: StageResult['writes']): Promise<void> {
  const bare = writes.filter((w) => w.desired.ok && w.desired.fields.Billing_Account_Number__c === undefined);
  const ids = bare.map(
    (w) => (w.desired as { fields: Record<string, unknown> }).fields.Billing_Account_Id__c as string,
  );
  if (ids.length === 0) return;
  const rows = await db
    .selectFrom('accounts')
    .select(['id', 'account_number'])
    .where('id', '=', sql<bigint>`ANY(${ids}::bigint[])`)
    .execute();
  const numbers = new Map(rows.map((r) => [r.id.toString(), r.account_number]));
  for (const w of bare) {
    const fields = (w.desired as { fields: Record<string, unknown> }).fields;
    fields.Billing_Account_Number__c = numbers.get(fields.Billing_Account_Id__c as string) ?? null;
  }
}

/** Writes the sync state where it differs, ≤ 200 records per call. */
async function writeState(
  ctx: AppContext,
  crm: CrmConnection,
  mapping: typeof ACCOUNT_MAPPING,
  object: string,
  writes: StageResult['writes'],
): Promise<void> {
  const now = ctx.clock.now();
  const patches = writes.map((w) => stateWrite(mapping, w.record, w.desired, now)).filter((p): p is CrmWrite => !!p);
  if (patches.length === 0) return;
  const results = await crm.update(object, patches);
  // Billing already holds the change; a record Salesforce refuses to update (a validation rule, a locked
  // field) keeps its old state until the next run, and the log says why.
  results.forEach((r, i) => {
    if (!r.success)
      ctx.logger.warn({ object, salesforceId: patches[i].Id, errors: r.errors }, 'sync state not written');
  });
}
