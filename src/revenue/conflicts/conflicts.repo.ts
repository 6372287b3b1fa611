import { sql } from 'kysely';
import type { FieldConflict } from '../../domain/contract-snapshot.ts';
import type { Db } from '../../store/db.ts';
import { pgArray } from '../../store/pg-array.ts';

/** A stored conflict, with the contract it is on. */
export interface StoredConflict extends FieldConflict {
  contractId: bigint;
  opportunityId: string | null;
  contractName: string;
  detectedAt: Date;
}

/** The conflicts found on one contract this time (none: it has none any more). */
export interface ContractConflicts {
  contractId: bigint;
  conflicts: readonly FieldConflict[];
}

/**
 * Contracts' conflicts as last detected, in two statements whatever their number: the ones given replace what each
 * had (a field changed back on one side is no conflict any more); none clears them. A field already in conflict
 * keeps when it was first seen.
 */
export async function replaceConflicts(db: Db, found: readonly ContractConflicts[], at: Date): Promise<void> {
  if (found.length === 0) return;
  const rows = found.flatMap((f) => f.conflicts.map((c) => ({ contractId: f.contractId, conflict: c })));
  await sql`
    DELETE FROM revenue_conflicts r
    WHERE r.contract_id = any(${pgArray(found.map((f) => f.contractId))}::bigint[])
      AND NOT EXISTS (
        SELECT 1 FROM unnest(${pgArray(rows.map((r) => r.contractId))}::bigint[],
                             ${pgArray(rows.map((r) => r.conflict.field))}::text[]) AS n (contract_id, field)
        WHERE n.contract_id = r.contract_id AND n.field = r.field)`.execute(db);
  if (rows.length === 0) return;
  await db
    .insertInto('revenue_conflicts')
    .values(
      rows.map(({ contractId, conflict: c }) => ({
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
