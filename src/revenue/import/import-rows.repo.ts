import { sql } from 'kysely';
import type { CrmRecord } from '../../crm/crm.port.ts';
import type { Db } from '../../store/db.ts';

/** One opportunity as read, with its line items (ordered by id, so positions are stable). */
export interface StagedOpportunity {
  opportunity: CrmRecord;
  lines: CrmRecord[];
}

/**
 * Keeps a page of what the import read until contracts are built from it: one statement per page, the page sent as
 * one JSON array (serialised natively, split by PostgreSQL), which costs a third of an array parameter of texts
 * that both sides must escape.
 */
export async function stageRows(
  db: Db,
  runId: bigint,
  kind: 'opportunity' | 'line',
  records: readonly CrmRecord[],
): Promise<void> {
  if (records.length === 0) return;
  await sql`
    INSERT INTO revenue_import_rows (run_id, opportunity_id, kind, record)
    SELECT ${runId.toString()}::bigint, r->>${kind === 'opportunity' ? 'Id' : 'OpportunityId'}, ${kind}, r
    FROM json_array_elements(${JSON.stringify(records)}::json) AS r`.execute(db);
}

/**
 * The staged opportunities of a run with their lines, `chunk` at a time in opportunity id order: what a
 * run holds in memory is one chunk, whatever the number of opportunities.
 */
export async function* stagedOpportunities(db: Db, runId: bigint, chunk: number): AsyncIterable<StagedOpportunity[]> {
  let after = '';
  for (;;) {
    const { rows } = await sql<{ opportunity_id: string; opportunity: CrmRecord; lines: CrmRecord[] }>`
      SELECT o.opportunity_id, o.record AS opportunity,
             coalesce((SELECT json_agg(l.record ORDER BY l.record->>'Id') FROM revenue_import_rows l
                       WHERE l.run_id = o.run_id AND l.opportunity_id = o.opportunity_id AND l.kind = 'line'),
                      '[]'::json) AS lines
      FROM revenue_import_rows o
      WHERE o.run_id = ${runId.toString()}::bigint AND o.kind = 'opportunity' AND o.opportunity_id > ${after}
      ORDER BY o.opportunity_id
      LIMIT ${chunk}`.execute(db);
    if (rows.length === 0) return;
    yield rows.map((r) => ({ opportunity: r.opportunity, lines: r.lines }));
    after = rows[rows.length - 1].opportunity_id;
  }
}

/**
 * Fresh statistics for the staging table once a run has filled it: it goes from nothing to hundreds of thousands
 * of rows faster than autovacuum looks, and a plan made for an empty table reads all of them for every chunk.
 */
export async function analyzeStaged(db: Db): Promise<void> {
  await sql`ANALYZE revenue_import_rows`.execute(db);
}

/**
 * Forgets what the import staged, and whatever an earlier run that died left behind: revenue runs go one at a time
 * (REVENUE_LOCK), so everything in the table is the caller's to drop.
 */
export async function clearStaged(db: Db): Promise<void> {
  await sql`TRUNCATE revenue_import_rows`.execute(db);
}
