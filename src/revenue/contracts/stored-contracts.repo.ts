import { type ExpressionBuilder, sql } from 'kysely';
import type { CurrencyCode } from '../../domain/currency.ts';
import type { Db } from '../../store/db.ts';
import { pgArray } from '../../store/pg-array.ts';
import type { Database } from '../../store/schema.ts';
import type { ContractLinks, StoredContract, StoredLine } from './contract-view.ts';

export interface ContractFilter {
  /** Salesforce account id. */
  accountId?: string;
  /** Contracts after this id (keyset paging). */
  afterId?: bigint;
  limit: number;
  /** Archived contracts (their opportunity was deleted in Salesforce) too. */
  includeArchived?: boolean;
}

/** Contracts in id order, each with its lines and its status read through the stage mapping. */
export async function findContracts(db: Db, filter: ContractFilter): Promise<StoredContract[]> {
  let q = contractQuery(db).orderBy('c.id').limit(filter.limit);
  if (filter.accountId) q = q.where('c.account_salesforce_id', '=', filter.accountId);
  if (filter.afterId !== undefined) q = q.where('c.id', '>', filter.afterId);
  if (!filter.includeArchived) q = q.where('c.archived_at', 'is', null);
  return withLines(db, await q.execute());
}

export async function findContractsById(db: Db, ids: readonly bigint[]): Promise<StoredContract[]> {
  if (ids.length === 0) return [];
  const rows = await contractQuery(db)
    .where('c.id', '=', sql<bigint>`any(${pgArray(ids)}::bigint[])`)
    .execute();
  return withLines(db, rows);
}

/** A contract's id, by its own id or its opportunity's (18-character) id; undefined when there is none. */
export async function findContractId(
  db: Db,
  key: { id: bigint } | { opportunityId: string },
): Promise<bigint | undefined> {
  const row = await db
    .selectFrom('contracts')
    .select('id')
    .where('id' in key ? 'id' : 'opportunity_id', '=', 'id' in key ? key.id : key.opportunityId)
    .executeTakeFirst();
  return row?.id;
}

/**
 * The renewal and amendment links of `contracts`, with the linked contracts loaded; and the links of the
 * contracts they amend too (an amendment's state follows that contract's renewal).
 */
export async function linksOf(db: Db, contracts: readonly StoredContract[]): Promise<Map<bigint, ContractLinks>> {
  const known = new Map(contracts.map((c) => [c.id, c]));
  const ids = new Set(contracts.map((c) => c.id));
  const edges = await edgesOf(db, [...ids]);
  const amended = edges.filter((e) => e.kind === 'amendment' && ids.has(e.later_id) && !ids.has(e.earlier_id));
  const parents = [...new Set(amended.map((e) => e.earlier_id))];
  for (const e of await edgesOf(db, parents))
    if (!edges.some((x) => x.kind === e.kind && x.later_id === e.later_id)) edges.push(e);
  for (const id of parents) ids.add(id);
  const missing = [...new Set(edges.flatMap((e) => [e.later_id, e.earlier_id]))].filter((id) => !known.has(id));
  for (const c of await findContractsById(db, missing)) known.set(c.id, c);
  const links = new Map<bigint, ContractLinks>(
    [...ids].map((id) => [id, { renews: null, renewals: [], amends: null, amendments: [] }]),
  );
  for (const e of edges) {
    const later = known.get(e.later_id)!;
    const earlier = known.get(e.earlier_id)!;
    const fromLater = links.get(e.later_id);
    const fromEarlier = links.get(e.earlier_id);
    if (e.kind === 'renewal') {
      if (fromLater) fromLater.renews = earlier;
      fromEarlier?.renewals.push(later);
    } else {
      if (fromLater) fromLater.amends = earlier;
      fromEarlier?.amendments.push(later);
    }
  }
  return links;
}

async function edgesOf(db: Db, ids: readonly bigint[]) {
  if (ids.length === 0) return [];
  const any = sql<bigint>`any(${pgArray(ids)}::bigint[])`;
  return db
    .selectFrom('contract_links')
    .selectAll()
    .where((eb) => eb.or([eb('later_id', '=', any), eb('earlier_id', '=', any)]))
    .orderBy('later_id')
    .execute();
}

/** A contract with its status: its stage's category, so a remapped stage re-derives it on the next read. */
function contractQuery(db: Db) {
  return db
    .selectFrom('contracts as c')
    .innerJoin('revenue_stages as s', 's.stage', 'c.stage')
    .selectAll('c')
    .select('s.category')
    .select((eb) => [linked(eb, 'renewal', 'id').as('renews_id'), linked(eb, 'amendment', 'id').as('amends_id')])
    .select((eb) => [
      linked(eb, 'renewal', 'opportunity_id').as('renews_opportunity_id'),
      linked(eb, 'amendment', 'opportunity_id').as('amends_opportunity_id'),
    ]);
}

/** The contract `c` renews (or amends), or a column of it. */
function linked<C extends 'id' | 'opportunity_id'>(
  eb: ExpressionBuilder<Database & { c: Database['contracts'] }, 'c'>,
  kind: 'renewal' | 'amendment',
  column: C,
) {
  return eb
    .selectFrom('contract_links as k')
    .innerJoin('contracts as e', 'e.id', 'k.earlier_id')
    .select(`e.${column}` as `e.${C}`)
    .whereRef('k.later_id', '=', 'c.id')
    .where('k.kind', '=', kind);
}

type ContractRow = Awaited<ReturnType<ReturnType<typeof contractQuery>['execute']>>[number];

async function withLines(db: Db, rows: ContractRow[]): Promise<StoredContract[]> {
  if (rows.length === 0) return [];
  const lines = await db
    .selectFrom('contract_lines as l')
    .innerJoin('revenue_products as p', 'p.id', 'l.product_id')
    .select([
      'l.contract_id',
      'l.line_item_id',
      'l.line_key',
      'l.product_id',
      'l.assigned_arr_minor',
      'l.assigned_mrr_minor',
      'l.quantity',
      'l.start_date',
      'l.end_date',
      'l.revenue_minor',
      'l.recurring',
      'l.arr_minor',
      'l.mrr_minor',
      'p.code',
      'p.name',
    ])
    .where('l.contract_id', '=', sql<bigint>`any(${pgArray(rows.map((r) => r.id))}::bigint[])`)
    .orderBy('l.contract_id')
    .orderBy('l.position')
    .execute();
  const byContract = new Map<bigint, StoredLine[]>();
  for (const l of lines) {
    const list = byContract.get(l.contract_id) ?? [];
    list.push({
      product: l.code ?? l.name,
      productId: l.product_id,
      lineItemId: l.line_item_id?.trim() ?? null,
      lineKey: l.line_key,
      assignedArrMinor: l.assigned_arr_minor,
      assignedMrrMinor: l.assigned_mrr_minor,
      quantity: l.quantity,
      start: l.start_date,
      end: l.end_date,
      revenueMinor: l.revenue_minor,
      recurring: l.recurring,
      arrMinor: l.arr_minor,
      mrrMinor: l.mrr_minor,
    });
    byContract.set(l.contract_id, list);
  }
  return rows.map((r) => ({
    id: r.id,
    opportunityId: r.opportunity_id?.trim() ?? null,
    name: r.name,
    accountId: r.account_salesforce_id?.trim() ?? null,
    accountName: r.account_name,
    stage: r.stage,
    status: r.category,
    closeDate: r.close_date,
    start: r.start_date,
    end: r.end_date,
    currency: r.currency as CurrencyCode,
    assignedArrMinor: r.assigned_arr_minor,
    assignedMrrMinor: r.assigned_mrr_minor,
    terminatedEffectiveDate: r.terminated_effective_date,
    terminationDate: r.termination_date,
    archived: r.archived_at !== null,
    sourceCurrency: r.source_currency,
    revbridgeChangedAt: r.revbridge_changed_at,
    revbridgeChanges: r.revbridge_changes,
    synced: r.synced,
    pushError: r.push_error_code === null ? null : `${r.push_error_code}: ${r.push_error ?? ''}`,
    renewsId: r.renews_id ?? null,
    renewsOpportunityId: r.renews_opportunity_id?.trim() ?? null,
    amendsId: r.amends_id ?? null,
    amendsOpportunityId: r.amends_opportunity_id?.trim() ?? null,
    lines: byContract.get(r.id) ?? [],
  }));
}

/**
 * The name revbridge knows a Salesforce account by: from its imported contracts, else from the billing account
 * synced from it; null when it knows neither.
 */
export async function knownAccountName(db: Db, accountId: string): Promise<string | null> {
  const { rows } = await sql<{ name: string }>`
    SELECT name FROM (
      (SELECT account_name AS name, 1 AS pref FROM contracts
       WHERE account_salesforce_id = ${accountId}::char(18) AND account_name IS NOT NULL LIMIT 1)
      UNION ALL
      SELECT a.name, 2 FROM sync_links l JOIN accounts a ON a.id = l.billing_id
      WHERE l.object = 'account' AND l.salesforce_id = ${accountId}
    ) known ORDER BY pref LIMIT 1`.execute(db);
  return rows[0]?.name ?? null;
}
