import { z } from 'zod';
import { syncRollups } from '../../sync/flows/invoice-summary/sync-rollups.ts';
import { defineTask } from '../define-task.ts';

/**
 * `syncRollups` on the queue: enqueued after every billing run and payment (keyed `sync_rollups`, so a
 * burst of payments writes the roll-ups once), and daily, as past due moves with the calendar.
 */
export const syncRollupsTask = defineTask({
  name: 'sync_rollups',
  description: "billing's invoice roll-ups onto the linked Salesforce accounts (syncRollups)",
  payload: z.strictObject({}),
  run: async (ctx) => {
    await syncRollups(ctx, { trigger: 'schedule' });
  },
});
