import { sql } from 'kysely';
import type { CrmRecord } from '../../crm/crm.port.ts';
import type { Db } from '../../store/db.ts';
import { pgArray } from '../../store/pg-array.ts';

/**
 * Keeps a page of line items until their opportunities' contracts are built: one statement per page, the page sent as
 * one JSON array (serialised natively, split by PostgreSQL), which costs a third of an array parameter of texts
 * that both sides must escape; the opportunity ids beside it as an array, zipped with the records, rather than read
 * out of each record again.
 */
export async function stageLines(db: Db, runId: bigint, lines: readonly CrmRecord[]): Promise<void> {
  if (lines.length === 0) return;
  await sql`
    INSERT INTO revenue_import_rows (run_id, opportunity_id, record)
    SELECT ${runId.toString()}::bigint, x.opportunity_id, x.record
    FROM ROWS FROM (
      unnest(${pgArray(lines.map((l) => String(l.OpportunityId)))}::text[]),
      json_array_elements(${JSON.stringify(lines)}::json)
    ) AS x (opportunity_id, record)`.execute(db);
}

/** The staged line items of these opportunities, by opportunity id, each list ordered by line id (positions are stable). */
export async function stagedLines(
  db: Db,
  runId: bigint,
  opportunityIds: readonly string[],
): Promise<Map<string, CrmRecord[]>> {
  if (opportunityIds.length === 0) return new Map();
  const { rows } = await sql<{ opportunity_id: string; lines: CrmRecord[] }>`
    SELECT opportunity_id, json_agg(record ORDER BY record->>'Id' COLLATE "C") AS lines
    FROM revenue_import_rows
    WHERE run_id = ${runId.toString()}::bigint AND opportunity_id = any(${pgArray(opportunityIds)}::char(18)[])
    GROUP BY opportunity_id`.execute(db);
  return new Map(rows.map((r) => [r.opportunity_id.trim(), r.lines]));
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
