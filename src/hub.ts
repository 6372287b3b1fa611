import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { type LocalOrg, loadSfdxSchema, startLocalOrg } from '@revbridge/localorg';
import { type ApiApp, buildApi } from './api/build-api.ts';
import type { AppContext } from './app-context.ts';
import { createDevelopmentKey, type DevelopmentKeyResult } from './auth/create-development-key.ts';
import { type DemoCatalogResult, seedDemoCatalog } from './billing/demo-catalog.ts';
import type { Config, SalesforceConfig } from './config.ts';
import { crmFactory } from './crm-factory.ts';
import { type DemoDeal, DEMO_DEAL_NAME, prepareDemoDeal } from './demo-deal.ts';
import { prepareDemoOrg } from './demo-org.ts';
import { prepareDemoRevenue } from './demo-revenue.ts';
import { enqueueJob } from './jobs/enqueue.ts';
import { POLL_JOB_KEY } from './jobs/tasks/poll-changes.task.ts';
import { SCHEDULED_CATALOG_PULL_JOB_KEY } from './jobs/tasks/pull-catalog.task.ts';
import { SCHEDULED_REVENUE_IMPORT_JOB_KEY } from './jobs/tasks/import-revenue.task.ts';
import { INTEGRATED_BOOK_NAME } from './sync/flows/catalog-pull/integrated-book.ts';
import { DAILY_ROLLUPS_JOB_KEY } from './jobs/tasks/sync-rollups.task.ts';
import { type Clock, systemClock } from './domain/clock.ts';
import { installJobQueue } from './jobs/install-job-queue.ts';
import { startWorker, type WorkerHandle } from './jobs/start-worker.ts';
import { createLogger, type Logger } from './logger.ts';
import { type DatabaseHandle, openDatabase } from './store/database.ts';

/** The custom objects and fields an admin deploys; the local org loads the same files. */
const SFDX_PROJECT = fileURLToPath(new URL('../salesforce/force-app', import.meta.url));

export interface Hub {
  /** Base URL of the API, e.g. `http://127.0.0.1:3000`. */
  url: string;
  ctx: AppContext;
  database: DatabaseHandle;
  /** The local org, when `LOCALORG=on`. */
  localOrg: LocalOrg | undefined;
  /** The org the hub syncs with: SALESFORCE_* when set, else the local org; undefined when neither. */
  salesforce: SalesforceConfig | undefined;
  /** The job worker in the hub's process, unless `REVBRIDGE_WORKER=off`. */
  worker: WorkerHandle | undefined;
  /** Stops everything `startHub` started (API, local org, embedded PostgreSQL). Safe to call twice. */
  stop(): Promise<void>;
}

export interface StartHubOptions {
  logger?: Logger;
  clock?: Clock;
  /** Where the one-line-per-service banner goes (default stdout). */
  print?: (line: string) => void;
}

/**
 * Starts the hub: logger, store (DATABASE_URL or embedded PostgreSQL) with migrations, the local org
 * beside it when configured, and the API on PORT. A failure part-way stops what had started.
 */
export async function startHub(config: Config, options: StartHubOptions = {}): Promise<Hub> {
  const logger = options.logger ?? createLogger(config);
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    // Reverse order: stop taking requests before the store they need goes away.
    for (const stop of stops.splice(0).reverse()) {
      try {
        await stop();
      } catch (error) {
        logger.error({ err: error }, 'error while stopping');
      }
    }
  };
  try {
    const database = await openDatabase(config, logger);
    stops.push(() => database.close());
    // Always, even without a worker here: the API queues and lists jobs for workers in other processes.
    await installJobQueue(database.url, config.jobsSchema, logger);

    let localOrg: LocalOrg | undefined;
    if (config.localorg) {
      localOrg = await listening(`LOCALORG_PORT ${config.localorgPort}`, () =>
        startLocalOrg({ port: config.localorgPort, seed: 'demo', customSchema: loadSfdxSchema(SFDX_PROJECT) }),
      );
      const org = localOrg;
      stops.push(() => org.close());
    }
    const salesforce =
      config.salesforce ??
      (localOrg
        ? {
            grant: 'client_credentials' as const,
            loginUrl: localOrg.credentials.loginUrl,
            clientId: localOrg.credentials.clientId,
            clientSecret: localOrg.credentials.clientSecret,
          }
        : undefined);

    const ctx: AppContext = {
      db: database.db,
      clock: options.clock ?? systemClock,
      logger,
      billing: { lateUsage: config.lateUsage },
      sync: { opportunityProcesses: config.opportunityProcesses },
      revenue: config.revenue,
      crm: crmFactory(salesforce, config),
      jobs: { schema: config.jobsSchema },
    };
    let worker: WorkerHandle | undefined;
    if (config.worker) {
      const started = await startWorker(ctx, {
        connectionString: database.url,
        concurrency: config.workerConcurrency,
      });
      worker = started;
      // Stopped after the API (reverse order) and before the store its running jobs write to.
      stops.push(() => started.stop());
    }
    // A demo catalog belongs in the embedded development store, never in a database DATABASE_URL names.
    // Seeding is idempotent: a restart finds the catalog and creates nothing.
    const demo = database.source === 'url' ? undefined : await seedDemoCatalog(ctx);
    // The API needs a key, and a developer on the embedded store should not need a second command to get
    // one. Never with DATABASE_URL: a production hub must not mint admin keys and print them on stdout.
    const developmentKey = database.source === 'url' ? undefined : await createDevelopmentKey(ctx);
    // The demo company meets billing: only for the local org this hub started, on the development store.
    let demoDeal: DemoDeal | undefined;
    if (localOrg && !config.salesforce && database.source !== 'url' && ctx.crm) {
      await prepareDemoOrg(await ctx.crm());
      await prepareDemoRevenue(await ctx.crm());
      // The catalog is pulled here, before the scheduled pull is queued, so the deal can be priced from it.
      demoDeal = await prepareDemoDeal(ctx, await ctx.crm());
    }
    // The first poll at once (a full sync when no cursor is stored), then every REVBRIDGE_POLL_SECONDS.
    const polling = ctx.crm !== undefined && config.pollSeconds > 0;
    if (polling) {
      await enqueueJob(ctx, 'poll_changes', { everySeconds: config.pollSeconds }, { jobKey: POLL_JOB_KEY });
      // Roll-ups at start, then daily: past due grows with the calendar, with no billing event to queue it.
      await enqueueJob(ctx, 'sync_rollups', { repeatEverySeconds: 86_400 }, { jobKey: DAILY_ROLLUPS_JOB_KEY });
    }
    // Billing's catalog into the integrated price book at start, then every REVBRIDGE_CATALOG_PULL_SECONDS.
    if (ctx.crm !== undefined && config.catalogPullSeconds > 0) {
      // The demo pulled it a moment ago: the schedule's first pull waits one interval instead of reading it again.
      const pulled = demoDeal !== undefined;
      await enqueueJob(
        ctx,
        'pull_catalog',
        { repeatEverySeconds: config.catalogPullSeconds },
        {
          jobKey: SCHEDULED_CATALOG_PULL_JOB_KEY,
          runAt: pulled ? new Date(ctx.clock.now().getTime() + config.catalogPullSeconds * 1000) : undefined,
        },
      );
    }

    // Revenue contracts: an import at start (catching up on what changed while the hub was stopped), then every
    // REVBRIDGE_REVENUE_IMPORT_SECONDS.
    if (ctx.crm !== undefined && config.revenueImportSeconds > 0) {
      await enqueueJob(
        ctx,
        'import_revenue',
        { repeatEverySeconds: config.revenueImportSeconds },
        { jobKey: SCHEDULED_REVENUE_IMPORT_JOB_KEY },
      );
    }

    const api: ApiApp = buildApi(ctx, { bootstrapApiKey: config.bootstrapApiKey });
    stops.push(() => api.close());
    await listening(`PORT ${config.port}`, () => api.listen({ port: config.port, host: config.host }));
    const url = `http://${displayHost(config.host)}:${(api.server.address() as AddressInfo).port}`;

    print(banner(url, database, demo, developmentKey, localOrg, salesforce, config, polling, demoDeal).join('\n'));
    logger.info({ url, database: database.displayUrl, localOrg: localOrg?.url }, 'hub started');
    let stopping: Promise<void> | undefined;
    return {
      url,
      ctx,
      database,
      localOrg,
      salesforce,
      worker,
      stop: () => {
        stopping ??= stopAll().then(() => logger.info('hub stopped'));
        return stopping;
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

function banner(
  url: string,
  database: DatabaseHandle,
  demo: DemoCatalogResult | undefined,
  developmentKey: DevelopmentKeyResult | undefined,
  localOrg: LocalOrg | undefined,
  salesforce: SalesforceConfig | undefined,
  config: Config,
  polling: boolean,
  demoDeal: DemoDeal | undefined,
): string[] {
  const lines = [`revbridge api  ${url}  (OpenAPI ${url}/openapi.json, health ${url}/healthz)`];
  lines.push(
    database.source === 'url'
      ? `postgresql     ${database.displayUrl}  (DATABASE_URL)`
      : // The embedded server's password is a fixed local one; showing it lets people connect with psql.
        `postgresql     ${database.url}  (embedded, data in ${config.dataDir}/pg${
          database.source === 'attached' ? ', shared with the process that started it' : ''
        })`,
  );
  if (demo) {
    const c = demo.created;
    lines.push(
      `demo catalog   USD and EUR list price books (this start created ${c.packages} packages, ` +
        `${c.services} services, ${c.priceBooks} price books)`,
    );
  }
  if (developmentKey) {
    lines.push(
      `api key        ${developmentKey.secret}  (admin key "development" for the embedded store, new each ` +
        'start; the previous one is revoked. Send it as "Authorization: Bearer <key>")',
    );
  }
  if (config.bootstrapApiKey) lines.push('api key        REVBRIDGE_BOOTSTRAP_API_KEY is accepted as an admin key');
  if (localOrg) {
    const c = localOrg.credentials;
    lines.push(
      `local org      ${localOrg.url}  client id ${c.clientId}, client secret ${c.clientSecret}, ` +
        `user ${c.username} / ${c.password}`,
    );
  }
  lines.push(
    config.salesforce
      ? `salesforce     ${config.salesforce.loginUrl}  client id ${config.salesforce.clientId} (SALESFORCE_*)`
      : salesforce
        ? `salesforce     ${salesforce.loginUrl}  (the local org)`
        : 'salesforce     not configured: LOCALORG=off and no SALESFORCE_* variables',
  );
  lines.push(
    config.worker
      ? `worker         concurrency ${config.workerConcurrency}, job queue in schema ${config.jobsSchema} ` +
          '(more workers: `revbridge worker` on the same database)'
      : `worker         off (REVBRIDGE_WORKER=off): jobs wait for a \`revbridge worker\` on this database`,
  );
  if (polling) {
    lines.push(
      `sync           accounts and contacts flagged in Salesforce reach billing on each poll (every ${config.pollSeconds} s, ` +
        'the first now); see what happened: `npx revbridge history` (failures: `--failed`)',
    );
  } else if (salesforce) {
    lines.push('sync           no polling (REVBRIDGE_POLL_SECONDS=0): `npx revbridge sync accounts` syncs on demand');
  }
  if (salesforce) {
    lines.push(
      config.catalogPullSeconds > 0
        ? `catalog        billing's catalog into the price book "${INTEGRATED_BOOK_NAME}" now, then every ` +
            `${config.catalogPullSeconds} s (\`npx revbridge sync catalog --dry-run\` previews a pull)`
        : 'catalog        no scheduled pull (REVBRIDGE_CATALOG_PULL_SECONDS=0): `npx revbridge sync catalog` on demand',
    );
  }
  if (salesforce) {
    lines.push(
      config.revenueImportSeconds > 0
        ? `revenue        opportunities with Revenue_Sync__c become contracts now, then every ${config.revenueImportSeconds} s ` +
            '(`npx revbridge revenue contracts`, `revenue metrics`)'
        : 'revenue        no scheduled import (REVBRIDGE_REVENUE_IMPORT_SECONDS=0): `npx revbridge revenue import` on demand',
      config.revenue.autoPush
        ? 'revenue push   contracts made or changed here go to Salesforce a few seconds after each change (REVBRIDGE_REVENUE_AUTO_PUSH=on)'
        : 'revenue push   contracts made or changed here go to Salesforce on `npx revbridge revenue push` (conflicts: `revenue conflicts`)',
    );
  }
  if (demoDeal) {
    const id = demoDeal.opportunityId;
    lines.push(
      `demo deal      "${DEMO_DEAL_NAME}" (${id}) is Closed Won, priced by services: ` +
        `\`npx revbridge opportunity services ${id}\`, then \`npx revbridge push opportunity ${id}\``,
    );
  }
  return lines;
}

/** Listening on a taken port fails with a bare EADDRINUSE; say which setting to change. */
async function listening<T>(setting: string, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(`${setting} is already in use; choose another port (0 picks a free one)`, { cause: error });
    }
    throw error;
  }
}

function displayHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}
