import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import pino from 'pino';
import type { AppContext } from '../src/app-context.ts';
import { runBilling } from '../src/billing/billing-run/run-billing.ts';
import { systemClock } from '../src/domain/clock.ts';
import { type Db, createDb } from '../src/store/db.ts';
import { startEmbeddedPostgres } from '../src/store/embedded-postgres.ts';
import { migrate } from '../src/store/migrate.ts';
import { printTable } from './table.ts';

/**
 * `npm run bench -- billing`: the billing run for 10k and 100k accounts (3 products each, usage on a third),
 * against a plain INSERT … SELECT of the same number of invoice lines on the same PostgreSQL. The goal from
 * the issue: 100k accounts in ≤ 60 s on a 2-core machine.
 */

const RUN_DATE = '2026-03-31';
const NEXT_RUN_DATE = '2026-04-30';

/** One run measured: what it made and how long it took, beside the bare insert of as many lines. */
interface RunMeasured {
  what: string;
  accounts: number;
  invoices: number;
  lines: number;
  adjustments: number;
  runMs: number;
  baselineMs: number;
  pgRssMb: number | null;
}

/**
 * Catalog and customers, generated inside PostgreSQL (INSERT … SELECT generate_series), so setting up 100k
 * accounts takes seconds and none of it is measured. Products start on `start` (March 1 for a first run, January
 * 1 for a catch-up of three months), except every 10th account's, which start mid-March (prorated); every
 * 10th is a child of the account before it (the recursive settings CTE walks two levels), every 20th has a
 * negotiated seat price, a quarter are in DE and a quarter in US-CA (other tax rates), every 3rd has ten
 * usage records in March, some of them past the included quantity.
 */
async function generate(db: Db, n: number, start: string): Promise<void> {
  await sql`INSERT INTO tax_rates (jurisdiction, rate, effective_from)
            VALUES ('US', 0.05, '2026-01-01'), ('US-CA', 0.0725, '2026-01-01'), ('DE', 0.19, '2026-01-01')`.execute(db);
  await sql`
    INSERT INTO packages (id, code, name, currency, frequency) VALUES
      (1, 'base', 'Base', 'USD', 'monthly'), (2, 'addon', 'Add-on', 'USD', 'monthly'),
      (3, 'metered', 'Metered', 'USD', 'monthly')`.execute(db);
  await sql`
    INSERT INTO package_services (id, package_id, code, name, kind) VALUES
      (1, 1, 'seat', 'Seat', 'recurring'), (2, 2, 'storage', 'Storage', 'recurring'),
      (3, 2, 'setup', 'Setup', 'one_time'), (4, 3, 'platform', 'Platform', 'recurring'),
      (5, 3, 'api', 'API calls', 'usage')`.execute(db);
  await sql`
    INSERT INTO service_prices (service_id, effective_from, recurring_minor, one_time_minor, usage_rate,
                                included_quantity, overage_rate) VALUES
      (1, '2026-01-01', 2500, NULL, NULL, NULL, NULL), (2, '2026-01-01', 990, NULL, NULL, NULL, NULL),
      (3, '2026-01-01', NULL, 4900, NULL, NULL, NULL), (4, '2026-01-01', 1500, NULL, NULL, NULL, NULL),
      (5, '2026-01-01', NULL, NULL, NULL, 1000, 0.0025)`.execute(db);
  await sql`
    INSERT INTO accounts (id, account_number, name, currency, parent_id, ar_term_days, country, region)
    SELECT i, 'B-' || i, 'Bench ' || i, 'USD', CASE WHEN i % 10 = 0 THEN i - 1 END,
           CASE WHEN i % 3 = 0 THEN 15 END, CASE WHEN i % 4 = 0 THEN 'DE' ELSE 'US' END,
           CASE WHEN i % 4 = 1 THEN 'CA' END
      FROM generate_series(1, ${n}::int) i`.execute(db);
  await sql`
    INSERT INTO account_products (account_id, package_id, quantity, start_date)
    SELECT i, p, 1 + i % 5, CASE WHEN i % 10 = 5 THEN DATE '2026-03-16' ELSE ${start}::date END
      FROM generate_series(1, ${n}::int) i CROSS JOIN generate_series(1, 3) p`.execute(db);
  await sql`
    INSERT INTO price_plans (account_id, service_id, recurring_minor, effective_from, source)
    SELECT i, 1, 2000, '2026-01-01', 'bench' FROM generate_series(20, ${n}::int, 20) i`.execute(db);
  await sql`
    INSERT INTO usage_records (account_id, service_id, quantity, used_on)
    SELECT i, 5, 50 + (i * 7 + d * 13) % 200, DATE '2026-03-01' + d * 3
      FROM generate_series(3, ${n}::int, 3) i CROSS JOIN generate_series(0, 9) d`.execute(db);
  await sql`
    INSERT INTO product_quantities (account_product_id, service_id, effective_from, quantity)
    SELECT ap.id, s.id, ap.start_date, CASE WHEN s.kind = 'one_time' THEN 1 ELSE ap.quantity END
      FROM account_products ap JOIN package_services s ON s.package_id = ap.package_id AND s.kind <> 'usage'`.execute(
    db,
  );
  for (const t of ['packages', 'package_services', 'accounts', 'account_products']) {
    await sql`SELECT setval(pg_get_serial_sequence(${t}, 'id'), (SELECT max(id) FROM ${sql.table(t)}))`.execute(db);
  }
  await sql`ANALYZE`.execute(db);
}

/**
 * The floor: the same number of invoice-line rows written by one INSERT … SELECT into a copy of
 * invoice_lines with its indexes (no foreign keys, no pricing, no invoices).
 */
async function baseline(db: Db, lines: number): Promise<number> {
  await sql`CREATE TABLE baseline_lines (LIKE invoice_lines INCLUDING DEFAULTS INCLUDING INDEXES)`.execute(db);
  const started = performance.now();
  await sql`
    INSERT INTO baseline_lines (invoice_id, account_id, account_product_id, service_id, charge_kind, description,
                                quantity, unit_price, period_start, period_end, amount_minor, tax_minor)
    SELECT g, g, g, 1, 'recurring', 'Seat', 1, 25, DATE '2026-03-01', DATE '2026-03-31', 2500, 125
      FROM generate_series(1, ${lines}::int) g`.execute(db);
  return performance.now() - started;
}

/** Peak RSS of the PostgreSQL backend that ran the billing run, when the server is on this machine. */
function backendPeakMb(pid: number): number | null {
  const file = `/proc/${pid}/status`;
  if (!existsSync(file)) return null;
  const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(file, 'utf8'));
  return kb ? Number(kb[1]) / 1024 : null;
}

/**
 * 10% of the products get a seat quantity change dated 2026-03-16, inside the March already billed: the
 * next run bills April for everyone and an adjustment of March for each of them.
 */
async function changeTenPercent(db: Db): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    WITH changed AS (
      INSERT INTO product_quantities (account_product_id, service_id, effective_from, quantity)
      SELECT ap.id, 1, DATE '2026-03-16', ap.quantity + 1
        FROM account_products ap
       WHERE ap.package_id = 1 AND ap.account_id % 10 = 3
      RETURNING account_product_id)
    UPDATE account_products ap SET rerate_from = DATE '2026-03-16'
      FROM changed WHERE ap.id = changed.account_product_id
    RETURNING 1`.execute(db);
  return rows.length;
}

interface Setup {
  db: Db;
  ctx: AppContext;
  pid: number;
  close: () => Promise<void>;
}

async function setUp(url: string, schema: string, accounts: number, start: string): Promise<Setup> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
  // One connection: the run is one transaction anyway, and its backend's memory can then be read.
  const { db, pool } = createDb({ url, schema, max: 1 });
  await migrate(pool);
  await generate(db, accounts, start);
  const { rows } = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(db);
  return {
    db,
    // BENCH_STEPS=1 prints each run's time per step (the run logs them at debug level).
    ctx: { db, clock: systemClock, logger: pino({ level: process.env.BENCH_STEPS ? 'debug' : 'silent' }) },
    pid: rows[0].pid,
    close: async () => {
      await db.destroy();
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    },
  };
}

async function timedRun(s: Setup, what: string, accounts: number, date: string): Promise<RunMeasured> {
  const started = performance.now();
  const result = await runBilling(s.ctx, { date });
  const runMs = performance.now() - started;
  const pgRssMb = backendPeakMb(s.pid);
  await sql`DROP TABLE IF EXISTS baseline_lines`.execute(s.db);
  return {
    what,
    accounts,
    invoices: result.invoicesCreated,
    lines: result.linesCreated,
    adjustments: result.lines.adjustments,
    runMs,
    baselineMs: await baseline(s.db, Math.max(result.linesCreated, 1)),
    pgRssMb,
  };
}

function expectLines(m: RunMeasured, lines: number, adjustments = 0): void {
  if (m.lines !== lines || m.adjustments !== adjustments) {
    throw new Error(`${m.what}: ${m.lines} lines (${m.adjustments} adjustments), expected ${lines} (${adjustments})`);
  }
}

/**
 * The runs an operator meets, for `accounts` accounts: a first month-end run (March), the same run again,
 * the next month with 10% of the products changed inside March, and, on a second store, a first run that
 * catches up three months (January–March) at once.
 */
async function measure(url: string, accounts: number): Promise<RunMeasured[]> {
  const out: RunMeasured[] = [];
  const usage = Math.floor(accounts / 3);
  const monthly = await setUp(url, `bench_billing_${accounts}`, accounts, '2026-03-01');
  try {
    // One invoice per account: 3 recurring + 1 one-time line each, + March usage on a third.
    const first = await timedRun(monthly, 'first run, one month', accounts, RUN_DATE);
    expectLines(first, 4 * accounts + usage);
    out.push(first);
    const repeat = await timedRun(monthly, 'same date again', accounts, RUN_DATE);
    expectLines(repeat, 0);
    out.push(repeat);
    const changed = await changeTenPercent(monthly.db);
    // April: 3 recurring lines per account, no usage yet; one March adjustment per changed product.
    const next = await timedRun(monthly, 'next month, 10% changed in March', accounts, NEXT_RUN_DATE);
    expectLines(next, 3 * accounts + changed, changed);
    out.push(next);
  } finally {
    await monthly.close();
  }
  const behind = await setUp(url, `bench_catchup_${accounts}`, accounts, '2026-01-01');
  try {
    // Three months of 3 recurring lines, + the one-time line; the tenth that starts mid-March has one month.
    const tenth = accounts / 10;
    const catchUp = await timedRun(behind, 'catch-up, 3 missed months', accounts, RUN_DATE);
    expectLines(catchUp, (accounts - tenth) * 10 + tenth * 4 + usage);
    out.push(catchUp);
  } finally {
    await behind.close();
  }
  return out;
}

/** `BENCH_BILLING_ACCOUNTS=10000 npm run bench -- billing` for a quick look; the figures are at 100k. */
const BENCH_ACCOUNTS = process.env.BENCH_BILLING_ACCOUNTS
  ? process.env.BENCH_BILLING_ACCOUNTS.split(',').map(Number)
  : [10_000, 100_000];

export async function benchBilling(): Promise<void> {
  const embedded = process.env.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres(fileURLToPath(new URL('../.data/bench-pg', import.meta.url)));
  const url = process.env.DATABASE_URL ?? embedded!.url;
  const results: RunMeasured[] = [];
  try {
    for (const accounts of BENCH_ACCOUNTS) results.push(...(await measure(url, accounts)));
  } finally {
    await embedded?.stop();
  }
  printTable(
    `billing runs (3 products per account, usage on a third; PostgreSQL ${embedded ? 'embedded' : 'at DATABASE_URL'})`,
    [
      'run',
      'accounts',
      'invoices',
      'lines',
      'adjustments',
      'run s',
      'lines/s',
      'plain INSERT … SELECT s',
      'ratio',
      'PG backend peak RSS MB',
      'target',
    ],
    results.map((r) => [
      r.what,
      r.accounts,
      r.invoices,
      r.lines,
      r.adjustments,
      r.runMs / 1000,
      (r.lines * 1000) / r.runMs,
      r.baselineMs / 1000,
      r.lines > 0 ? `${(r.runMs / r.baselineMs).toFixed(1)}×` : '–',
      r.pgRssMb ?? '–',
      r.accounts === 100_000 && r.what.startsWith('first') ? `≤ 60 s (${r.runMs <= 60_000 ? 'met' : 'MISSED'})` : '',
    ]),
  );
  console.log(
    `node peak RSS (the hub side, the whole bench): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
  );
  console.log('PostgreSQL runs in its own processes; its backend peak is per store (cumulative over its runs).');
}
