import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { syncAccounts } from '../src/sync/flows/account-push/sync-accounts.ts';
import { pullCatalog } from '../src/sync/flows/catalog-pull/pull-catalog.ts';
import { benchSetup } from './bench-setup.ts';
import { hubEnv, runInHubProcess } from './hub-process.ts';
import { printTable } from './table.ts';

/**
 * `npm run bench -- push`: N Closed-Won opportunities (default 10,000) with 3 lines each, on N/10 accounts
 * already in billing, pushed in one batch run (`pushOpportunities`): every service of every line becomes a
 * price of the account's plan (9 per opportunity). The org runs in its own process with the SFDX schema; the
 * opportunities and lines are loaded through Bulk API 2.0 before anything is measured. Measured: wall time, the
 * org's API calls, the peak RSS of the process the push runs in (its own: bench/sync-hub.ts), and a plain COPY of the same rows (one
 * plan and 9 prices per opportunity) into tables of the same shape; then the same batch again (nothing left to
 * push).
 */

const N = Number(process.env.BENCH_PUSH_OPPORTUNITIES ?? 10_000);
const ACCOUNTS = Math.max(1, Math.floor(N / 10));
const SCHEMA = 'bench_push';
const PACKAGES = ['BENCH-A', 'BENCH-B', 'BENCH-C'];
const GOAL_RSS_MB = 512;

export async function benchPush(): Promise<void> {
  const { url, pool, ctx, org, orgProcess, close } = await benchSetup(SCHEMA);
  try {
    await seedCatalog(pool);
    const pulled = await pullCatalog(ctx, { trigger: 'test' });
    if (pulled.status !== 'succeeded') throw new Error(`catalog pull ${pulled.status}: ${pulled.error?.message}`);
    const entries = await org.query<{ Id: string; Pricebook2Id: string; Product2: { ProductCode: string } }>(
      'SELECT Id, Pricebook2Id, Product2.ProductCode FROM PricebookEntry WHERE Pricebook2.Billing_Integrated__c = true',
    );
    const entryOf = new Map(entries.map((e) => [e.Product2.ProductCode, e.Id]));
    const bookId = entries[0].Pricebook2Id;

    const accounts = await org.bulkInsert(
      'Account',
      `Name,BillingCountry,CurrencyIsoCode,Billing_Sync__c,Billing_Primary_Email__c\n${Array.from(
        { length: ACCOUNTS },
        (_, i) => `Bench ${i + 1},US,USD,true,ap${i + 1}@bench.example`,
      ).join('\n')}\n`,
    );
    const synced = await syncAccounts(ctx, { trigger: 'test' });
    if (synced.counts.created !== ACCOUNTS) throw new Error(`account sync created ${synced.counts.created}`);
    // Each opportunity of an account closes on another day, so each records its own price versions.
    const day = (i: number) => new Date(Date.UTC(2025, 0, 1 + Math.floor(i / ACCOUNTS))).toISOString().slice(0, 10);
    const opportunities = await org.bulkInsert(
      'Opportunity',
      `Name,AccountId,StageName,CloseDate,Type,Pricebook2Id,CurrencyIsoCode\n${Array.from(
        { length: N },
        (_, i) => `Deal ${i + 1},${accounts[i % ACCOUNTS]},Closed Won,${day(i)},New Customer,${bookId},USD`,
      ).join('\n')}\n`,
    );
    await org.bulkInsert(
      'OpportunityLineItem',
      `OpportunityId,PricebookEntryId,Quantity\n${opportunities
        .flatMap((id, i) => PACKAGES.map((code, p) => `${id},${entryOf.get(code)},${1 + ((i + p) % 5)}`))
        .join('\n')}\n`,
    );

    const rows: Array<Array<string | number>> = [];
    const measure = async (label: string) => {
      const mark = await org.lastSeq();
      const run = await runInHubProcess('push', hubEnv(url, SCHEMA, orgProcess));
      if (run.error) throw new Error(`${label}: ${run.error.code}: ${run.error.message}`);
      const calls = await org.callsSince(mark);
      const created = run.objects.Opportunity?.created ?? 0;
      rows.push([
        label,
        (run.wallMs / 1000).toFixed(1),
        created,
        run.objects.Opportunity?.failed ?? 0,
        calls.requests.length,
        run.maxRssMb.toFixed(0),
        run.maxRssMb <= GOAL_RSS_MB ? 'met' : 'MISSED',
      ]);
      return { ms: run.wallMs, created };
    };
    const first = await measure(`${N} opportunities × 3 lines, one batch`);
    if (first.created !== N) throw new Error(`pushed ${first.created} of ${N}`);
    const prices = Number((await pool.query('SELECT count(*) AS n FROM price_plans')).rows[0].n);
    if (prices !== N * 9) throw new Error(`expected ${N * 9} prices, found ${prices}`);
    await measure('the same batch again (nothing left to push)');
    const copyMs = await copyBaseline(url);
    printTable(
      `Opportunity push (${N} Closed-Won opportunities, 3 lines of 3 services each, ${ACCOUNTS} accounts; goal: peak RSS ≤ ${GOAL_RSS_MB} MB)`,
      ['batch', 'wall s', 'pushed', 'failed', 'API calls', 'peak RSS MB', 'goal'],
      rows,
    );
    printTable(
      'The same rows written by a plain COPY (1 plan + 9 prices per opportunity)',
      ['rows', 'COPY s', 'push / COPY'],
      [[N * 10, (copyMs / 1000).toFixed(2), `${(first.ms / copyMs).toFixed(0)}×`]],
    );
  } finally {
    await close();
  }
}

/** Three USD packages, each with a recurring, a one-time and a usage service. */
async function seedCatalog(pool: pg.Pool): Promise<void> {
  for (const code of PACKAGES) {
    const pkg = await pool.query<{ id: string }>(
      `INSERT INTO packages (code, name, currency, frequency) VALUES ($1, $1, 'USD', 'monthly') RETURNING id`,
      [code],
    );
    await pool.query(
      `WITH s AS (
         INSERT INTO package_services (package_id, code, name, kind, unit)
         VALUES ($1, 'SEATS', 'Seats', 'recurring', 'seat'), ($1, 'SETUP', 'Setup', 'one_time', 'setup'),
                ($1, 'CALLS', 'API calls', 'usage', 'call')
         RETURNING id, kind)
       INSERT INTO service_prices (service_id, effective_from, recurring_minor, one_time_minor, usage_rate, included_quantity, overage_rate)
       SELECT id, '2024-01-01', CASE WHEN kind = 'recurring' THEN 2500 END, CASE WHEN kind = 'one_time' THEN 10000 END,
         CASE WHEN kind = 'usage' THEN 0.0125 END, CASE WHEN kind = 'usage' THEN 1000 END, CASE WHEN kind = 'usage' THEN 0.015 END
       FROM s`,
      [pkg.rows[0].id],
    );
  }
}

/** N plan rows and 9·N price rows into empty tables shaped like account_price_plans and price_plans. */
async function copyBaseline(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`SET search_path TO ${SCHEMA}`);
    await client.query(
      'CREATE TABLE copy_plans (LIKE account_price_plans INCLUDING ALL); CREATE TABLE copy_prices (LIKE price_plans INCLUDING ALL)',
    );
    const now = new Date().toISOString();
    const started = performance.now();
    await pipeline(
      Readable.from(
        (function* () {
          for (let i = 1; i <= N; i++)
            yield `${i}\t${1 + (i % ACCOUNTS)}\tDeal ${i}\topportunity:${i}\t${now}\t${now}\n`;
        })(),
      ),
      client.query(copyFrom('COPY copy_plans (id, account_id, name, source, created_at, updated_at) FROM STDIN')),
    );
    await pipeline(
      Readable.from(
        (function* () {
          for (let i = 1; i <= N * 9; i++) {
            const plan = 1 + Math.floor((i - 1) / 9);
            yield `${i}\t${1 + (plan % ACCOUNTS)}\t${i}\t2500\t\\N\t\\N\t\\N\t\\N\t2025-01-01\topportunity:${plan}\t${plan}\t${now}\n`;
          }
        })(),
      ),
      client.query(
        copyFrom(
          'COPY copy_prices (id, account_id, service_id, recurring_minor, one_time_minor, usage_rate, included_quantity, overage_rate, effective_from, source, plan_id, created_at) FROM STDIN',
        ),
      ),
    );
    return performance.now() - started;
  } finally {
    await client.end();
  }
}
