import type { AppContext } from '../../app-context.ts';
import type { CrmConnection, CrmRecord, CrmWrite } from '../../crm/crm.port.ts';
import { stageCategoryFromOrg } from '../../domain/contract-state.ts';
import { DEFAULT_REVENUE_POLICIES, type RevenuePolicies } from '../../domain/revenue-policies.ts';
import { withAdvisoryLock } from '../../store/advisory-lock.ts';
import { revenueSyncError, writeRevenueSyncErrors } from '../revenue-sync-error.ts';
import { TableStatistics } from '../../store/table-statistics.ts';
import type { Db } from '../../store/db.ts';
import { applyChunk, type ChunkRun, inParallel, prefetched } from '../../sync/engine/apply-in-chunks.ts';
import { recordedRun, type SyncRunResult } from '../../sync/engine/recorded-run.ts';
import type { SyncOptions } from '../../sync/engine/sync-context.ts';
import type { RecordOutcome } from '../../sync/history/history.repo.ts';
import { advanceCursor, findCursor } from '../../sync/links/cursors.repo.ts';
import { chunks } from '../../sync/flows/account-push/read-accounts.ts';
import { sinceOf } from '../../sync/poll-changes.ts';
import { holdChangedContracts } from '../conflicts/hold-changed.ts';
import {
  adoptPushedOpportunities,
  type ContractState,
  contractStates,
  rebuildSalesforceLinks,
  removeContracts,
  writeContracts,
} from '../contracts/contracts.repo.ts';
import { ProductIndex } from '../products/product-index.ts';
import {
  ensureDefaultProduct,
  listRevenueProducts,
  type OrgProduct,
  upsertOrgProducts,
} from '../products/revenue-products.repo.ts';
import { listRevenueStages, registerStages } from '../stages/revenue-stages.repo.ts';
import { type BuiltOpportunity, builtOrRefused } from './build-contract.ts';
import { analyzeStaged, clearStaged, stageLines, stagedLines } from './import-rows.repo.ts';
import { type OrgRevenueSetup, readOrgRevenueSetup } from './org-revenue-setup.ts';
import {
  linesByOpportunity,
  type OpportunityPage,
  readDeletedOpportunities,
  readOpportunities,
  readProducts,
} from './read-opportunities.ts';

const REVENUE_FLOW = 'revenue';
/**
 * One revenue run at a time, import or push, in any process: two imports would read the same cursor and write the
 * same contracts, and an import beside a push could make a second contract of an opportunity the push is creating.
 */
export const REVENUE_LOCK = 'revbridge.revenue';
const CURSOR = 'changes';
const OBJECTS = { contract: 'Opportunity', revenue_product: 'Product2' };
/** Contracts built and written per transaction. */
const CONTRACTS_PER_CHUNK = 500;
/** Chunks written at the same time, each in its own transaction. */
const CHUNKS_IN_FLIGHT = 2;
/** Pages of line items staged at the same time, each in its own statement. */
const PAGES_STAGED_AT_ONCE = 2;

export interface RevenueImportOptions extends SyncOptions {
  /** Read every opportunity the filter passes, not only what changed since the last import. */
  full?: boolean;
}

/**
 * Salesforce → revenue contracts (seed 004). Reads the org's stages and rates, the products into the revenue
 * product list, then the opportunities that pass the import filter with their line items (all of them the first
 * time or with `full`; afterwards what changed since the last import, so changes made while revbridge was off
 * are caught up): the line items first, kept in the store, then the opportunities page by page, built into
 * contracts 500 at a time with their kept lines as they come: each is written with its lines
 * and its history in one transaction, or refused whole with a coded error (in the history and on the
 * opportunity's Revenue_Sync_Error__c). An unchanged opportunity costs no write. Deleted opportunities follow
 * the delete policy. A dry run does it all in a transaction it rolls back and writes nothing to Salesforce.
 */
export async function importContracts(ctx: AppContext, options: RevenueImportOptions = {}): Promise<SyncRunResult> {
  return withAdvisoryLock(ctx.db, REVENUE_LOCK, () => importUnderLock(ctx, options));
}

async function importUnderLock(ctx: AppContext, options: RevenueImportOptions): Promise<SyncRunResult> {
  const policies = ctx.revenue ?? DEFAULT_REVENUE_POLICIES;
  const cursor = options.full ? undefined : await findCursor(ctx.db, REVENUE_FLOW, CURSOR);
  const since = cursor && sinceOf(cursor.modstamp, cursor.movedAt, ctx.clock.now());
  let newest = cursor?.modstamp.getTime() ?? 0;
  const seen = (records: readonly CrmRecord[]) => {
    for (const r of records) {
      const at = typeof r.SystemModstamp === 'string' ? Date.parse(r.SystemModstamp) : NaN;
      if (at > newest) newest = at;
    }
  };
  const result = await recordedRun(ctx, REVENUE_FLOW, OBJECTS, options, async ({ crm, runId, dryRun, outcomes }) => {
    const setup = await readOrgRevenueSetup(crm, policies);
    const errorStates: CrmWrite[] = [];
    const work = async (db: Db) => {
      const run: ChunkRun = { db, historyDb: ctx.db, dryRun, runId, outcomes };
      const importRun = { ctx: { ...ctx, db }, crm, run, setup, policies, since, errorStates, seen, options };
      const phase = async (name: string, work: () => Promise<void>) => {
        const started = performance.now();
        await work();
        ctx.logger.debug(
          { runId: runId.toString(), phase: name, ms: Math.round(performance.now() - started) },
          'revenue import phase',
        );
      };
      await phase('products', () => importProducts(importRun));
      const reads = readOpportunities(crm, setup, policies, since);
      await phase('lines', () => keepLines(importRun, reads.lines));
      await phase('build', () => buildContracts(importRun, reads.opportunities));
      await phase('links', () => rebuildSalesforceLinks(db, ctx.clock.now()));
      if (since) await phase('deletes', () => applyDeletes(importRun));
    };
    if (dryRun) {
      const plan = await ctx.db.startTransaction().execute();
      try {
        await work(plan);
      } finally {
        await plan.rollback().execute();
        await clearStaged(ctx.db);
      }
      return;
    }
    try {
      await work(ctx.db);
    } finally {
      await clearStaged(ctx.db);
    }
    // Each refused opportunity's error, and each one that imports cleared: only where it differs from what was read.
    await writeRevenueSyncErrors(ctx, crm, errorStates);
  });
  if (!result.dryRun && (result.status === 'succeeded' || result.status === 'partial') && newest > 0) {
    await advanceCursor(ctx.db, REVENUE_FLOW, CURSOR, new Date(newest), ctx.clock.now());
  }
  return result;
}

interface ImportRun {
  ctx: AppContext;
  crm: CrmConnection;
  run: ChunkRun;
  setup: OrgRevenueSetup;
  policies: RevenuePolicies;
  since: Date | undefined;
  /** Revenue_Sync_Error__c values to write where they differ from what was read. */
  errorStates: CrmWrite[];
  seen: (records: readonly CrmRecord[]) => void;
  options: RevenueImportOptions;
}

/** Product2 → the revenue product list (changed ones on a catch-up), and the default product. */
async function importProducts({ ctx, crm, run, setup, policies, since, seen }: ImportRun): Promise<void> {
  const at = ctx.clock.now();
  for await (const page of prefetched(readProducts(crm, setup, since))) {
    seen(page);
    const products = page.map((r): OrgProduct => ({
      salesforceId: r.Id,
      code: stringOrNull(r.ProductCode),
      name: stringOrNull(r.Name) ?? r.Id,
      active: r.IsActive === true,
      recurring: r.Is_Recurring__c === true,
      billingPackageId: stringOrNull(r.Billing_Package_Id__c),
    }));
    await applyChunk(run, async (db) =>
      (await upsertOrgProducts(db, products, at)).map((p): RecordOutcome => ({
        object: 'revenue_product',
        salesforceId: p.salesforceId,
        billingId: p.id,
        label: p.code,
        outcome: p.created ? 'created' : 'updated',
      })),
    );
  }
  await ensureDefaultProduct(ctx.db, policies.defaultProduct, at);
}

/**
 * The line items, kept in the store until their opportunities are built (they come in no useful order): two pages
 * staged at a time, as one statement keeps a single core of the store busy while the hub waits.
 */
async function keepLines({ ctx, run, seen, options }: ImportRun, lines: AsyncIterable<CrmRecord[]> | undefined) {
  if (!lines) return;
  await inParallel(prefetched(lines), PAGES_STAGED_AT_ONCE, async (page) => {
    seen(page);
    options.onRead?.('OpportunityLineItem', page);
    await stageLines(ctx.db, run.runId, page);
  });
  await analyzeStaged(ctx.db);
}

/** One chunk of opportunities built: each a contract plan or its refusal, with the contracts they have now. */
interface BuiltChunk {
  built: BuiltOpportunity[];
  stored: Map<string, ContractState>;
}

/**
 * The opportunities built into contract plans a chunk at a time, as their pages come (stages they name registered
 * first, as contracts reference them), with the hashes of the contracts they would replace.
 */
async function* builtChunks(importRun: ImportRun, pages: AsyncIterable<OpportunityPage>): AsyncIterable<BuiltChunk> {
  const { ctx, run, setup, policies, seen, options } = importRun;
  const products = new ProductIndex(await listRevenueProducts(ctx.db), policies.productKey);
  const stages = new Set((await listRevenueStages(ctx.db)).map((s) => s.stage));
  for await (const page of prefetched(pages)) {
    seen(page.records);
    options.onRead?.('Opportunity', page.records);
    const given = page.lines && linesByOpportunity(page.lines);
    for (const opportunities of chunks(page.records, CONTRACTS_PER_CHUNK)) {
      // Without line items nothing was staged, and the lookup finds nothing.
      const lines =
        given ??
        (await stagedLines(
          ctx.db,
          run.runId,
          opportunities.map((o) => o.Id),
        ));
      const fresh = [...new Set(opportunities.map((o) => String(o.StageName)))].filter((s) => !stages.has(s));
      await registerStages(
        ctx.db,
        fresh.map((stage) => ({ stage, category: stageCategoryFromOrg(setup.stages.get(stage)) })),
        ctx.clock.now(),
      );
      for (const stage of fresh) stages.add(stage);
      const built = opportunities.map((opportunity) =>
        builtOrRefused(opportunity, lines.get(opportunity.Id) ?? [], { setup, policies, products }),
      );
      await adoptPushedOpportunities(
        ctx.db,
        opportunities.flatMap((o) =>
          o.Revenue_Contract_Id__c ? [{ contractId: String(o.Revenue_Contract_Id__c), opportunityId: o.Id }] : [],
        ),
      );
      const stored = await contractStates(
        ctx.db,
        built.flatMap((b) => (b.plan ? [b.plan.opportunityId] : [])),
      );
      yield { built, stored };
    }
  }
}

/**
 * Writes the built chunks, each in one transaction with its history, two at a time (their opportunities differ,
 * so their rows do), while the next chunk is read and built: the store and the hub then work side by side on the
 * two cores a small server has. An unchanged contract (same hash) is not written; one changed in revbridge and
 * not yet pushed is held as changed, its conflicts with what Salesforce now says recorded (`holdChangedContracts`).
 */
async function buildContracts(importRun: ImportRun, pages: AsyncIterable<OpportunityPage>): Promise<void> {
  const { ctx, run, options } = importRun;
  // A first import takes contracts from nothing to 200,000: the planner must know, or each chunk's lookups scan.
  const statistics = new TableStatistics(ctx.db, ['contracts', 'contract_lines'], !run.dryRun);
  let done = 0;
  // A dry run plans in one transaction, which takes one statement at a time.
  await inParallel(prefetched(builtChunks(importRun, pages)), run.dryRun ? 1 : CHUNKS_IN_FLIGHT, async (chunk) => {
    await writeChunk(importRun, statistics, chunk);
    done += chunk.built.length;
    options.onProgress?.(done, done);
  });
  await statistics.settled();
}

async function writeChunk(
  { ctx, run, errorStates }: ImportRun,
  statistics: TableStatistics,
  { built, stored }: BuiltChunk,
): Promise<void> {
  const held = new Set<string>();
  await applyChunk(run, async (db) => {
    const heldPlans = built.flatMap((b) => (b.plan && stored.get(b.plan.opportunityId)?.held ? [b.plan] : []));
    for (const plan of heldPlans) held.add(plan.opportunityId);
    const holds = await holdChangedContracts(db, heldPlans, stored, ctx.clock.now());
    const changed = built.flatMap((b) =>
      b.plan && !held.has(b.plan.opportunityId) && stored.get(b.plan.opportunityId)?.hash !== b.plan.hash
        ? [b.plan]
        : [],
    );
    const written = await writeContracts(db, changed, ctx.clock.now());
    // Changed in revbridge since this chunk's contracts were read: held like the others, not overwritten.
    const raced = changed.filter((plan) => !written.has(plan.opportunityId));
    for (const plan of raced) held.add(plan.opportunityId);
    for (const [id, hold] of await holdChangedContracts(db, raced, stored, ctx.clock.now())) holds.set(id, hold);
    await statistics.grew(written.size);
    return built.map((b): RecordOutcome => {
      const hold = b.plan && holds.get(b.plan.opportunityId);
      if (hold) return hold;
      const label = stringOrNull(b.opportunity.Name);
      if (!b.plan) {
        return {
          object: 'contract',
          salesforceId: b.opportunity.Id,
          billingId: null,
          label,
          outcome: 'failed',
          errorCode: b.error!.code,
          errorMessage: b.error!.message,
        };
      }
      const w = written.get(b.plan.opportunityId);
      return {
        object: 'contract',
        salesforceId: b.opportunity.Id,
        billingId: w?.id ?? null,
        label,
        outcome: w ? (w.created ? 'created' : 'updated') : 'unchanged',
        warnings: b.plan.warnings,
      };
    });
  });
  for (const b of built) {
    // A held contract's opportunity shows what its push said, not the import.
    if (b.plan && held.has(b.plan.opportunityId)) continue;
    const wanted = revenueSyncError(b.error);
    if ((stringOrNull(b.opportunity.Revenue_Sync_Error__c) ?? null) !== wanted) {
      errorStates.push({ Id: b.opportunity.Id, Revenue_Sync_Error__c: wanted });
    }
  }
}

/** Deleted opportunities, by the delete policy: ignored, their contracts archived, or deleted (each recorded). */
async function applyDeletes({ ctx, crm, run, policies, since }: ImportRun): Promise<void> {
  const deleted = await readDeletedOpportunities(crm, since!);
  if (deleted.length === 0) return;
  await applyChunk(run, async (db) => {
    if (policies.deletes === 'ignore') {
      const kept = await db
        .selectFrom('contracts')
        .select(['id', 'opportunity_id', 'name'])
        .where('opportunity_id', 'in', deleted)
        .execute();
      return kept.map((c): RecordOutcome => ({
        object: 'contract',
        salesforceId: c.opportunity_id!.trim(),
        billingId: c.id,
        label: c.name,
        outcome: 'skipped',
        warnings: [
          'The opportunity was deleted in Salesforce; its contract is kept (REVBRIDGE_REVENUE_DELETES=ignore).',
        ],
      }));
    }
    const removed = await removeContracts(db, deleted, policies.deletes, ctx.clock.now());
    return removed.map((c): RecordOutcome => ({
      object: 'contract',
      salesforceId: c.opportunityId,
      billingId: c.id,
      label: null,
      outcome: 'updated',
      diff: { [policies.deletes === 'archive' ? 'archived' : 'deleted']: { from: false, to: true } },
      warnings: [
        `The opportunity was deleted in Salesforce; its contract is ${policies.deletes === 'archive' ? 'archived' : 'deleted'} (REVBRIDGE_REVENUE_DELETES=${policies.deletes}).`,
      ],
    }));
  });
}

function stringOrNull(value: unknown): string | null {
  return value === null || value === undefined || value === '' ? null : String(value);
}
