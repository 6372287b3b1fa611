import { type Selectable, sql } from 'kysely';
import { ERROR_CATALOG } from '../../domain/errors.ts';
import type { OutcomeCounts, SyncOutcomeKind, SyncRunStatus } from '../../domain/sync-run.ts';
import type { Db } from '../../store/db.ts';
import type { RetryRecord, SyncOutcomesTable, SyncRunsTable } from '../../store/schema.ts';
import { pgArray } from '../../store/pg-array.ts';

export type SyncRunRow = Selectable<SyncRunsTable>;
export type SyncOutcomeRow = Selectable<SyncOutcomesTable>;

/** One record's outcome, as a flow reports it. */
export interface RecordOutcome {
  object: string;
  salesforceId: string | null;
  billingId: bigint | null;
  label: string | null;
  outcome: SyncOutcomeKind;
  diff?: Record<string, { from: unknown; to: unknown }> | null;
  errorCode?: string | null;
  errorMessage?: string | null;
  warnings?: string[] | null;
}

export async function insertRun(
  db: Db,
  run: { flow: string; trigger: string; dryRun: boolean; retryOf: bigint | null; at: Date },
): Promise<SyncRunRow> {
  return db
    .insertInto('sync_runs')
    .values({
      flow: run.flow,
      trigger: run.trigger,
      dry_run: run.dryRun,
      status: 'running',
      retry_of: run.retryOf,
      started_at: run.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A running run's sign of life, on the database's clock. */
export async function beatRun(db: Db, id: bigint): Promise<void> {
  await db
    .updateTable('sync_runs')
    .set({ heartbeat_at: sql`now()` })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .execute();
}

/**
 * Ends the runs whose process stopped (killed, crashed, the machine gone): `running`, and silent for longer
 * than `silentSeconds`. They end `failed` with `sync_run_interrupted`; what they committed stays (each chunk
 * commits with its history), and the next run picks up the rest. Returns the ids ended.
 */
export async function endInterruptedRuns(db: Db, silentSeconds: number): Promise<bigint[]> {
  const rows = await db
    .updateTable('sync_runs')
    .set({
      status: 'failed',
      error_code: 'sync_run_interrupted',
      error_message: ERROR_CATALOG.sync_run_interrupted.text,
      finished_at: sql`heartbeat_at`,
    })
    .where('status', '=', 'running')
    .where('heartbeat_at', '<', sql<Date>`now() - make_interval(secs => ${silentSeconds})`)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

export async function finishRun(
  db: Db,
  id: bigint,
  end: {
    status: SyncRunStatus;
    counts: OutcomeCounts & Record<string, unknown>;
    apiCalls: number;
    retries: readonly RetryRecord[];
    errorCode: string | null;
    errorMessage: string | null;
    at: Date;
  },
): Promise<SyncRunRow> {
  return db
    .updateTable('sync_runs')
    .set({
      status: end.status,
      counts: JSON.stringify(end.counts),
      api_calls: end.apiCalls,
      retries: JSON.stringify(end.retries),
      error_code: end.errorCode,
      error_message: end.errorMessage,
      finished_at: end.at,
    })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Appends outcomes in one statement (a run records thousands). */
/**
 * A chunk's outcomes in one statement with one array parameter per column (`unnest`): a chunk of 500
 * would otherwise be 5,000 parameters for the driver to bind and the server to parse.
 */
export async function insertOutcomes(db: Db, runId: bigint, outcomes: readonly RecordOutcome[]): Promise<void> {
  if (outcomes.length === 0) return;
  const column = <T>(pick: (o: RecordOutcome) => T) => outcomes.map(pick);
  await sql`
    INSERT INTO sync_outcomes
      (run_id, object, salesforce_id, billing_id, label, outcome, diff, error_code, error_message, warnings)
    SELECT ${runId.toString()}::bigint, * FROM unnest(
      ${pgArray(column((o) => o.object))}::text[],
      ${pgArray(column((o) => o.salesforceId))}::text[],
      ${pgArray(column((o) => o.billingId?.toString() ?? null))}::bigint[],
      ${pgArray(column((o) => o.label))}::text[],
      ${pgArray(column((o) => o.outcome))}::text[],
      ${pgArray(column((o) => (o.diff ? JSON.stringify(o.diff) : null)))}::jsonb[],
      ${pgArray(column((o) => o.errorCode ?? null))}::text[],
      ${pgArray(column((o) => o.errorMessage ?? null))}::text[],
      ${pgArray(column((o) => (o.warnings && o.warnings.length > 0 ? JSON.stringify(o.warnings) : null)))}::jsonb[]
    )`.execute(db);
}

export async function findRun(db: Db, id: bigint): Promise<SyncRunRow | undefined> {
  return db.selectFrom('sync_runs').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findOutcome(db: Db, id: bigint): Promise<SyncOutcomeRow | undefined> {
  return db.selectFrom('sync_outcomes').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listRuns(db: Db, filter: { limit: number; failedOnly: boolean }): Promise<SyncRunRow[]> {
  let q = db.selectFrom('sync_runs').selectAll();
  if (filter.failedOnly) q = q.where('status', 'in', ['failed', 'partial', 'deferred']);
  return q.orderBy('started_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
}

export async function listOutcomes(
  db: Db,
  filter: { runId?: bigint; failedOnly: boolean; limit: number },
): Promise<SyncOutcomeRow[]> {
  let q = db.selectFrom('sync_outcomes').selectAll();
  if (filter.runId !== undefined) q = q.where('run_id', '=', filter.runId);
  if (filter.failedOnly) q = q.where('outcome', 'in', ['failed', 'deferred']);
  return q.orderBy('id', 'desc').limit(filter.limit).execute();
}

/**
 * Salesforce records of `object` whose latest real (not dry-run) outcome is a failure with `code`: polling
 * reads them again, as a fix elsewhere (their parent) may let them through.
 */
export async function stillFailing(db: Db, object: string, code: string, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('sync_outcomes as f')
    .innerJoin('sync_runs as r', 'r.id', 'f.run_id')
    .select('f.salesforce_id')
    .distinct()
    .where('f.object', '=', object)
    .where('f.outcome', '=', 'failed')
    .where('f.error_code', '=', code)
    .where('r.dry_run', '=', false)
    .where('f.salesforce_id', 'is not', null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('sync_outcomes as o')
            .innerJoin('sync_runs as ro', 'ro.id', 'o.run_id')
            .select('o.id')
            .whereRef('o.object', '=', 'f.object')
            .whereRef('o.salesforce_id', '=', 'f.salesforce_id')
            .whereRef('o.id', '>', 'f.id')
            .where('o.outcome', '!=', 'failed')
            .where('ro.dry_run', '=', false),
        ),
      ),
    )
    .limit(limit)
    .execute();
  return rows.map((r) => r.salesforce_id!);
}
