import type { AppContext } from '../app-context.ts';
import { queueAfterChange } from './queue-after-change.ts';

/**
 * With REVBRIDGE_REVENUE_AUTO_PUSH=on, one `push_revenue` job after a contract changed in revbridge (a person's
 * few edits in a row go in one push); nothing when the setting is off. Without a queue the change stays pending
 * for `revbridge revenue push`.
 */
export async function queueRevenuePush(ctx: AppContext): Promise<void> {
  if (ctx.revenue?.autoPush) await queueAfterChange(ctx, 'push_revenue', 'revbridge revenue push');
}
