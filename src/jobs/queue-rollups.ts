import type { AppContext } from '../app-context.ts';
import { queueAfterChange } from './queue-after-change.ts';

/**
 * Seed 003: roll-ups are written after each billing run and payment: one `sync_rollups` job under its key (a burst
 * of payments is written once). Without a queue the money change is still done, and the next roll-up run writes
 * the figures.
 */
export async function queueRollups(ctx: AppContext): Promise<void> {
  await queueAfterChange(ctx, 'sync_rollups', 'revbridge sync rollups');
}
