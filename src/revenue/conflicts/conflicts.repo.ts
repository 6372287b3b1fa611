import { sql } from 'kysely';
import type { FieldConflict } from '../../domain/contract-snapshot.ts';
import type { Db } from '../../store/db.ts';

/** A stored conflict, with the contract it is on. */
export interface StoredConflict extends FieldConflict {
  contractId: bigint;
  opportunityId: string | null;
  contractName: string;
  detectedAt: Date;
}

/**
 * A contract's conflicts as last detected: the ones given replace what it had (a field changed back on one side
 * is no conflict any more); none clears them. A field already in conflict keeps when it was first seen.
 */
export async function replaceConflicts(
  db: Db,
  contractId: bigint,
  conflicts: readonly FieldConflict[],
  at: Date,
): Promise<void> {
  const id = contractId.toString();
  await sql`DELETE FROM revenue_conflicts WHERE contract_id = ${id}::bigint
    AND NOT (field = any(${conflicts.map((c) => c.field)}::text[]))`.execute(db);
  if (conflicts.length === 0) return;
  await db
    .insertInto('revenue_conflicts')
    .values(
      conflicts.map((c) => ({
        contract_id: contractId,
        field: c.field,
        synced_value: c.synced,
        revbridge_value: c.revbridge,
        salesforce_value: c.salesforce,
        detected_at: at,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['contract_id', 'field']).doUpdateSet((eb) => ({
        synced_value: eb.ref('excluded.synced_value'),
        revbridge_value: eb.ref('excluded.revbridge_value'),
        salesforce_value: eb.ref('excluded.salesforce_value'),
      })),
    )
    .execute();
}

/** Every open conflict (or one contract's), by contract then field. */
export async function listConflicts(db: Db, contractId?: bigint): Promise<StoredConflict[]> {
  let q = db
    .selectFrom('revenue_conflicts as f')
    .innerJoin('contracts as c', 'c.id', 'f.contract_id')
    .select([
      'f.contract_id',
      'f.field',
      'f.synced_value',
      'f.revbridge_value',
      'f.salesforce_value',
      'f.detected_at',
      'c.opportunity_id',
      'c.name',
    ])
    .orderBy('f.contract_id')
    .orderBy('f.field');
  if (contractId !== undefined) q = q.where('f.contract_id', '=', contractId);
  return (await q.execute()).map((r) => ({
    contractId: r.contract_id,
    opportunityId: r.opportunity_id?.trim() ?? null,
    contractName: r.name,
    field: r.field,
    synced: r.synced_value,
    revbridge: r.revbridge_value,
    salesforce: r.salesforce_value,
    detectedAt: r.detected_at,
  }));
}
