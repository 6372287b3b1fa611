import type pg from 'pg';
import type { AppContext } from '../src/app-context.ts';
import { createContract, updateContract } from '../src/revenue/contracts/manage-contracts.ts';
import { pushContracts } from '../src/revenue/push/push-contracts.ts';
import { revenueMetrics } from '../src/revenue/metrics/revenue-metrics.ts';
import { benchSetup } from './bench-setup.ts';
import type { Org } from './org-client.ts';
import { hubEnv, runInHubProcess } from './hub-process.ts';
import { printTable } from './table.ts';

/**
 * `npm run bench -- revenue`: N opportunities (default 20,000; BENCH_REVENUE_OPPORTUNITIES=200000 is the issue's
 * target) with 3 line items each, flagged for revenue, on N/10 accounts, loaded into a local org in its own process
 * through Bulk API 2.0; then `importContracts` in a process of its own (bench/sync-hub.ts revenue): wall time, the
 * org's API calls per 10k records read, peak RSS; then a catch-up with nothing changed and a full re-import with
 * nothing changed. Then the push back of BENCH_REVENUE_PUSH contracts made in revbridge (default 2,000), created and
 * then changed. Then the metrics over BENCH_REVENUE_METRIC_LINES contract lines (default 1,000,000: the imported
 * ones plus generated contracts), beside a bare SQL aggregate over the same rows.
 */

const N = Number(process.env.BENCH_REVENUE_OPPORTUNITIES ?? 20_000);
const METRIC_LINES = Number(process.env.BENCH_REVENUE_METRIC_LINES ?? 1_000_000);
/** Contracts made in revbridge and pushed (BENCH_REVENUE_PUSH). */
const PUSH_N = Number(process.env.BENCH_REVENUE_PUSH ?? 2_000);
const ACCOUNTS = Math.max(1, Math.floor(N / 10));
const SCHEMA = 'bench_revenue';
const GOALS = { wallS: 60, callsPer10k: 5, rssMb: 512, metricsS: 1, metricsRatio: 3 };
const PRODUCTS = [
  { code: 'PLATFORM', recurring: true },
  { code: 'SEATS', recurring: true },
  { code: 'ONBOARDING', recurring: false },
];

export async function benchRevenue(): Promise<void> {
  const { url, pool, ctx, org, orgProcess, close } = await benchSetup(SCHEMA);
  try {
    const book = (await org.query<{ Id: string }>('SELECT Id FROM Pricebook2 WHERE IsStandard = true'))[0].Id;
    const products = await org.bulkInsert(
      'Product2',
      `Name,ProductCode,IsActive,Is_Recurring__c\n${PRODUCTS.map((p) => `${p.code},${p.code},true,${p.recurring}`).join('\n')}\n`,
    );
    const entries = await org.bulkInsert(
      'PricebookEntry',
      `Pricebook2Id,Product2Id,UnitPrice,IsActive,CurrencyIsoCode\n${products.map((id) => `${book},${id},1,true,USD`).join('\n')}\n`,
    );
    const accounts = await org.bulkInsert(
      'Account',
      `Name\n${Array.from({ length: ACCOUNTS }, (_, i) => `Revenue ${i + 1}`).join('\n')}\n`,
    );
    const start = (i: number) => new Date(Date.UTC(2025, i % 12, 1)).toISOString().slice(0, 10);
    const end = (i: number) => new Date(Date.UTC(2026, i % 12, 0)).toISOString().slice(0, 10);
    const loadStarted = performance.now();
    const opportunities = await org.bulkInsert(
      'Opportunity',
      `Name,AccountId,StageName,CloseDate,Pricebook2Id,CurrencyIsoCode,Revenue_Sync__c,Term_Start_Date__c,Term_End_Date__c\n${Array.from(
        { length: N },
        (_, i) =>
          `Deal ${i + 1},${accounts[i % ACCOUNTS]},${i % 10 === 9 ? 'Negotiation/Review' : 'Closed Won'},${start(i)},${book},USD,true,${start(i)},${end(i)}`,
      ).join('\n')}\n`,
    );
    await org.bulkInsert(
      'OpportunityLineItem',
      `OpportunityId,PricebookEntryId,Quantity,TotalPrice\n${opportunities
        .flatMap((id, i) =>
          entries.map((entry, p) => `${id},${entry},${1 + ((i + p) % 5)},${(1200 * (p + 1) + (i % 97)).toFixed(2)}`),
        )
        .join('\n')}\n`,
    );
    const loadS = (performance.now() - loadStarted) / 1000;

    const rows: Array<Array<string | number>> = [];
    const measure = async (label: string, full: boolean) => {
      const mark = await org.lastSeq();
      const run = await runInHubProcess(
        'revenue',
        hubEnv(url, SCHEMA, orgProcess, { BENCH_REVENUE_FULL: full ? '1' : '' }),
      );
      if (run.error) throw new Error(`${label}: ${run.error.code}: ${run.error.message}`);
      const calls = await org.callsSince(mark);
      const read = full || label.startsWith('first') ? N * 4 + PRODUCTS.length : 0;
      const o = run.objects.Opportunity ?? {};
      rows.push([
        label,
        (run.wallMs / 1000).toFixed(1),
        `${o.created ?? 0} / ${o.updated ?? 0} / ${o.unchanged ?? 0} / ${o.failed ?? 0}`,
        calls.reads,
        calls.writes,
        read > 0 ? ((calls.requests.length / read) * 10_000).toFixed(2) : '–',
        run.maxRssMb.toFixed(0),
      ]);
      return { ...run, created: o.created ?? 0 };
    };
    const first = await measure(`first import: ${N} opportunities, ${N * 3} lines`, false);
    if (first.created !== N) throw new Error(`imported ${first.created} of ${N}`);
    // Once the cursor has settled (4 s), a catch-up reads from just after the newest change seen.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    await measure('catch-up, nothing changed', false);
    await measure('full re-import, nothing changed', true);
    printTable(
      `Revenue import (${N} opportunities × 3 line items on ${ACCOUNTS} accounts, loaded into the org in ${loadS.toFixed(0)} s; goals: ≤ ${GOALS.wallS} s at 200k, ≤ ${GOALS.callsPer10k} calls per 10k records read, peak RSS ≤ ${GOALS.rssMb} MB)`,
      ['run', 'wall s', 'created / updated / unchanged / failed', 'reads', 'writes', 'calls / 10k read', 'peak RSS MB'],
      rows,
    );

    await benchPush(ctx, org, accounts);

    const lines = await topUpLines(pool);
    const timed = async (work: () => Promise<unknown>) => {
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const started = performance.now();
        await work();
        times.push(performance.now() - started);
      }
      return times.sort((a, b) => a - b)[2];
    };
    const metricsMs = await timed(() => revenueMetrics(ctx, '2026-06-30'));
    const bareMs = await timed(() =>
      pool.query(
        'SELECT c.account_salesforce_id, sum(l.arr_minor), sum(l.mrr_minor), sum(l.revenue_minor) FROM contract_lines l JOIN contracts c ON c.id = l.contract_id GROUP BY 1',
      ),
    );
    printTable(
      `Revenue metrics over ${lines.toLocaleString('en-US')} contract lines (median of 5; goals: ≤ ${GOALS.metricsS} s, ≤ ${GOALS.metricsRatio}× the bare aggregate)`,
      ['query', 'ms', 'ratio'],
      [
        [
          'revenue metrics (ARR, MRR, ACV, bookings, renewals, overdue, churn, NRR, GRR)',
          metricsMs.toFixed(0),
          `${(metricsMs / bareMs).toFixed(2)}×`,
        ],
        ['bare aggregate: sum of ARR, MRR, revenue per account over the same lines', bareMs.toFixed(0), '1×'],
      ],
    );
  } finally {
    await close();
  }
}

/**
 * The push back: PUSH_N contracts made in revbridge become opportunities with two line items each; then a
 * change to each (its name and one line's quantity) goes field by field; then a push with nothing pending. Wall
 * time and the org's API calls, per 100 contracts.
 */
async function benchPush(ctx: AppContext, org: Org, accounts: readonly string[]): Promise<void> {
  const made: string[] = [];
  for (let i = 0; i < PUSH_N; i++) {
    const contract = await createContract(ctx, {
      account: accounts[i % accounts.length],
      name: `Renewal ${i + 1}`,
      stage: 'Closed Won',
      closeDate: '2026-12-15',
      lines: [
        { product: 'PLATFORM', quantity: '1', revenue: '12000.00', start: '2027-01-01', end: '2027-12-31' },
        { product: 'SEATS', quantity: '10', revenue: '6000.00', start: '2027-01-01', end: '2027-12-31' },
      ],
    });
    made.push(contract.contractId);
  }
  const rows: Array<Array<string | number>> = [];
  const measure = async (label: string) => {
    const mark = await org.lastSeq();
    const started = performance.now();
    const result = await pushContracts(ctx, { trigger: 'test' });
    const wallS = (performance.now() - started) / 1000;
    if (result.counts.failed > 0) throw new Error(`${label}: ${result.counts.failed} refused`);
    const calls = await org.callsSince(mark);
    const c = result.counts;
    rows.push([
      label,
      wallS.toFixed(1),
      `${c.created} / ${c.updated} / ${c.unchanged}`,
      calls.reads,
      calls.writes,
      ((calls.requests.length / PUSH_N) * 100).toFixed(1),
    ]);
  };
  await measure(`${PUSH_N} contracts made in revbridge → opportunities with 2 line items each`);
  for (const id of made) {
    await updateContract(ctx, id, {
      name: `Renewal ${id} (amended)`,
      lines: [
        { product: 'PLATFORM', quantity: '1', revenue: '12000.00', start: '2027-01-01', end: '2027-12-31' },
        { product: 'SEATS', quantity: '12', revenue: '7200.00', start: '2027-01-01', end: '2027-12-31' },
      ],
    });
  }
  await measure(`the same ${PUSH_N} changed in revbridge (name, one line's quantity) → field by field`);
  await measure('nothing pending');
  printTable(
    `Revenue push (${PUSH_N} contracts; Salesforce's API calls are the scarce resource)`,
    ['push', 'wall s', 'created / updated / unchanged', 'reads', 'writes', 'calls / 100 contracts'],
    rows,
  );
}

/**
 * Contracts generated in SQL beside the imported ones until the store holds METRIC_LINES lines: 3 lines each, on
 * 20,000 accounts, terms across 2024–2027, a tenth churned, a tenth renewed by the next contract, a twentieth
 * amending it, and a tenth with a seat add-on starting three months into the term (their ARR changes within it, so
 * the metrics read their lines); then the three tables vacuumed and analysed. Returns the number of lines.
 */
async function topUpLines(pool: pg.Pool): Promise<number> {
  const have = Number((await pool.query('SELECT count(*) AS n FROM contract_lines')).rows[0].n);
  const contracts = Math.max(0, Math.ceil((METRIC_LINES - have) / 3));
  if (contracts > 0) {
    await pool.query(`
      INSERT INTO contracts (origin, name, account_salesforce_id, stage, close_date, start_date, end_date, currency,
        source_currency, conversion_rate, terminated_effective_date, termination_date, recurring, uniform, arr_minor,
        mrr_minor, one_time_minor, revenue_minor, created_at, updated_at)
      SELECT 'revbridge', 'Generated ' || g, 'G' || lpad((g % 20000)::text, 17, '0'), 'Closed Won',
        s, s, (s + interval '1 year' - interval '1 day')::date, 'USD', 'USD', 1,
        CASE WHEN g % 10 = 0 THEN (s + interval '200 days')::date END, CASE WHEN g % 10 = 0 THEN s END, true,
        -- The sums of the three lines below (contractSums): each spans the term but a tenth's add-on.
        g % 10 <> 3, 360000, 30000, 360000, 720000, now(), now()
      FROM generate_series(1, ${contracts}) g, LATERAL (SELECT ('2024-01-01'::date + (g % 1100))::date AS s) d`);
    await pool.query(`
      INSERT INTO contract_lines (contract_id, position, product_id, quantity, start_date, end_date, revenue_minor,
        recurring, arr_minor, mrr_minor)
      SELECT c.id, p, (SELECT min(id) FROM revenue_products), 1,
        CASE WHEN p = 1 AND substring(c.name FROM 11)::int % 10 = 3 THEN c.start_date + 91 ELSE c.start_date END,
        c.end_date, 120000 * (p + 1),
        p < 2, CASE WHEN p < 2 THEN 120000 * (p + 1) ELSE 0 END, CASE WHEN p < 2 THEN 10000 * (p + 1) ELSE 0 END
      FROM contracts c, generate_series(0, 2) p WHERE c.name LIKE 'Generated %'`);
    await pool.query(`
      INSERT INTO contract_links (kind, later_id, earlier_id, source, created_at)
      SELECT CASE WHEN c.id % 20 = 0 THEN 'amendment' ELSE 'renewal' END, c.id + 1, c.id, 'revbridge', now()
      FROM contracts c WHERE c.name LIKE 'Generated %' AND c.id % 10 IN (0, 5)
        AND EXISTS (SELECT 1 FROM contracts n WHERE n.id = c.id + 1)
      ON CONFLICT DO NOTHING`);
  }
  // The store as it runs day to day: autovacuum has been by after the import and the rows above (hint bits set,
  // visibility map and statistics current), rather than working through them while the metrics are timed.
  for (const table of ['contracts', 'contract_lines', 'contract_links']) await pool.query(`VACUUM (ANALYZE) ${table}`);
  return Number((await pool.query('SELECT count(*) AS n FROM contract_lines')).rows[0].n);
}
