import { z } from 'zod';
import { pushContracts } from '../../revenue/push/push-contracts.ts';
import { defineTask } from '../define-task.ts';

/**
 * `pushContracts` on the queue: with REVBRIDGE_REVENUE_AUTO_PUSH=on, queued after each change to a contract in
 * revbridge (keyed `push_revenue`, so a burst of changes is pushed once). A push sends every pending contract,
 * whatever queued it.
 */
export const pushRevenueTask = defineTask({
  name: 'push_revenue',
  description: 'contracts made or changed in revbridge to Salesforce opportunities and line items (pushContracts)',
  payload: z.object({}).strict(),
  run: async (ctx) => {
    await pushContracts(ctx, { trigger: 'schedule' });
  },
});
