import { z } from 'zod';
import { syncAccounts } from '../../sync/flows/account-push/sync-accounts.ts';
import { defineTask } from '../define-task.ts';

/** `syncAccounts` on the queue: the "Sync to billing" button, keyed `sync_accounts` so presses fold. */
export const syncAccountsTask = defineTask({
  name: 'sync_accounts',
  description: 'flagged Salesforce accounts and contacts into billing (syncAccounts)',
  payload: z.strictObject({ salesforceIds: z.array(z.string().max(18)).max(2000).optional() }),
  run: async (ctx, payload) => {
    await syncAccounts(ctx, { trigger: 'schedule', salesforceIds: payload.salesforceIds });
  },
});
