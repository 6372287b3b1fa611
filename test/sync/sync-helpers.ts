import { fileURLToPath } from 'node:url';
import { type LocalOrg, type LocalOrgOptions, loadSfdxSchema, startLocalOrg } from '@revbridge/localorg';
import { Connection } from 'jsforce';
import pino from 'pino';
import { afterAll, beforeAll } from 'vitest';
import type { AppContext } from '../../src/app-context.ts';
import { connectSalesforce, type SalesforceConnectionOptions } from '../../src/crm/salesforce/salesforce-connection.ts';
import { DescribeCache } from '../../src/crm/describe-cache.ts';
import { FixedClock } from '../../src/domain/clock.ts';
import { type TestDb, testDb } from '../db.ts';

const SFDX = fileURLToPath(new URL('../../salesforce/force-app', import.meta.url));

export interface SyncTest {
  ctx: AppContext;
  org: LocalOrg;
  /** A jsforce connection to the org, for the test's own setup and checks (not counted as the hub's). */
  sf: Connection;
  t: TestDb;
  clock: FixedClock;
  /** Requests the hub made to /services/data since `mark()`. */
  apiCallsSince(mark: number): Promise<RequestLogEntry[]>;
  mark(): Promise<number>;
}

export interface RequestLogEntry {
  seq: number;
  method: string;
  path: string;
  status: number;
}

/** A fresh store and a local org with the demo company and revbridge's schema, for one test file. */
export function useSyncContext(
  options: {
    seed?: 'demo' | 'empty';
    connection?: SalesforceConnectionOptions;
    /** More local-org options (a single-currency org: `{ singleCurrency: true, currency: 'EUR' }`). */
    org?: Pick<LocalOrgOptions, 'singleCurrency' | 'currency'>;
    /** The org's metadata (an SFDX source directory): a copy of salesforce/force-app an admin changed. */
    sfdx?: string;
  } = {},
): SyncTest {
  const h = {} as SyncTest;
  beforeAll(async () => {
    h.t = await testDb();
    h.org = await startLocalOrg({
      port: 0,
      seed: options.seed ?? 'demo',
      customSchema: loadSfdxSchema(options.sfdx ?? SFDX),
      ...options.org,
    });
    h.clock = new FixedClock(new Date('2026-01-15T12:00:00Z'));
    const c = h.org.credentials;
    const credentials = {
      grant: 'client_credentials' as const,
      loginUrl: c.loginUrl,
      clientId: c.clientId,
      clientSecret: c.clientSecret,
    };
    const describes = new DescribeCache();
    h.ctx = {
      db: h.t.db,
      clock: h.clock,
      logger: pino({ level: 'silent' }),
      crm: async () => describes.wrap(await connectSalesforce(credentials, { backoffMs: 20, ...options.connection })),
    };
    h.sf = new Connection({
      version: '62.0',
      oauth2: { loginUrl: c.loginUrl, clientId: c.clientId, clientSecret: c.clientSecret },
    });
    await h.sf.authorize({ grant_type: 'client_credentials' });
    h.mark = async () => {
      const log = (await (await fetch(`${h.org.url}/__localorg/requests`)).json()) as { requests: RequestLogEntry[] };
      return log.requests.at(-1)?.seq ?? 0;
    };
    h.apiCallsSince = async (mark) => {
      const log = (await (await fetch(`${h.org.url}/__localorg/requests?since=${mark}`)).json()) as {
        requests: RequestLogEntry[];
      };
      return log.requests.filter((r) => r.path.startsWith('/services/data/v'));
    };
  });
  afterAll(async () => {
    await h.org?.close();
    await h.t?.close();
  });
  return h;
}

/** Rows in a table of the store (to show a run wrote exactly so many, and no duplicate). */
export async function countRows(db: AppContext['db'], table: 'accounts' | 'contacts' | 'sync_links'): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((e) => e.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
