import { sql } from 'kysely';
import type { StageCategory } from '../../domain/contract-state.ts';
import type { Db } from '../../store/db.ts';
import { pgArray } from '../../store/pg-array.ts';

export interface RevenueStage {
  stage: string;
  category: StageCategory;
  mappedBy: 'org' | 'admin';
}

export async function listRevenueStages(db: Db): Promise<RevenueStage[]> {
  const rows = await db.selectFrom('revenue_stages').selectAll().orderBy('stage').execute();
  return rows.map((r) => ({ stage: r.stage, category: r.category, mappedBy: r.mapped_by }));
}

/** Registers stage keys seen for the first time, with the category they start from; known keys keep theirs. */
export async function registerStages(
  db: Db,
  stages: ReadonlyArray<{ stage: string; category: StageCategory }>,
  at: Date,
): Promise<void> {
  if (stages.length === 0) return;
  await sql`
    INSERT INTO revenue_stages (stage, category, mapped_by, created_at, updated_at)
    SELECT s.stage, s.category, 'org', ${at}, ${at}
    FROM unnest(${pgArray(stages.map((s) => s.stage))}::text[], ${pgArray(stages.map((s) => s.category))}::text[])
      AS s (stage, category)
    ON CONFLICT (stage) DO NOTHING`.execute(db);
}

/** An admin's mapping of a stage; it stays whatever the org's metadata says later. Undefined when unknown. */
export async function setStageCategory(
  db: Db,
  stage: string,
  category: StageCategory,
  at: Date,
): Promise<RevenueStage | undefined> {
  const row = await db
    .updateTable('revenue_stages')
    .set({ category, mapped_by: 'admin', updated_at: at })
    .where('stage', '=', stage)
    .returningAll()
    .executeTakeFirst();
  return row && { stage: row.stage, category: row.category, mappedBy: row.mapped_by };
}
