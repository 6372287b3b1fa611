import type { z } from 'zod';
import type { TaskDefinition } from './define-task.ts';
import { billingRunTask } from './tasks/billing-run.task.ts';
import { pollChangesTask } from './tasks/poll-changes.task.ts';
import { importRevenueTask } from './tasks/import-revenue.task.ts';
import { pullCatalogTask } from './tasks/pull-catalog.task.ts';
import { pushRevenueTask } from './tasks/push-revenue.task.ts';
import { syncAccountsTask } from './tasks/sync-accounts.task.ts';
import { syncRollupsTask } from './tasks/sync-rollups.task.ts';

/**
 * Every task a worker runs. Adding one: `src/jobs/tasks/<name>.task.ts` exporting `defineTask({...})`,
 * and one entry here. The order does not matter; names must be unique (a test checks).
 */
export const TASKS = [
  billingRunTask,
  syncAccountsTask,
  syncRollupsTask,
  pollChangesTask,
  pullCatalogTask,
  importRevenueTask,
  pushRevenueTask,
] as const;

export type RegisteredTask = (typeof TASKS)[number];
export type TaskName = RegisteredTask['name'];
/** The payload `enqueueJob` takes for a task: the schema's input (before defaults and transforms). */
export type TaskPayload<N extends TaskName> = z.input<Extract<RegisteredTask, { name: N }>['payload']>;

export function findTask(name: string): TaskDefinition | undefined {
  return (TASKS as readonly TaskDefinition[]).find((t) => t.name === name);
}
