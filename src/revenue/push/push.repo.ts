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
export async function keepPushedIds(db: Db, pushed: readonly PushedIds[]): Promise<void> {
  const opportunities = pushed.filter((p) => p.opportunityId !== null);
  if (opportunities.length > 0) {
    await sql`
      UPDATE contracts c SET opportunity_id = x.opportunity_id
      FROM unnest(${pgArray(opportunities.map((p) => p.contractId))}::bigint[],
                  ${pgArray(opportunities.map((p) => p.opportunityId))}::text[]) AS x (id, opportunity_id)
      WHERE c.id = x.id AND c.opportunity_id IS NULL`.execute(db);
  }
  const lines = pushed.flatMap((p) => [...p.lineIds].map(([key, item]) => ({ contractId: p.contractId, key, item })));
  if (lines.length === 0) return;
  await sql`
    UPDATE contract_lines l SET line_item_id = x.item
    FROM unnest(${pgArray(lines.map((l) => l.contractId))}::bigint[], ${pgArray(lines.map((l) => l.key))}::text[],
                ${pgArray(lines.map((l) => l.item))}::text[]) AS x (contract_id, key, item)
    WHERE l.contract_id = x.contract_id AND l.line_key = x.key`.execute(db);
}

/** A contract whose push Salesforce took: what was pushed, and whether nothing of it waits (see `markPushed`). */
export interface PushedContract {
  contractId: bigint;
  /** How many times revbridge had changed it when the push read it. */
  changes: number;
  pushed: ContractSnapshot;
  /** False when it links a contract not yet in Salesforce: that link waits for the next push. */
  settled: boolean;
}

/**
 * Contracts Salesforce now holds as revbridge does: nothing pending (unless a person changed one again while it was
 * pushed, or it is not `settled`: then what was pushed is what the two agree on, and the rest waits for the next
 * push), no push error, and no import hash, so the next import takes the opportunity back as Salesforce keeps it
 * (formulas, triggers). Their conflicts are the caller's (`replaceConflicts`: a pushed contract has none).
 */
export async function markPushed(db: Db, contracts: readonly PushedContract[], at: Date): Promise<void> {
  if (contracts.length === 0) return;
  // Changed again since it was read? (By its count of changes: two changes can fall within one millisecond.)
  await sql`
    WITH x AS (
      SELECT * FROM unnest(${pgArray(contracts.map((c) => c.contractId))}::bigint[],
                           ${pgArray(contracts.map((c) => c.changes))}::int[],
                           ${pgArray(contracts.map((c) => JSON.stringify(c.pushed)))}::jsonb[],
                           ${pgArray(contracts.map((c) => c.settled))}::boolean[]) AS x (id, changes, pushed, settled)
    )
    UPDATE contracts c SET
      synced = CASE WHEN u.unchanged THEN NULL ELSE u.pushed END,
      revbridge_changed_at = CASE WHEN u.unchanged THEN NULL ELSE c.revbridge_changed_at END,
      push_error_code = NULL, push_error = NULL, pushed_at = ${at}, hash = NULL
    FROM (
      SELECT x.id, x.pushed, x.settled AND k.revbridge_changes = x.changes AS unchanged
      FROM x JOIN contracts k ON k.id = x.id
    ) u
    WHERE c.id = u.id`.execute(db);
}

/** Why contracts' pushes were refused: each stays pending, and shows the reason where the user works. */
export async function markPushRefused(
  db: Db,
  refused: ReadonlyArray<{ contractId: bigint; code: string; message: string }>,
): Promise<void> {
  if (refused.length === 0) return;
  await sql`
    UPDATE contracts c SET push_error_code = x.code, push_error = x.message
    FROM unnest(${pgArray(refused.map((r) => r.contractId))}::bigint[], ${pgArray(refused.map((r) => r.code))}::text[],
                ${pgArray(refused.map((r) => r.message))}::text[]) AS x (id, code, message)
    WHERE c.id = x.id`.execute(db);
}
