import { pullCatalog } from '../../sync/flows/catalog-pull/pull-catalog.ts';
import { defineTask } from '../define-task.ts';
import { queueNextRun, repeatPayload } from '../repeating-task.ts';

/** The key of the scheduled catalog pull: a second schedule folds into it, never runs beside it. */
export const SCHEDULED_CATALOG_PULL_JOB_KEY = 'pull_catalog_scheduled';

/**
 * `pullCatalog` on the queue: queued by the hub at start with `repeatEverySeconds`
 * (`REVBRIDGE_CATALOG_PULL_SECONDS`), after which each run queues the next under the same key. Queued first,
 * then pulled, so a pull that fails (Salesforce down) does not end the schedule. An unchanged catalog costs
 * its reads and no write, so a daily pull is cheap.
 */
export const pullCatalogTask = defineTask({
  name: 'pull_catalog',
  description: "billing's catalog into Salesforce's integrated price book (pullCatalog)",
  payload: repeatPayload,
  run: async (ctx, payload) => {
    await queueNextRun(ctx, 'pull_catalog', payload, SCHEDULED_CATALOG_PULL_JOB_KEY);
    await pullCatalog(ctx, { trigger: 'schedule' });
  },
});
