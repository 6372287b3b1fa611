import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/app-context.ts';
import { runBilling } from '../../src/billing/billing-run/run-billing.ts';
import { jobsSchemaFor } from '../../src/config.ts';
import { FixedClock } from '../../src/domain/clock.ts';
import { enqueueJob } from '../../src/jobs/enqueue.ts';
import { listJobs } from '../../src/jobs/job-queue.repo.ts';
import { startWorker } from '../../src/jobs/start-worker.ts';
import type { Db } from '../../src/store/db.ts';
import { type TestDb, testDb } from '../db.ts';
import {
  createAccount,
  createPackage,
  orderProduct,
  recordUsage,
  setAccount,
  setTaxRate,
} from '../scenarios/billing-fixtures.ts';
import { waitFor } from './jobs-helpers.ts';

/** The same small world in a store: two accounts in a hierarchy, seats, usage, a tax rate. */
async function seed(db: Db): Promise<void> {
  const { packageId, services } = await createPackage(db, 'TEAM', [
    { code: 'SEATS', kind: 'recurring', prices: [{ from: '2025-01-01', recurring: 1_000n }] },
    { code: 'ONBOARD', kind: 'one_time', prices: [{ from: '2025-01-01', oneTime: 50_000n }] },
    { code: 'API', kind: 'usage', prices: [{ from: '2025-01-01', usageRate: '0.02', included: '1000' }] },
  ]);
  await setTaxRate(db, 'US-CA', '0.0725');
  const parent = await createAccount(db, 'P-1', { country: 'US', region: 'CA' });
  const child = await createAccount(db, 'C-1', { parent_id: parent });
  await setAccount(db, child, { subscription_invoicer_id: parent, tax_account_id: parent });
  await orderProduct(db, child, packageId, { quantity: '12', start: '2025-11-16' });
  await recordUsage(db, child, services.API, '6500', '2025-11-20');
  await recordUsage(db, child, services.API, '900', '2025-12-03');
}

/** Invoices and lines without ids, run ids or timestamps: what a customer would see. */
async function invoicesOf(db: Db) {
  const invoices = await db
    .selectFrom('invoices')
    .select(['invoice_number', 'kind', 'invoice_date', 'due_date', 'currency', 'subtotal_minor', 'tax_minor'])
    .select('total_minor')
    .orderBy('invoice_number')
    .execute();
  const lines = await db
    .selectFrom('invoice_lines')
    .innerJoin('invoices', 'invoices.id', 'invoice_lines.invoice_id')
    .select(['invoices.invoice_number', 'description', 'quantity', 'unit_price', 'period_start', 'period_end'])
    .select(['amount_minor', 'invoice_lines.tax_minor', 'line_type'])
    .orderBy('invoices.invoice_number')
    .orderBy('description')
    .orderBy('period_start')
    .execute();
  return { invoices, lines };
}

describe('the billing_run task', () => {
  let direct: TestDb;
  let queued: TestDb;
  const clock = new FixedClock(new Date('2026-01-15T12:00:00Z'));
  const logger = pino({ level: 'silent' });
  beforeAll(async () => {
    [direct, queued] = await Promise.all([testDb(), testDb()]);
    await seed(direct.db);
    await seed(queued.db);
  });
  afterAll(async () => {
    await direct.close();
    await queued.close();
  });

  it('through the queue issues the same invoices as runBilling called directly', async () => {
    const directCtx: AppContext = { db: direct.db, clock, logger };
    const queuedCtx: AppContext = { db: queued.db, clock, logger, jobs: { schema: jobsSchemaFor(queued.schema) } };
    for (const date of ['2025-11-30', '2025-12-31']) await runBilling(directCtx, { date });

    const worker = await startWorker(queuedCtx, { connectionString: queued.url, concurrency: 2 });
    try {
      // One after the other, as the direct calls were.
      for (const date of ['2025-11-30', '2025-12-31']) {
        await enqueueJob(queuedCtx, 'billing_run', { date }, { jobKey: `billing_run:${date}` });
        await waitFor('the queue to empty', async () => {
          const left = await listJobs(queued.db, jobsSchemaFor(queued.schema), { limit: 10 });
          return left.length === 0;
        });
      }
    } finally {
      await worker.stop();
    }
    const expected = await invoicesOf(direct.db);
    expect(expected.invoices.length).toBeGreaterThanOrEqual(3);
    expect(await invoicesOf(queued.db)).toEqual(expected);
  });
});
