import { sql } from 'kysely';
import type { Db } from '../../store/db.ts';
import { pgArray } from '../../store/pg-array.ts';
import type { ContractSnapshot } from '../../domain/contract-snapshot.ts';
import { type ContractSums, contractSums } from '../../domain/recurring-revenue.ts';
import type { ContractLinePlan, ContractPlan } from '../import/build-contract.ts';

/** What the store holds of an opportunity's contract: its id, the hash it was built with, whether a change waits. */
export interface ContractState {
  id: bigint;
  hash: string | null;
  /** Changed in revbridge and not yet pushed: an import leaves it as changed. */
  held: boolean;
}

/**
 * Opportunities a push created whose contract did not live to record their id (the push died after Salesforce saved
 * them): each contract takes its opportunity's id, found by the contract id the opportunity carries, so the import
 * finds the contract and does not make a second.
 */
export async function adoptPushedOpportunities(
  db: Db,
  pushed: ReadonlyArray<{ contractId: string; opportunityId: string }>,
): Promise<void> {
  const valid = pushed.filter((p) => /^\d{1,18}$/.test(p.contractId));
  if (valid.length === 0) return;
  await sql`
    UPDATE contracts c SET opportunity_id = x.opportunity_id
    FROM unnest(${pgArray(valid.map((p) => p.contractId))}::bigint[], ${pgArray(valid.map((p) => p.opportunityId))}::text[])
      AS x (contract_id, opportunity_id)
    WHERE c.id = x.contract_id AND c.opportunity_id IS NULL
      AND NOT EXISTS (SELECT 1 FROM contracts o WHERE o.opportunity_id = x.opportunity_id::char(18))`.execute(db);
}

/** The contract of each opportunity that has one, by opportunity id. */
export async function contractStates(db: Db, opportunityIds: readonly string[]): Promise<Map<string, ContractState>> {
  if (opportunityIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('contracts')
    .select(['id', 'opportunity_id', 'hash', 'revbridge_changed_at'])
    .where('opportunity_id', '=', sql<string>`any(${pgArray(opportunityIds)}::char(18)[])`)
    .execute();
  return new Map(
    rows.map((r) => [r.opportunity_id!.trim(), { id: r.id, hash: r.hash, held: r.revbridge_changed_at !== null }]),
  );
}

/**
 * Writes contracts and their lines, set-based: the contracts in one upsert by opportunity id with the sums of their
 * lines (`contractSums`), the old lines of those that existed out and the new ones in, one statement each. Returns
 * each contract's id and whether it was created; a contract changed in revbridge and not yet pushed is left as it
 * is and missing from the result (a person may change one between the caller's read and this write).
 */
export async function writeContracts(
  db: Db,
  plans: readonly ContractPlan[],
  at: Date,
): Promise<Map<string, { id: bigint; created: boolean }>> {
  if (plans.length === 0) return new Map();
  const c = <T extends Parameters<typeof pgArray>[0][number]>(pick: (p: ContractPlan) => T) => pgArray(plans.map(pick));
  const sums = plans.map((p) => contractSums(p, p.lines));
  const s = <T extends Parameters<typeof pgArray>[0][number]>(pick: (x: ContractSums) => T) => pgArray(sums.map(pick));
  const { rows } = await sql<{ id: bigint; opportunity_id: string; created: boolean }>`
    INSERT INTO contracts (
      opportunity_id, origin, name, account_salesforce_id, account_name, stage, close_date, start_date, end_date,
      currency, source_currency, conversion_rate, assigned_arr_minor, assigned_mrr_minor, terminated_effective_date,
      termination_date, recurring, uniform, arr_minor, mrr_minor, one_time_minor, revenue_minor, renews_ref,
      renewed_by_ref, amends_ref, amended_by_ref, hash, modstamp, archived_at, created_at, updated_at)
    SELECT x.opportunity_id, 'salesforce', x.name, x.account_id, x.account_name, x.stage, x.close_date::date,
      x.start_date::date, x.end_date::date, x.currency, x.source_currency, x.rate::numeric, x.arr::bigint,
      x.mrr::bigint, x.terminated::date, x.termination::date, x.recurring, x.uniform, x.arr_sum, x.mrr_sum,
      x.one_time_sum, x.revenue_sum, x.renews, x.renewed_by, x.amends, x.amended_by, x.hash, x.modstamp::timestamptz,
      null, ${at}, ${at}
    FROM unnest(
      ${c((p) => p.opportunityId)}::text[], ${c((p) => p.name)}::text[], ${c((p) => p.accountId)}::text[],
      ${c((p) => p.accountName)}::text[], ${c((p) => p.stage)}::text[], ${c((p) => p.closeDate)}::text[],
      ${c((p) => p.start)}::text[], ${c((p) => p.end)}::text[], ${c((p) => p.currency)}::text[],
      ${c((p) => p.sourceCurrency)}::text[], ${c((p) => p.conversionRate)}::text[],
      ${c((p) => p.assignedArrMinor)}::text[], ${c((p) => p.assignedMrrMinor)}::text[],
      ${c((p) => p.terminatedEffectiveDate)}::text[], ${c((p) => p.terminationDate)}::text[],
      ${s((x) => x.recurring)}::boolean[], ${s((x) => x.uniform)}::boolean[],
      ${s((x) => x.arrMinor)}::bigint[], ${s((x) => x.mrrMinor)}::bigint[], ${s((x) => x.oneTimeMinor)}::bigint[],
      ${s((x) => x.revenueMinor)}::bigint[], ${c((p) => p.renewsRef)}::text[], ${c((p) => p.renewedByRef)}::text[], ${c((p) => p.amendsRef)}::text[],
      ${c((p) => p.amendedByRef)}::text[], ${c((p) => p.hash)}::text[], ${c((p) => p.modstamp)}::text[]
    ) AS x (opportunity_id, name, account_id, account_name, stage, close_date, start_date, end_date, currency,
            source_currency, rate, arr, mrr, terminated, termination, recurring, uniform, arr_sum, mrr_sum, one_time_sum,
            revenue_sum, renews, renewed_by, amends, amended_by, hash, modstamp)
    ON CONFLICT (opportunity_id) DO UPDATE SET
      name = excluded.name, account_salesforce_id = excluded.account_salesforce_id,
      account_name = excluded.account_name, stage = excluded.stage, close_date = excluded.close_date,
      start_date = excluded.start_date, end_date = excluded.end_date, currency = excluded.currency,
      source_currency = excluded.source_currency, conversion_rate = excluded.conversion_rate,
      assigned_arr_minor = excluded.assigned_arr_minor, assigned_mrr_minor = excluded.assigned_mrr_minor,
      terminated_effective_date = excluded.terminated_effective_date, termination_date = excluded.termination_date,
      recurring = excluded.recurring, uniform = excluded.uniform, arr_minor = excluded.arr_minor,
      mrr_minor = excluded.mrr_minor, one_time_minor = excluded.one_time_minor, revenue_minor = excluded.revenue_minor,
      renews_ref = excluded.renews_ref, renewed_by_ref = excluded.renewed_by_ref, amends_ref = excluded.amends_ref,
      amended_by_ref = excluded.amended_by_ref, hash = excluded.hash, modstamp = excluded.modstamp,
      archived_at = null, updated_at = excluded.updated_at
    -- A contract a person changed in revbridge since the caller read it is theirs until a push: never overwritten.
    WHERE contracts.revbridge_changed_at IS NULL
    RETURNING id, opportunity_id, (xmax = 0) AS created`.execute(db);
  const written = new Map(rows.map((r) => [r.opportunity_id.trim(), { id: r.id, created: r.created }]));
  // A contract just created has no lines to replace.
  const replaced = [...written.values()].flatMap((w) => (w.created ? [] : [w.id]));
  if (replaced.length > 0) {
    await sql`DELETE FROM contract_lines WHERE contract_id = any(${pgArray(replaced)}::bigint[])`.execute(db);
  }
  const lines = plans.flatMap((p) => {
    const contract = written.get(p.opportunityId);
    return contract ? p.lines.map((line, position) => ({ contractId: contract.id, position, line })) : [];
  });
  if (lines.length > 0) await insertLines(db, lines);
  return written;
}

/** A contract's sums as its columns. */
function sumColumns(sums: ContractSums) {
  return {
    uniform: sums.uniform,
    recurring: sums.recurring,
    arr_minor: sums.arrMinor,
    mrr_minor: sums.mrrMinor,
    one_time_minor: sums.oneTimeMinor,
    revenue_minor: sums.revenueMinor,
  };
}

/** A line as written: an imported one is known by its line item id; one made in revbridge by its key until pushed. */
export type WrittenLine = ContractLinePlan & { lineKey?: string | null };

async function insertLines(
  db: Db,
  lines: ReadonlyArray<{ contractId: bigint; position: number; line: WrittenLine }>,
): Promise<void> {
  const l = <T extends Parameters<typeof pgArray>[0][number]>(pick: (x: (typeof lines)[number]) => T) =>
    pgArray(lines.map(pick));
  await sql`
    INSERT INTO contract_lines (contract_id, position, line_item_id, product_id, quantity, start_date, end_date,
      revenue_minor, recurring, arr_minor, mrr_minor, assigned_arr_minor, assigned_mrr_minor, line_key)
    SELECT * FROM unnest(
      ${l((x) => x.contractId)}::bigint[], ${l((x) => x.position)}::int[], ${l((x) => x.line.lineItemId)}::text[],
      ${l((x) => x.line.productId)}::bigint[], ${l((x) => x.line.quantity)}::numeric[],
      ${l((x) => x.line.start)}::date[], ${l((x) => x.line.end)}::date[], ${l((x) => x.line.revenueMinor)}::bigint[],
      ${l((x) => x.line.recurring)}::boolean[], ${l((x) => x.line.arrMinor)}::bigint[],
      ${l((x) => x.line.mrrMinor)}::bigint[], ${l((x) => x.line.assignedArrMinor)}::bigint[],
      ${l((x) => x.line.assignedMrrMinor)}::bigint[], ${l((x) => x.line.lineKey ?? null)}::text[])`.execute(db);
}

/**
 * The renewal and amendment links Salesforce gives (Renews / Renewed By / Amends / Amended By, either side of a
 * link is enough), rebuilt in one statement from every imported contract's references: links from an import
 * are taken as they are (seed 004), a link whose reference was cleared in Salesforce goes, and a link made in
 * revbridge stays unless Salesforce now links that contract itself. A contract changed in revbridge and not yet
 * pushed keeps its links as they are: the push writes them.
 */
export async function rebuildSalesforceLinks(db: Db, at: Date): Promise<void> {
  await sql`
    WITH wanted AS (
      SELECT DISTINCT ON (kind, later_id) kind, later_id, earlier_id FROM (
        SELECT 'renewal' AS kind, c.id AS later_id, e.id AS earlier_id, 1 AS pref
          FROM contracts c JOIN contracts e ON e.opportunity_id = c.renews_ref
        UNION ALL
        SELECT 'renewal', l.id, c.id, 2
          FROM contracts c JOIN contracts l ON l.opportunity_id = c.renewed_by_ref
        UNION ALL
        SELECT 'amendment', c.id, e.id, 1
          FROM contracts c JOIN contracts e ON e.opportunity_id = c.amends_ref
        UNION ALL
        SELECT 'amendment', l.id, c.id, 2
          FROM contracts c JOIN contracts l ON l.opportunity_id = c.amended_by_ref
      ) refs
      WHERE later_id <> earlier_id
        -- A contract changed in revbridge and not yet pushed keeps its links as revbridge has them.
        AND NOT EXISTS (SELECT 1 FROM contracts h WHERE h.id = later_id AND h.revbridge_changed_at IS NOT NULL)
      ORDER BY kind, later_id, pref
    ),
    dropped AS (
      DELETE FROM contract_links k
      WHERE k.source = 'salesforce'
        AND NOT EXISTS (SELECT 1 FROM contracts h WHERE h.id = k.later_id AND h.revbridge_changed_at IS NOT NULL)
        -- A link Salesforce still names (perhaps to another contract) is updated below, not deleted: the two
        -- parts of one statement must not touch the same row.
        AND NOT EXISTS (SELECT 1 FROM wanted w WHERE w.kind = k.kind AND w.later_id = k.later_id)
    )
    INSERT INTO contract_links (kind, later_id, earlier_id, source, created_at)
    SELECT kind, later_id, earlier_id, 'salesforce', ${at} FROM wanted
    ON CONFLICT (kind, later_id) DO UPDATE SET earlier_id = excluded.earlier_id, source = 'salesforce'
    WHERE (contract_links.earlier_id, contract_links.source) IS DISTINCT FROM (excluded.earlier_id, 'salesforce')`.execute(
    db,
  );
}

/** A contract made or changed in revbridge, as its use-case built it: what an import's plan holds of it. */
export type ManagedContract = Pick<
  ContractPlan,
  | 'name'
  | 'accountId'
  | 'accountName'
  | 'stage'
  | 'closeDate'
  | 'start'
  | 'end'
  | 'currency'
  | 'assignedArrMinor'
  | 'assignedMrrMinor'
> & { lines: WrittenLine[] };

/**
 * Writes a contract made in revbridge (`id` undefined: a new one) or changed there, with its lines, in one
 * transaction (the caller's when `db` is one), marked as changed in revbridge and its push error cleared (the next
 * push tells). `synced`: for a contract that is in
 * Salesforce, its fields as the two last agreed, kept from the first change until a push settles them.
 * Returns its id.
 */
export async function saveManagedContract(
  db: Db,
  c: ManagedContract,
  id: bigint | undefined,
  at: Date,
  synced: ContractSnapshot | null = null,
): Promise<bigint> {
  // One transaction: the caller's, or its own.
  const atomically = <T>(work: (trx: Db) => Promise<T>) =>
    db.isTransaction ? work(db) : db.transaction().execute(work);
  return atomically(async (trx) => {
    const values = {
      name: c.name,
      account_salesforce_id: c.accountId,
      account_name: c.accountName,
      stage: c.stage,
      close_date: c.closeDate,
      start_date: c.start,
      end_date: c.end,
      assigned_arr_minor: c.assignedArrMinor,
      assigned_mrr_minor: c.assignedMrrMinor,
      ...sumColumns(contractSums(c, c.lines)),
      revbridge_changed_at: at,
      revbridge_changes: sql<number>`revbridge_changes + 1`,
      synced: synced === null ? null : JSON.stringify(synced),
      push_error_code: null,
      push_error: null,
      updated_at: at,
    };
    const contractId =
      id === undefined
        ? (
            await trx
              .insertInto('contracts')
              .values({
                ...values,
                revbridge_changes: 1,
                origin: 'revbridge',
                currency: c.currency,
                source_currency: c.currency,
                conversion_rate: '1',
                created_at: at,
              })
              .returning('id')
              .executeTakeFirstOrThrow()
          ).id
        : (
            await trx
              .updateTable('contracts')
              .set(values)
              .where('id', '=', id)
              .returning('id')
              .executeTakeFirstOrThrow()
          ).id;
    await sql`DELETE FROM contract_lines WHERE contract_id = ${contractId.toString()}::bigint`.execute(trx);
    await insertLines(
      trx,
      c.lines.map((line, position) => ({ contractId, position, line })),
    );
    return contractId;
  });
}

/** Deletes a contract made in revbridge and not yet pushed; false when it is in Salesforce (it is left as it is). */
export async function deleteRevbridgeContract(db: Db, id: bigint): Promise<boolean> {
  const row = await db
    .deleteFrom('contracts')
    .where('id', '=', id)
    .where('origin', '=', 'revbridge')
    .where('opportunity_id', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** A link made in revbridge: `later` renews or amends `earlier`, replacing the link `later` had of that kind. */
export async function saveContractLink(
  db: Db,
  kind: 'renewal' | 'amendment',
  earlierId: bigint,
  laterId: bigint,
  at: Date,
): Promise<void> {
  await db
    .insertInto('contract_links')
    .values({ kind, later_id: laterId, earlier_id: earlierId, source: 'revbridge', created_at: at })
    .onConflict((oc) => oc.columns(['kind', 'later_id']).doUpdateSet({ earlier_id: earlierId, source: 'revbridge' }))
    .execute();
}

/**
 * The link Salesforce gives a contract (a person kept Salesforce's Renews__c or Amends__c): `later` renews or amends
 * the contract of opportunity `earlierOpportunityId`, or nothing of that kind when it is null or no contract.
 */
export async function takeSalesforceLink(
  db: Db,
  kind: 'renewal' | 'amendment',
  laterId: bigint,
  earlierOpportunityId: string | null,
  at: Date,
): Promise<void> {
  await db.deleteFrom('contract_links').where('kind', '=', kind).where('later_id', '=', laterId).execute();
  if (earlierOpportunityId === null) return;
  await sql`
    INSERT INTO contract_links (kind, later_id, earlier_id, source, created_at)
    SELECT ${kind}, ${laterId.toString()}::bigint, e.id, 'salesforce', ${at} FROM contracts e
    WHERE e.opportunity_id = ${earlierOpportunityId}::char(18) AND e.id <> ${laterId.toString()}::bigint`.execute(db);
}

/** What a deleted opportunity does to its contract: kept and marked archived, or deleted. Returns the ids touched. */
export async function removeContracts(
  db: Db,
  opportunityIds: readonly string[],
  policy: 'archive' | 'propagate',
  at: Date,
): Promise<Array<{ id: bigint; opportunityId: string }>> {
  if (opportunityIds.length === 0) return [];
  const ids = pgArray(opportunityIds);
  const { rows } =
    policy === 'archive'
      ? await sql<{ id: bigint; opportunity_id: string }>`
          UPDATE contracts SET archived_at = ${at}, updated_at = ${at}
          WHERE opportunity_id = any(${ids}::char(18)[]) AND archived_at IS NULL RETURNING id, opportunity_id`.execute(
          db,
        )
      : await sql<{ id: bigint; opportunity_id: string }>`
          DELETE FROM contracts WHERE opportunity_id = any(${ids}::char(18)[]) RETURNING id, opportunity_id`.execute(
          db,
        );
  return rows.map((r) => ({ id: r.id, opportunityId: r.opportunity_id.trim() }));
}

/** The currency contracts are kept in (the tenant's), or undefined before the first contract. */
export async function contractsCurrency(db: Db): Promise<string | undefined> {
  const row = await db.selectFrom('contracts').select('currency').limit(1).executeTakeFirst();
  return row?.currency.trim();
}

/** A contract in Salesforce changed in revbridge other than through its fields (a link): pending a push. */
export async function markChangedInRevbridge(db: Db, id: bigint, synced: ContractSnapshot, at: Date): Promise<void> {
  await db
    .updateTable('contracts')
    .set({
      revbridge_changed_at: at,
      revbridge_changes: sql<number>`revbridge_changes + 1`,
      synced: JSON.stringify(synced),
      push_error_code: null,
      push_error: null,
      updated_at: at,
    })
    .where('id', '=', id)
    .execute();
}
