import { fileURLToPath } from 'node:url';
import pg from 'pg';
import pino from 'pino';
import type { AppContext } from '../src/app-context.ts';
import { DescribeCache } from '../src/crm/describe-cache.ts';
import { connectSalesforce } from '../src/crm/salesforce/salesforce-connection.ts';
import { FixedClock } from '../src/domain/clock.ts';
import { createDb } from '../src/store/db.ts';
import { startEmbeddedPostgres } from '../src/store/embedded-postgres.ts';
import { migrate } from '../src/store/migrate.ts';
import { token } from './http-client.ts';
import { type OrgProcess, startOrgProcess } from './localorg-process.ts';
import { Org } from './org-client.ts';

const SFDX = fileURLToPath(new URL('../salesforce/force-app', import.meta.url));

export interface BenchSetup {
  /** The store's connection string (DATABASE_URL, or the bench's embedded server). */
  url: string;
  pool: pg.Pool;
  /** The hub's context on a fresh schema, its Salesforce connections to the org below. */
  ctx: AppContext;
  orgProcess: OrgProcess;
  org: Org;
  close(): Promise<void>;
}

/**
 * A fresh store in `schema` (DATABASE_URL, else embedded PostgreSQL in .data/bench-pg), migrated, and a local
 * org in its own process with revbridge's SFDX schema and multiple currencies (USD, EUR); the hub's code runs
 * in the bench's process with a context on both.
 */
export async function benchSetup(schema: string): Promise<BenchSetup> {
  const dataDir = process.env.DATABASE_URL ? undefined : fileURLToPath(new URL('../.data/bench-pg', import.meta.url));
  const embedded = dataDir ? await startEmbeddedPostgres(dataDir) : undefined;
  const url = process.env.DATABASE_URL ?? embedded!.url;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
  const { db, pool } = createDb({ url, schema });
  const orgProcess = await startOrgProcess(['--schema', SFDX, '--api-limit', '100000000']);
  const close = async () => {
    await orgProcess.stop();
    await pool.end();
    // BENCH_KEEP_SCHEMA=1 leaves the store as the bench left it, to look at its plans afterwards.
    if (!process.env.BENCH_KEEP_SCHEMA) await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
    await embedded?.stop();
  };
  try {
    await migrate(pool);
    const org = new Org(orgProcess, {
      Authorization: `Bearer ${await token(orgProcess.url, orgProcess.clientId, orgProcess.clientSecret)}`,
    });
    await org.request('PATCH', '/__localorg/settings', { multiCurrency: true, currencies: ['USD', 'EUR'] });
    const describes = new DescribeCache();
    const ctx: AppContext = {
      db,
      clock: new FixedClock(new Date('2026-01-15T12:00:00Z')),
      logger: pino({ level: 'silent' }),
      crm: async () =>
        describes.wrap(
          await connectSalesforce({
            grant: 'client_credentials',
            loginUrl: orgProcess.url,
            clientId: orgProcess.clientId,
            clientSecret: orgProcess.clientSecret,
          }),
        ),
    };
    return { url, pool, ctx, orgProcess, org, close };
  } catch (error) {
    await close();
    throw error;
  }
}
