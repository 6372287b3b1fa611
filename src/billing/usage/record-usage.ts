import type { AppContext } from '../../app-context.ts';
import { assertResendsMatch } from './assert-same-usage.ts';
import { findUsage, findUsageByExternalIds, insertUsageRows } from './usage.repo.ts';
import { checkUsage, type UsageInput } from './usage-input.ts';
import { toUsageView, type UsageView } from './usage.views.ts';

export type RecordUsageInput = UsageInput;

export interface RecordUsageResult {
  usage: UsageView;
  /** false when a record with the same externalId was already stored (nothing new written). */
  created: boolean;
}

/** Records one usage quantity for an account's usage service on a day, once per externalId. */
export async function recordUsage(ctx: AppContext, input: RecordUsageInput): Promise<RecordUsageResult> {
  return ctx.db.transaction().execute(async (trx) => {
    const [row] = await checkUsage(trx, [input], false, ctx.billing?.lateUsage);
    const [id] = await insertUsageRows(trx, [row]);
    if (id !== undefined) return { usage: toUsageView(await findUsage(trx, id)), created: true };
    await assertResendsMatch(trx, [row], false);
    const [existing] = await findUsageByExternalIds(trx, [row.external_id!]);
    return { usage: toUsageView(existing), created: false };
  });
}
