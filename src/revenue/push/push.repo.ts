import { sql } from 'kysely';
import type { ContractSnapshot } from '../../domain/contract-snapshot.ts';
import type { Db } from '../../store/db.ts';
import { pgArray } from '../../store/pg-array.ts';

/** Contracts changed in revbridge and not yet in Salesforce, in id order, `limit` after `afterId`. */
export async function pendingContractIds(db: Db, afterId: bigint, limit: number): Promise<bigint[]> {
  const rows = await db
    .selectFrom('contracts')
    .select('id')
    .where('revbridge_changed_at', 'is not', null)
    .where('archived_at', 'is', null)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** The Product2 id of each revenue product that has one. */
export async function productSalesforceIds(db: Db, ids: readonly bigint[]): Promise<Map<bigint, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('revenue_products')
    .select(['id', 'salesforce_id'])
    .where('id', '=', sql<bigint>`any(${pgArray(ids)}::bigint[])`)
    .where('salesforce_id', 'is not', null)
    .execute();
  return new Map(rows.map((r) => [r.id, r.salesforce_id!.trim()]));
}

/** What Salesforce gave a contract in one push: its opportunity's id, and ids of lines it created, by line key. */
export interface PushedIds {
  contractId: bigint;
  opportunityId: string | null;
  lineIds: ReadonlyMap<string, string>;
}

/** Keeps the ids Salesforce gave, whatever else the push did: a retried push then updates, never creates twice. */
export async function keepPushedIds(db: Db, pushed: PushedIds): Promise<void> {
  const id = pushed.contractId.toString();
  if (pushed.opportunityId !== null) {
    await sql`UPDATE contracts SET opportunity_id = ${pushed.opportunityId}
      WHERE id = ${id}::bigint AND opportunity_id IS NULL`.execute(db);
  }
  if (pushed.lineIds.size === 0) return;
  await sql`
    UPDATE contract_lines l SET line_item_id = x.item
    FROM unnest(${pgArray([...pushed.lineIds.keys()])}::text[], ${pgArray([...pushed.lineIds.values()])}::text[])
      AS x (key, item)
    WHERE l.contract_id = ${id}::bigint AND l.line_key = x.key`.execute(db);
}

/**
 * A contract Salesforce now holds as revbridge does: nothing pending (unless a person changed it again while it was
 * pushed, or it links a contract not yet in Salesforce (`settled` false): then what was pushed is what the two agree
 * on, and the rest waits for the next push), no push error, no conflict, and no import hash, so the next import takes
 * the opportunity back as Salesforce keeps it (formulas, triggers).
 */
export async function markPushed(
  db: Db,
  contractId: bigint,
  changedAt: Date,
  pushed: ContractSnapshot,
  settled: boolean,
  at: Date,
): Promise<void> {
  const id = contractId.toString();
  // Changed again since it was read? (Compared to the millisecond: what JavaScript dates carry.)
  const unchanged = settled
    ? sql`date_trunc('milliseconds', revbridge_changed_at) = date_trunc('milliseconds', ${changedAt}::timestamptz)`
    : sql`false`;
  await sql`
    UPDATE contracts SET
      synced = CASE WHEN ${unchanged} THEN NULL ELSE ${JSON.stringify(pushed)}::jsonb END,
      revbridge_changed_at = CASE WHEN ${unchanged} THEN NULL ELSE revbridge_changed_at END,
      push_error_code = NULL, push_error = NULL, pushed_at = ${at}, hash = NULL
    WHERE id = ${id}::bigint`.execute(db);
  await sql`DELETE FROM revenue_conflicts WHERE contract_id = ${id}::bigint`.execute(db);
}

/** Why a contract's push was refused: it stays pending, and shows the reason where the user works. */
export async function markPushRefused(db: Db, contractId: bigint, code: string, message: string): Promise<void> {
  await db
    .updateTable('contracts')
    .set({ push_error_code: code, push_error: message })
    .where('id', '=', contractId)
    .execute();
}
