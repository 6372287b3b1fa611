import pg from 'pg';
import { pullCatalog } from '../src/sync/flows/catalog-pull/pull-catalog.ts';
import { benchSetup } from './bench-setup.ts';
import type { LoggedRequest } from './org-client.ts';
import { printTable } from './table.ts';

/**
 * `npm run bench -- catalog`: billing's catalog into the integrated price book (issue: 5k packages × 5
 * services). The org runs in its own process with the SFDX schema; the catalog is generated in the store
 * with SQL. Measured: the first pull (everything created), a pull of the unchanged catalog, and a pull after
 * a tenth of the prices changed: wall time, the org's API calls (its request log) split into reads and
 * writes, and writes per 10k records written against the goal.
 */

const PACKAGES = Number(process.env.BENCH_CATALOG_PACKAGES ?? 5_000);
const SERVICES = 5;
const SCHEMA = 'bench_catalog';
const GOAL_WRITES_PER_10K = 50;

export async function benchCatalog(): Promise<void> {
  const { pool, ctx, org: client, close } = await benchSetup(SCHEMA);
  try {
    await generateCatalog(pool);
    const callsSince = async (mark: number) => {
      const { requests } = await client.callsSince(mark);
      // A Bulk query job is created with a POST, but it reads.
      const isWrite = (r: LoggedRequest) =>
        r.path.includes('/jobs/ingest') || (r.method !== 'GET' && !r.path.includes('/jobs/query'));
      return { reads: requests.filter((r) => !isWrite(r)).length, writes: requests.filter(isWrite).length };
    };
    const rows: Array<Array<string | number>> = [];
    const measure = async (label: string) => {
      const mark = await client.lastSeq();
      const t0 = performance.now();
      const run = await pullCatalog(ctx, { trigger: 'test' });
      const ms = performance.now() - t0;
      if (run.error) throw new Error(`${label}: ${run.error.code}: ${run.error.message}`);
      const calls = await callsSince(mark);
      const written = run.counts.created + run.counts.updated;
      const per10k = written === 0 ? 0 : (calls.writes * 10_000) / written;
      rows.push([
        label,
        (ms / 1000).toFixed(1),
        written,
        run.counts.failed,
        calls.reads,
        calls.writes,
        written === 0 ? '—' : per10k.toFixed(1),
        written === 0
          ? calls.writes === 0
            ? 'met (no write)'
            : 'MISSED'
          : per10k <= GOAL_WRITES_PER_10K
            ? 'met'
            : 'MISSED',
      ]);
    };
    await measure(`first pull: ${PACKAGES} packages × ${SERVICES} services`);
    await measure('the same catalog again');
    await pool.query(
      `UPDATE service_prices SET recurring_minor = recurring_minor + 100 WHERE recurring_minor IS NOT NULL AND service_id % 7 = 0`,
    );
    await measure('a seventh of the service prices changed');
    printTable(
      `Catalog pull (${PACKAGES} packages × ${SERVICES} services, entries in 2 books; goal ≤ ${GOAL_WRITES_PER_10K} write calls per 10k records written)`,
      ['pull', 'wall s', 'records written', 'failed', 'reads', 'writes', 'writes / 10k', 'goal'],
      rows,
    );
  } finally {
    await close();
  }
}

/** PACKAGES packages (alternately USD and EUR), each with a recurring, a one-time, a usage and two more recurring services. */
async function generateCatalog(pool: pg.Pool): Promise<void> {
  await pool.query(
    `INSERT INTO packages (code, name, currency, frequency)
     SELECT 'PKG-' || lpad(n::text, 5, '0'), 'Package ' || n, CASE WHEN n % 2 = 0 THEN 'USD' ELSE 'EUR' END, 'monthly'
     FROM generate_series(1, $1::int) n`,
    [PACKAGES],
  );
  await pool.query(
    `INSERT INTO package_services (package_id, code, name, kind, unit)
     SELECT p.id, s.code, s.code || ' of ' || p.code, s.kind, s.unit
     FROM packages p CROSS JOIN (VALUES ('BASE', 'recurring', 'month'), ('SEATS', 'recurring', 'seat'),
       ('SUPPORT', 'recurring', 'month'), ('ONBOARD', 'one_time', 'engagement'), ('API', 'usage', 'call')) s(code, kind, unit)`,
  );
  await pool.query(
    `INSERT INTO service_prices (service_id, effective_from, recurring_minor, one_time_minor, usage_rate, included_quantity, overage_rate)
     SELECT id, '2026-01-01',
       CASE WHEN kind = 'recurring' THEN 1000 + id % 9000 END,
       CASE WHEN kind = 'one_time' THEN 50000 END,
       CASE WHEN kind = 'usage' THEN 0.0125 END,
       CASE WHEN kind = 'usage' THEN 1000 END,
       CASE WHEN kind = 'usage' THEN 0.015 END
     FROM package_services`,
  );
}
