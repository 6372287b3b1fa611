import { sql } from 'kysely';
import type { Db } from '../../store/db.ts';
import { insertOutcomes, type RecordOutcome } from '../history/history.repo.ts';
import type { RunOutcomes } from './run-outcomes.ts';

/** Records per billing transaction: a crash loses at most this much work, never half a record. */
export const RECORDS_PER_TRANSACTION = 500;

/** Where a flow applies its records: billing's store, the run's history, and whether it only plans. */
export interface ChunkRun {
  /** Billing's store; in a dry run, the plan transaction the flow rolls back once every stage is planned. */
  db: Db;
  /** Where outcomes go in a dry run (the plan is rolled back, its history is kept). */
  historyDb: Db;
  dryRun: boolean;
  runId: bigint;
  outcomes: RunOutcomes;
}

/**
 * Applies one chunk of records (≤ RECORDS_PER_TRANSACTION) in one transaction with its outcomes, so the
 * history never says more or less than billing holds. A dry run applies it in the plan transaction, where
 * later chunks (and stages) see the earlier ones, as they would.
 */
export async function applyChunk(
  run: ChunkRun,
  apply: (trx: Db) => Promise<RecordOutcome[]>,
): Promise<RecordOutcome[]> {
  let outcomes: RecordOutcome[];
  if (run.dryRun) {
    outcomes = await apply(run.db);
    await insertOutcomes(run.historyDb, run.runId, outcomes);
  } else {
    outcomes = await run.db.transaction().execute(async (trx) => {
      const applied = await apply(trx);
      await insertOutcomes(trx, run.runId, applied);
      return applied;
    });
  }
  run.outcomes.add(...outcomes);
  return outcomes;
}

/**
 * One record's writes behind a savepoint: a refused record (outcome `failed`) rolls back alone, the rest of
 * its chunk goes on.
 */
export async function withSavepoint(trx: Db, apply: () => Promise<RecordOutcome>): Promise<RecordOutcome> {
  await sql`SAVEPOINT sync_record`.execute(trx);
  const outcome = await apply();
  await sql
    .raw(outcome.outcome === 'failed' ? 'ROLLBACK TO SAVEPOINT sync_record' : 'RELEASE SAVEPOINT sync_record')
    .execute(trx);
  return outcome;
}

/** Pages of `source`, the next one already being read while the caller works on this one. */
export async function* prefetched<T>(source: AsyncIterable<T>): AsyncIterable<T> {
  const iterator = source[Symbol.asyncIterator]();
  let next = iterator.next();
  try {
    for (;;) {
      const current = await next;
      if (current.done) return;
      next = iterator.next();
      // A read that fails while the caller is busy is reported when the caller asks for it, not before.
      next.catch(() => undefined);
      yield current.value;
    }
  } finally {
    await iterator.return?.();
  }
}

/**
 * `work` on each item of `source` as it comes, at most `limit` at a time; resolves when all are done. The first
 * failure, of the work or of the source (a page Salesforce did not serve), stops taking items and is thrown once
 * the work in flight has settled: none is left running unseen after the caller has moved on (a run recorded as
 * over, its lock released, while a chunk it started is still being written).
 */
export async function inParallel<T>(
  source: AsyncIterable<T>,
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  const running = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  try {
    for await (const item of source) {
      if (failure) break;
      const task: Promise<void> = work(item).then(
        () => {
          running.delete(task);
        },
        (error: unknown) => {
          running.delete(task);
          failure ??= { error };
        },
      );
      running.add(task);
      if (running.size >= limit) await Promise.race(running);
    }
  } catch (error) {
    failure ??= { error };
  }
  await Promise.all(running);
  if (failure) throw failure.error;
}
