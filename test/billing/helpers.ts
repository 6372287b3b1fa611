import { pino } from 'pino';
import { afterAll, beforeAll } from 'vitest';
import type { AppContext } from '../../src/app-context.ts';
import type { CliIo } from '../../src/cli/cli-runner.ts';
import { runCli } from '../../src/cli/run-cli.ts';
import { FixedClock } from '../../src/domain/clock.ts';
import { RevbridgeError } from '../../src/domain/errors.ts';
import type { Db } from '../../src/store/db.ts';
import type { Database } from '../../src/store/schema.ts';
import { type TestDb, testDb, useOwnSchema } from '../db.ts';
import { billingContext } from '../scenarios/billing-fixtures.ts';

export interface FixtureTest {
  db: Db;
  ctx: AppContext;
  /** The pool behind `db`, for a second connection a test holds open (locks, races). */
  pool: TestDb['pool'];
}

/**
 * A fresh schema for one test file that writes the tables straight through `billing-fixtures`, with an
 * AppContext on it (clock on 2026-01-01).
 */
export function useFixtureContext(): FixtureTest {
  const holder = {} as FixtureTest;
  let t: TestDb;
  beforeAll(async () => {
    t = await testDb();
    holder.db = t.db;
    holder.pool = t.pool;
    holder.ctx = billingContext(t.db);
  });
  afterAll(() => t.close());
  return holder;
}

export interface BillingTest {
  ctx: AppContext;
  clock: FixedClock;
  t: TestDb;
}

/** A fresh schema and an AppContext on it for one test file, with the clock on 2026-01-15. */
export function useBillingContext(): BillingTest {
  const holder = {} as BillingTest;
  beforeAll(async () => {
    holder.t = await testDb();
    holder.clock = new FixedClock(new Date('2026-01-15T12:00:00Z'));
    holder.ctx = { db: holder.t.db, clock: holder.clock, logger: pino({ level: 'silent' }) };
  });
  afterAll(() => holder.t.close());
  return holder;
}

const COUNTED: (keyof Database)[] = [
  'packages',
  'package_services',
  'service_prices',
  'price_books',
  'price_book_packages',
  'tax_rates',
  'accounts',
  'contacts',
  'account_contacts',
  'price_plans',
  'account_price_plans',
  'account_products',
  'usage_records',
  'bill_groups',
  'ar_terms',
  'account_categories',
];

/** Row counts of every table the billing use-cases write, to show a failure wrote nothing. */
export async function rowCounts(ctx: AppContext): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of COUNTED) {
    const row = await ctx.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}

/** Runs `action`, expects a RevbridgeError with `code`, and checks that no table changed. */
export async function expectRefused(ctx: AppContext, code: string, action: () => Promise<unknown>): Promise<void> {
  const before = await rowCounts(ctx);
  const error = await action().then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof RevbridgeError)) {
    throw new Error(`expected RevbridgeError ${code}, got ${error === undefined ? 'success' : String(error)}`);
  }
  if (error.code !== code) throw new Error(`expected code ${code}, got ${error.code}: ${error.message}`);
  const after = await rowCounts(ctx);
  if (JSON.stringify(after) !== JSON.stringify(before)) {
    throw new Error(`refused with ${code} but wrote rows: ${JSON.stringify(before)} → ${JSON.stringify(after)}`);
  }
}

export interface SmallCatalog {
  seats: string;
  onboarding: string;
  api: string;
  storage: string;
  euroSeats: string;
}

/**
 * USD package PLAT (seats 10.00/month, onboarding 500.00 once, API calls 0.01 with 1000 included then
 * 0.02, storage by state) and EUR package EPLAT (seats 9.00), all list-priced from 2026-01-01.
 */
export async function seedSmallCatalog(ctx: AppContext): Promise<SmallCatalog> {
  const { createPackage } = await import('../../src/billing/catalog/create-package.ts');
  const { addPackageService } = await import('../../src/billing/catalog/add-package-service.ts');
  const { setServicePrice } = await import('../../src/billing/catalog/set-service-price.ts');
  await createPackage(ctx, { code: 'PLAT', name: 'Platform', currency: 'USD', frequency: 'monthly' });
  await createPackage(ctx, { code: 'EPLAT', name: 'Platform EU', currency: 'EUR', frequency: 'monthly' });
  const add = (pkg: string, code: string, kind: string) =>
    addPackageService(ctx, { packageIdOrCode: pkg, code, name: code, kind }).then((s) => s.id);
  const ids = {
    seats: await add('PLAT', 'SEATS', 'recurring'),
    onboarding: await add('PLAT', 'ONBOARD', 'one_time'),
    api: await add('PLAT', 'API', 'usage'),
    storage: await add('PLAT', 'STORE', 'state_based'),
    euroSeats: await add('EPLAT', 'SEATS', 'recurring'),
  };
  const from = '2026-01-01';
  await setServicePrice(ctx, { serviceId: ids.seats, effectiveFrom: from, recurring: '10.00' });
  await setServicePrice(ctx, { serviceId: ids.onboarding, effectiveFrom: from, oneTime: '500.00' });
  await setServicePrice(ctx, {
    serviceId: ids.api,
    effectiveFrom: from,
    usageRate: '0.01',
    includedQuantity: '1000',
    overageRate: '0.02',
  });
  await setServicePrice(ctx, {
    serviceId: ids.storage,
    effectiveFrom: from,
    statePrices: { active: '20.00', suspended: '5.00' },
  });
  await setServicePrice(ctx, { serviceId: ids.euroSeats, effectiveFrom: from, recurring: '9.00' });
  return ids;
}

/** The small catalog and ACME, a USD account to order from it. */
export async function seedCatalogAndAcme(ctx: AppContext): Promise<SmallCatalog> {
  const { createAccount } = await import('../../src/billing/accounts/create-account.ts');
  const catalog = await seedSmallCatalog(ctx);
  await createAccount(ctx, { name: 'Acme', accountNumber: 'ACME', currency: 'USD' });
  return catalog;
}

/**
 * `revbridge <args>` in-process against a schema of its own (named `<prefix>_…`, dropped after the suite);
 * returns exit code and output.
 */
export function useCli(prefix: string) {
  const { url, schema } = useOwnSchema(prefix);
  const env = { DATABASE_URL: url, REVBRIDGE_DB_SCHEMA: schema, LOG_LEVEL: 'warn' };
  return async (...args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = { env, stdout: (t) => void out.push(t), stderr: (t) => void err.push(t) };
    const code = await runCli(args, io);
    return { code, stdout: out.join(''), stderr: err.join(''), json: () => JSON.parse(out.join('')) };
  };
}
