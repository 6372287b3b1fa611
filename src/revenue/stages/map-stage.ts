import type { AppContext } from '../../app-context.ts';
import { STAGE_CATEGORIES, type StageCategory } from '../../domain/contract-state.ts';
import { fail } from '../../domain/errors.ts';
import { listRevenueStages, type RevenueStage, setStageCategory } from './revenue-stages.repo.ts';

/** Every stage key imported so far and what it means: `[{ stage, category, mappedBy }]`. */
export async function revenueStages(ctx: AppContext): Promise<RevenueStage[]> {
  return listRevenueStages(ctx.db);
}

/**
 * An admin's mapping of a stage to booked, lost or forecast. Every contract in that stage reads the new
 * status at once (status is read through the mapping), with no import; the mapping stays through later imports.
 */
export async function mapStage(ctx: AppContext, stage: string, category: string): Promise<RevenueStage> {
  if (!(STAGE_CATEGORIES as readonly string[]).includes(category)) {
    fail('validation_failed', `A stage maps to ${STAGE_CATEGORIES.join(', ')}; not "${category}".`, {
      field: 'category',
    });
  }
  const mapped = await setStageCategory(ctx.db, stage, category as StageCategory, ctx.clock.now());
  if (!mapped) {
    fail('revenue_stage_unknown', `No contract has been imported with the stage "${stage}" yet; import first.`, {
      stage,
    });
  }
  return mapped;
}
