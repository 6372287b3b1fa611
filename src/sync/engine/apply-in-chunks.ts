import { sql } from 'kysely';
import type { CrmRecord } from '../../crm/crm.port.ts';
import type { Db } from '../../store/db.ts';
import { insertOutcomes, type RecordOutcome } from '../history/history.repo.ts';
import type { SyncOptions } from './sync-context.ts';

/** Records per billing transaction: a crash loses at most this much work, never half a record. */
const RECORDS_PER_TRANSACTION = 500;

/**
 * Applies records in transactions of RECORDS_PER_TRANSACTION, each record behind a savepoint so a refused
 * one rolls back alone. The outcomes of a chunk commit with its billing changes. A dry run keeps one
 * transaction open to the end and rolls it back: later records see the earlier ones, as they would.
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
  let trx = await db.startTransaction().execute();
  let chunk: RecordOutcome[] = [];
  try {
    for (const [i, r] of records.entries()) {
      await sql`SAVEPOINT sync_record`.execute(trx);
      const outcome = await apply(trx, r);
      if (outcome === null) {
        await sql`RELEASE SAVEPOINT sync_record`.execute(trx);
        continue;
      }
      await sql
        .raw(outcome.outcome === 'failed' ? 'ROLLBACK TO SAVEPOINT sync_record' : 'RELEASE SAVEPOINT sync_record')
        .execute(trx);
      chunk.push(outcome);
      into.push(outcome);
      if (!dryRun && chunk.length >= RECORDS_PER_TRANSACTION) {
        await insertOutcomes(trx, runId, chunk);
        await trx.commit().execute();
        trx = await db.startTransaction().execute();
        chunk = [];
      }
      options.onProgress?.(i + 1, records.length);
    }
    if (dryRun) {
      await trx.rollback().execute();
    } else {
      await insertOutcomes(trx, runId, chunk);
      await trx.commit().execute();
    }
  } catch (error) {
    await trx
      .rollback()
      .execute()
      .catch(() => undefined);
    throw error;
  }
}
