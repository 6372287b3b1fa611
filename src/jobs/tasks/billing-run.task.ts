import { z } from 'zod';
import { runBilling } from '../../billing/billing-run/run-billing.ts';
import { defineTask } from '../define-task.ts';
import { queueRollups } from '../queue-rollups.ts';

/**
 * `runBilling` on the queue: what a month-end schedule or an operator's "run billing" button enqueues,
 * keyed by date (`billing_run:2026-01-31`) so a second press while the first waits adds no job. The run
 * itself is idempotent and serialised by an advisory lock, so a retry or a follow-up bills nothing twice.
 */
export const billingRunTask = defineTask({
  name: 'billing_run',
  description: 'the billing run for a date (runBilling)',
  payload: z.strictObject({
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD'),
  }),
  // runBilling logs its outcome ('billing run done'), with the job's scope from ctx.logger.
  run: async (ctx, payload) => {
    await runBilling(ctx, { date: payload.date });
    await queueRollups(ctx);
  },
});
