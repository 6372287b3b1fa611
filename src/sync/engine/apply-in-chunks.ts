import { sql } from 'kysely';
import type { CrmRecord } from '../../crm/crm.port.ts';
import type { Db } from '../../store/db.ts';
import { insertOutcomes, type RecordOutcome } from '../history/history.repo.ts';
import type { SyncOptions } from './sync-context.ts';

/** Records per billing transaction: a crash loses at most this much work, never half a record. */
const RECORDS_PER_TRANSACTION = 500;

/**
 * Applies records in transactions of RECORDS_PER_TRANSACTION, each record behind a savepoint so a refused
 * one rolls back alone. The outcomes of a chunk commit with its billing changes. A dry run applies them in
 * `db`, the plan transaction its flow opened and rolls back once every stage is planned: later records
 * (and later stages) see the earlier ones, as they would.
 */
export async function applyInChunks(
  db: Db,
  records: CrmRecord[],
  dryRun: boolean,
  /** The record's outcome, or null for a record left alone (no history row). */
  apply: (trx: Db, record: CrmRecord) => Promise<RecordOutcome | null>,
  runId: bigint,
  into: RecordOutcome[],
  options: SyncOptions,
): Promise<void> {
  let chunk: RecordOutcome[] = [];
  /** One record behind its savepoint; false when it was left alone. */
  const step = async (trx: Db, r: CrmRecord): Promise<boolean> => {
    await sql`SAVEPOINT sync_record`.execute(trx);
    const outcome = await apply(trx, r);
    if (outcome === null) {
      await sql`RELEASE SAVEPOINT sync_record`.execute(trx);
      return false;
    }
    await sql
      .raw(outcome.outcome === 'failed' ? 'ROLLBACK TO SAVEPOINT sync_record' : 'RELEASE SAVEPOINT sync_record')
      .execute(trx);
    chunk.push(outcome);
    into.push(outcome);
    return true;
  };
  if (dryRun) {
    for (const [i, r] of records.entries()) {
      if (await step(db, r)) options.onProgress?.(i + 1, records.length);
    }
    return;
  }
  let trx = await db.startTransaction().execute();
  try {
    for (const [i, r] of records.entries()) {
      if (!(await step(trx, r))) continue;
      if (chunk.length >= RECORDS_PER_TRANSACTION) {
        await insertOutcomes(trx, runId, chunk);
        await trx.commit().execute();
        trx = await db.startTransaction().execute();
        chunk = [];
      }
      options.onProgress?.(i + 1, records.length);
    }
    await insertOutcomes(trx, runId, chunk);
    await trx.commit().execute();
  } catch (error) {
    await trx
      .rollback()
      .execute()
      .catch(() => undefined);
    throw error;
  }
}
