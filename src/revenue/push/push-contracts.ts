import type { AppContext } from '../../app-context.ts';
import type { CrmConnection, CrmWrite } from '../../crm/crm.port.ts';
import { changedFields, type ContractSnapshot, fieldConflicts } from '../../domain/contract-snapshot.ts';
import { fail } from '../../domain/errors.ts';
import type { CurrencyCode } from '../../domain/currency.ts';
import { DEFAULT_REVENUE_POLICIES, type RevenuePolicies } from '../../domain/revenue-policies.ts';
import { withAdvisoryLock } from '../../store/advisory-lock.ts';
import { revenueSyncError, writeRevenueSyncErrors } from '../revenue-sync-error.ts';
import { applyChunk, type ChunkRun } from '../../sync/engine/apply-in-chunks.ts';
import { recordedRun, type SyncRunResult } from '../../sync/engine/recorded-run.ts';
import type { SyncOptions } from '../../sync/engine/sync-context.ts';
import type { RecordOutcome } from '../../sync/history/history.repo.ts';
import { chunks } from '../../sync/flows/account-push/read-accounts.ts';
import { conflictRefusal } from '../conflicts/conflict-refusal.ts';
import { replaceConflicts } from '../conflicts/conflicts.repo.ts';
import { lineKeyOf, planSnapshot, storedSnapshot } from '../contracts/contract-snapshots.ts';
import type { StoredContract } from '../contracts/contract-view.ts';
import { findContractsById } from '../contracts/stored-contracts.repo.ts';
import { tenantCurrency } from '../contracts/tenant-currency.ts';
import { REVENUE_LOCK } from '../import/import-contracts.ts';
import { type OrgRevenueSetup, readOrgRevenueSetup } from '../import/org-revenue-setup.ts';
import type { BuiltOpportunity } from '../import/build-contract.ts';
import { readOpportunitiesNow } from '../import/read-plans.ts';
import { contractWrites, type WriteContext } from './opportunity-writes.ts';
import { priceBookEntries, pricebookOf } from './price-book.ts';
import { type Push, writePushes } from './write-pushes.ts';
import { type PushFields, pushFields } from './push-fields.ts';
import { keepPushedIds, markPushed, markPushRefused, pendingContractIds, productSalesforceIds } from './push.repo.ts';

const PUSH_FLOW = 'revenue_push';
/** Contracts per chunk: one collection call (≤ 200 records) per kind of write. */
const CONTRACTS_PER_CHUNK = 200;

/**
 * Contracts made or changed in revbridge → Salesforce opportunities and line items (seed 004's push back), 200 at a
 * time. A contract not yet in Salesforce becomes an opportunity (upserted by its contract id, on the configured
 * price book) with its lines (created with their keys, found again by them if a push died after Salesforce saved
 * them). One that is in Salesforce sends only the fields changed in revbridge since the two last agreed, after
 * reading the opportunity as it is now: a field changed on both sides is a conflict, kept for a person, and that
 * contract is not pushed. Formula and read-only fields are never written (from describe, a warning on each
 * outcome); fields Salesforce owns only on create; nothing is ever deleted. A refusal (a validation rule, say) is
 * in the history, on the contract (`pushError`) and on the opportunity's Revenue_Sync_Error__c when it exists; the
 * contract stays pending, and a push again sends it again. A dry run reads and decides, and writes nothing.
 */
export async function pushContracts(ctx: AppContext, options: SyncOptions = {}): Promise<SyncRunResult> {
  // One revenue run at a time: an import must not make a second contract of an opportunity being created.
  return withAdvisoryLock(ctx.db, REVENUE_LOCK, () =>
    recordedRun(ctx, PUSH_FLOW, { contract: 'Opportunity' }, options, async ({ crm, runId, dryRun, outcomes }) => {
      const policies = ctx.revenue ?? DEFAULT_REVENUE_POLICIES;
      if (policies.lines !== 'items') {
        fail(
          'revenue_push_not_possible',
          'Contracts are pushed as opportunities with line items; with REVBRIDGE_REVENUE_LINES=opportunity there are none to push.',
        );
      }
      // Nothing pending costs no API call.
      if ((await pendingContractIds(ctx.db, 0n, 1)).length === 0) return;
      const setup = await readOrgRevenueSetup(crm, policies);
      const fields = await pushFields(crm, policies.salesforceOwns);
      const book = await pricebookOf(crm, policies.pricebook);
      const currency = await tenantCurrency(ctx);
      const run: ChunkRun = { db: ctx.db, historyDb: ctx.db, dryRun, runId, outcomes };
      const push: PushRun = { ctx, crm, run, setup, policies, fields, book, currency, entries: new Map() };
      const waiting: bigint[] = [];
      let created = false;
      let after = 0n;
      for (;;) {
        const ids = await pendingContractIds(ctx.db, after, CONTRACTS_PER_CHUNK);
        if (ids.length === 0) break;
        after = ids[ids.length - 1];
        const pushes = await pushChunk(push, ids);
        waiting.push(
          ...pushes.filter((p) => !p.refusal && waitingLinks(p.contract).length > 0).map((p) => p.contract.id),
        );
        created ||= pushes.some((p) => !p.refusal && p.contract.opportunityId === null);
      }
      // Contracts that link one this push created: their link goes now, not with the next push.
      if (waiting.length > 0 && created && !dryRun) {
        for (const ids of chunks(waiting, CONTRACTS_PER_CHUNK)) await pushChunk(push, ids);
      }
    }),
  );
}

interface PushRun {
  ctx: AppContext;
  crm: CrmConnection;
  run: ChunkRun;
  setup: OrgRevenueSetup;
  policies: RevenuePolicies;
  fields: PushFields;
  book: { id: string; name: string };
  currency: CurrencyCode;
  /** Price book entries by Product2 id, as read so far in this push (null: the product has none). */
  entries: Map<string, string | null>;
}

/** One chunk of pending contracts pushed: read, decided, written, recorded. */
async function pushChunk(push: PushRun, ids: readonly bigint[]): Promise<Push[]> {
  const { ctx, crm, run, setup, policies, fields, book, currency } = push;
  const contracts = (await findContractsById(ctx.db, ids)).filter((c) => c.revbridgeChangedAt !== null);
  const now = await readOpportunitiesNow(
    ctx,
    crm,
    setup,
    policies,
    contracts.flatMap((c) => (c.opportunityId ? [c.opportunityId] : [])),
  );
  // Only new lines need a price book entry: an opportunity product keeps the one it was created on.
  const productIds = await productSalesforceIds(ctx.db, [
    ...new Set(contracts.flatMap((c) => c.lines.filter((l) => l.lineItemId === null).map((l) => l.productId))),
  ]);
  // Each product's entry is read once per push, whatever the number of chunks.
  const unread = [...new Set(productIds.values())].filter((id) => !push.entries.has(id));
  const found = await priceBookEntries(crm, book.id, unread, fields.multiCurrency ? currency : undefined);
  for (const id of unread) push.entries.set(id, found.get(id) ?? null);
  const entries = new Map([...push.entries].flatMap(([id, entry]) => (entry ? [[id, entry] as const] : [])));
  const context = { fields, pricebookId: book.id, entries, productIds, bookName: book.name };
  const pushes = contracts.map((c) => decide(c, now, context));
  if (!run.dryRun) await writePushes(crm, pushes);
  await applyChunk(run, async (db) => {
    if (!run.dryRun) {
      // The chunk settled in the store set-based: four statements whatever the number of contracts.
      await keepPushedIds(
        db,
        pushes.map((p) => ({ contractId: p.contract.id, opportunityId: p.opportunityId, lineIds: p.lineIds })),
      );
      await replaceConflicts(
        db,
        pushes.map((p) => ({ contractId: p.contract.id, conflicts: p.conflicts })),
        ctx.clock.now(),
      );
      await markPushRefused(
        db,
        pushes.flatMap((p) => (p.refusal ? [{ contractId: p.contract.id, ...p.refusal }] : [])),
      );
      await markPushed(
        db,
        pushes.flatMap((p) =>
          p.refusal
            ? []
            : [
                {
                  contractId: p.contract.id,
                  changes: p.contract.revbridgeChanges,
                  pushed: pushedSnapshot(p),
                  settled: waitingLinks(p.contract).length === 0,
                },
              ],
        ),
        ctx.clock.now(),
      );
    }
    return pushes.map((p) => outcomeOf(p, fields.warnings));
  });
  if (!run.dryRun) await writeErrorStates(ctx, crm, pushes);
  return pushes;
}

/** What to write for one contract, or why it cannot be pushed as it is. */
function decide(
  c: StoredContract,
  now: ReadonlyMap<string, BuiltOpportunity>,
  w: WriteContext & { bookName: string },
): Push {
  const push: Push = {
    contract: c,
    changed: 'all',
    conflicts: [],
    opportunityId: c.opportunityId,
    lineIds: new Map(),
  };
  const refuse = (code: string, message: string) => ({ ...push, refusal: { code, message } });
  if (c.opportunityId !== null) {
    const current = now.get(c.opportunityId);
    if (!current) {
      return refuse(
        'salesforce_record_not_found',
        `Opportunity ${c.opportunityId} is no longer in Salesforce; revbridge never re-creates a deleted opportunity.`,
      );
    }
    push.now = current;
    if (!current.plan) {
      return refuse(
        current.error!.code,
        `Opportunity ${c.opportunityId} as Salesforce has it now cannot be compared: ${current.error!.message}`,
      );
    }
    const local = storedSnapshot(c);
    const agreed = c.synced ?? local;
    push.conflicts = fieldConflicts(agreed, local, planSnapshot(current.plan));
    if (push.conflicts.length > 0) {
      const { code, message } = conflictRefusal(c.id, push.conflicts);
      return refuse(code, message);
    }
    push.changed = changedFields(agreed, local);
  }
  for (const [i, line] of c.lines.entries()) {
    if (line.lineItemId !== null) continue;
    const product = w.productIds.get(line.productId);
    if (!product) {
      return refuse(
        'revenue_push_not_possible',
        `Line ${i + 1} is on ${line.product}, a product Salesforce does not have; put it on a product from Salesforce.`,
      );
    }
    if (!w.entries.has(product)) {
      return refuse(
        'revenue_push_not_possible',
        `Line ${i + 1}: ${line.product} has no active entry in the price book "${w.bookName}" in ${c.currency}; add one in Salesforce.`,
      );
    }
  }
  push.writes = contractWrites(c, push.changed, w);
  return push;
}

/** The contract as Salesforce now holds it: line keys replaced by the ids Salesforce gave. */
function pushedSnapshot(p: Push): ContractSnapshot {
  const c = p.contract;
  return storedSnapshot({
    ...c,
    lines: c.lines.map((l, i) => ({ ...l, lineItemId: l.lineItemId ?? p.lineIds.get(lineKeyOf(l, i)) ?? null })),
  });
}

/** The links of a contract to contracts not in Salesforce yet: they go with a later push. */
function waitingLinks(c: StoredContract): string[] {
  return [
    ...(c.renewsId !== null && c.renewsOpportunityId === null
      ? [`It renews contract ${c.renewsId}, not in Salesforce yet: Renews__c goes with the next push.`]
      : []),
    ...(c.amendsId !== null && c.amendsOpportunityId === null
      ? [`It amends contract ${c.amendsId}, not in Salesforce yet: Amends__c goes with the next push.`]
      : []),
  ];
}

function outcomeOf(p: Push, warnings: string[]): RecordOutcome {
  const c = p.contract;
  const all = [...warnings, ...(p.refusal ? [] : waitingLinks(c))];
  const base = {
    object: 'contract',
    salesforceId: p.opportunityId,
    billingId: c.id,
    label: c.name,
    warnings: all.length > 0 ? all : null,
  };
  if (p.refusal) return { ...base, outcome: 'failed', errorCode: p.refusal.code, errorMessage: p.refusal.message };
  const local = storedSnapshot(c);
  const agreed = c.synced ?? local;
  const diff =
    p.changed === 'all'
      ? null
      : Object.fromEntries(p.changed.map((k) => [k, { from: agreed[k] ?? null, to: local[k] ?? null }]));
  const writes = p.writes!;
  const writing = writes.opportunity !== null || writes.newLines.length > 0 || writes.changedLines.length > 0;
  const created = c.opportunityId === null && p.created !== false;
  return { ...base, outcome: !writing ? 'unchanged' : created ? 'created' : 'updated', diff };
}

/**
 * `code: sentence` on the opportunity of each refused push that has one, and cleared on each pushed one that
 * showed an error; written only where it differs from what Salesforce holds. A refusal to write it is logged.
 */
async function writeErrorStates(ctx: AppContext, crm: CrmConnection, pushes: Push[]): Promise<void> {
  const states: CrmWrite[] = [];
  for (const p of pushes) {
    if (p.opportunityId === null) continue;
    const wanted = revenueSyncError(p.refusal);
    const created = p.contract.opportunityId === null;
    const shown = created ? null : ((p.now?.opportunity.Revenue_Sync_Error__c as string | null | undefined) ?? null);
    if (wanted !== shown) states.push({ Id: p.opportunityId, Revenue_Sync_Error__c: wanted });
  }
  await writeRevenueSyncErrors(ctx, crm, states);
}
