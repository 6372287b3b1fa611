import type { AppContext } from '../../app-context.ts';
import { fail } from '../../domain/errors.ts';
import { decimal } from '../../domain/rate.ts';
import { findUsage, findUsageByExternalId, insertUsageRows } from './usage.repo.ts';
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
    const existing = (await findUsageByExternalId(trx, row.external_id!))!;
    const same =
      existing.account_id === row.account_id &&
      existing.service_id === row.service_id &&
      existing.used_on === row.used_on &&
      decimal(existing.quantity).equals(decimal(row.quantity));
    // A resend is harmless; the same id for different usage is a sender bug that must not vanish silently.
    if (!same) {
      fail(
        'validation_failed',
        `externalId "${row.external_id}" was already used for other usage (record ${existing.id}).`,
        {
          field: 'externalId',
        },
      );
    }
    return { usage: toUsageView(existing), created: false };
  });
}
