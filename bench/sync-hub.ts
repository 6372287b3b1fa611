import pino from 'pino';
import type { AppContext } from '../src/app-context.ts';
import { DescribeCache } from '../src/crm/describe-cache.ts';
import { connectSalesforce } from '../src/crm/salesforce/salesforce-connection.ts';
import { systemClock } from '../src/domain/clock.ts';
import { boundHeapGrowth } from '../src/heap-growth.ts';
import { startWorker } from '../src/jobs/start-worker.ts';
import { pollChangesTask } from '../src/jobs/tasks/poll-changes.task.ts';
import { syncAccountsTask } from '../src/jobs/tasks/sync-accounts.task.ts';
import { syncAccounts } from '../src/sync/flows/account-push/sync-accounts.ts';
import { importContracts } from '../src/revenue/import/import-contracts.ts';
import { pushOpportunities } from '../src/sync/flows/opportunity-push/push-opportunities.ts';
import { pollChanges } from '../src/sync/poll-changes.ts';
import { createDb } from '../src/store/db.ts';

/**
 * The hub side of `npm run bench -- sync` (and `-- push`), in its own process (started by the bench), so its peak RSS
 * is the hub's alone and not the generator's or the org's:
 *
 * - `sync`: one `syncAccounts` run; prints its result, its phases (timed from the flow's own `onRead` and
 *   `onProgress` hooks) and the process's peak RSS as one JSON line.
 * - `poll`: one `pollChanges`, printed the same way (no phases: polling passes no progress hook).
 * - `push`: one `pushOpportunities` batch (for push.bench.ts), printed the same way.
 * - `revenue`: one `importContracts` (for revenue.bench.ts; BENCH_REVENUE_FULL=1 reads everything), the same way.
 * - `worker`: `startWorker` with the poll_changes and sync_accounts tasks, as `revbridge worker` runs them
 *   (its default idle poll, or BENCH_SYNC_IDLE_POLL_MS); prints `ready`, and on SIGTERM stops and prints its peak RSS.
 *
 * Configured by the parent through BENCH_SYNC_* variables, not the hub's configuration: the bench picks the
 * store's schema and the org's credentials itself.
 */

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (sync-hub.ts is started by sync.bench.ts)`);
  return value;
};

const maxRssMb = () => process.resourceUsage().maxRSS / 1024;

// As the hub and `revbridge worker` start (its RSS is measured as they run).
boundHeapGrowth();
const { db } = createDb({ url: env('BENCH_SYNC_DB_URL'), schema: env('BENCH_SYNC_SCHEMA') });
const credentials = {
  grant: 'client_credentials' as const,
  loginUrl: env('BENCH_SYNC_LOGIN_URL'),
  clientId: env('BENCH_SYNC_CLIENT_ID'),
  clientSecret: env('BENCH_SYNC_CLIENT_SECRET'),
};
const describes = new DescribeCache();
const ctx: AppContext = {
  db,
  clock: systemClock,
  // BENCH_STEPS=1: the hub's debug log on stderr, beside the bench's own phase table.
  logger: pino({ level: process.env.BENCH_STEPS ? 'debug' : 'silent' }, process.stderr),
  crm: async () => describes.wrap(await connectSalesforce(credentials)),
  jobs: { schema: env('BENCH_SYNC_JOBS_SCHEMA') },
};

const mode = process.argv[2];
if (mode === 'sync' || mode === 'poll' || mode === 'push' || mode === 'revenue') {
  const rssAtStart = maxRssMb();
  let maxHeapMb = 0;
  const liveMb: Record<string, number> = {};
  const sampler = setInterval(() => {
    maxHeapMb = Math.max(maxHeapMb, process.memoryUsage().heapUsed / 1024 / 1024);
  }, 100);
  const cpuAtStart = process.cpuUsage();
  const started = performance.now();
  // Phase ends, in ms from the start: the flow's first Account page, its last account applied (pages are
  // read while the previous one is applied), the first Contact page (after the relations), the last contact
  // applied; then the state still due goes to Salesforce (batches of 10,000 go out during the stages).
  const marks: Record<string, number> = {};
  let stage = '';
  const result =
    mode === 'sync'
      ? await syncAccounts(ctx, {
          trigger: 'schedule',
          // The first page of each object: reading and applying are streamed, page by page.
          onRead: (object) => {
            stage = object;
            if (marks[`read ${object}`] === undefined) {
              marks[`read ${object}`] = performance.now() - started;
              // With BENCH_SYNC_HUB_FLAGS=--expose-gc: what the run holds (garbage collected) as each object starts.
              const gc = (globalThis as { gc?: () => void }).gc;
              if (gc) {
                gc();
                liveMb[object] = process.memoryUsage().heapUsed / 1024 / 1024;
              }
            }
          },
          onProgress: () => {
            marks[`apply ${stage}`] = performance.now() - started;
          },
        })
      : mode === 'push'
        ? await pushOpportunities(ctx, { trigger: 'schedule' })
        : mode === 'revenue'
          ? await importContracts(ctx, { trigger: 'schedule', full: process.env.BENCH_REVENUE_FULL === '1' })
          : await pollChanges(ctx);
  const wallMs = performance.now() - started;
  clearInterval(sampler);
  const cpu = process.cpuUsage(cpuAtStart);
  process.stdout.write(
    `${JSON.stringify({
      wallMs,
      marks,
      status: result.status,
      error: result.error,
      objects: result.objects,
      apiCalls: result.apiCalls,
      retries: result.retries.length,
      rssAtStartMb: rssAtStart,
      cpuMs: (cpu.user + cpu.system) / 1000,
      maxRssMb: maxRssMb(),
      maxHeapMb,
      liveMb,
    })}\n`,
  );
  await db.destroy();
} else if (mode === 'worker') {
  const worker = await startWorker(ctx, {
    connectionString: env('BENCH_SYNC_DB_URL'),
    concurrency: 2,
    // Unset: startWorker's default, as `revbridge worker` runs. The bench also tries graphile's own 2 s.
    pollIntervalMs: process.env.BENCH_SYNC_IDLE_POLL_MS ? Number(process.env.BENCH_SYNC_IDLE_POLL_MS) : undefined,
    tasks: [pollChangesTask, syncAccountsTask],
  });
  process.stdout.write('ready\n');
  await new Promise<void>((resolve) => process.once('SIGTERM', () => resolve()));
  await worker.stop();
  process.stdout.write(`${JSON.stringify({ maxRssMb: maxRssMb() })}\n`);
  await db.destroy();
} else {
  throw new Error(`sync-hub.ts: unknown mode ${mode}`);
}
