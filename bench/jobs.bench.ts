import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import pino from 'pino';
import { z } from 'zod';
import type { AppContext } from '../src/app-context.ts';
import { systemClock } from '../src/domain/clock.ts';
import { defineTask } from '../src/jobs/define-task.ts';
import { enqueueJob } from '../src/jobs/enqueue.ts';
import { installJobQueue } from '../src/jobs/install-job-queue.ts';
import { addJob } from '../src/jobs/job-queue.repo.ts';
import { startWorker } from '../src/jobs/start-worker.ts';
import { createDb } from '../src/store/db.ts';
import { startEmbeddedPostgres } from '../src/store/embedded-postgres.ts';
import { migrate } from '../src/store/migrate.ts';
import { printTable } from './table.ts';

/**
 * `npm run bench -- jobs`: the job queue on one PostgreSQL. Enqueueing (`enqueueJob`, payload checked, one
 * `add_job` each), draining jobs whose task writes one row with one and two worker pools (each with its own
 * connections, as two processes would have), and the latency from enqueue to the task starting on an idle
 * worker (LISTEN/NOTIFY, not the 2 s poll).
 */

const JOBS = Number(process.env.BENCH_JOBS ?? 2000);
const CONCURRENCY = 4;

export async function benchJobs(): Promise<void> {
  const embedded = process.env.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres(fileURLToPath(new URL('../.data/bench-pg', import.meta.url)));
  const url = process.env.DATABASE_URL ?? embedded!.url;
  const schema = 'bench_jobs';
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; DROP SCHEMA IF EXISTS ${schema}_jobs CASCADE`);
  await admin.query(`CREATE SCHEMA ${schema}`);
  const { db, pool } = createDb({ url, schema });
  const rows: Array<Array<string | number>> = [];
  try {
    await migrate(pool);
    await sql`CREATE TABLE bench_effects (n int NOT NULL, started_at timestamptz NOT NULL DEFAULT clock_timestamp())`.execute(
      db,
    );
    const ctx: AppContext = {
      db,
      clock: systemClock,
      logger: pino({ level: 'silent' }),
      jobs: { schema: `${schema}_jobs` },
    };
    await installJobQueue(url, `${schema}_jobs`, ctx.logger);
    const record = defineTask({
      name: 'bench_record',
      description: 'bench: one row per job',
      payload: z.strictObject({ n: z.number().int() }),
      run: async (taskCtx, payload) => {
        await sql`INSERT INTO bench_effects (n) VALUES (${payload.n})`.execute(taskCtx.db);
      },
    });
    const add = (n: number) =>
      addJob(db, `${schema}_jobs`, {
        task: 'bench_record',
        payload: { n },
        jobKey: undefined,
        runAt: undefined,
        maxAttempts: undefined,
      });
    const count = async () =>
      Number((await sql<{ c: string }>`SELECT count(*) AS c FROM bench_effects`.execute(db)).rows[0].c);

    // Enqueue: through enqueueJob with its payload check (billing_run jobs, never run here), one at a time.
    let t0 = performance.now();
    for (let i = 0; i < JOBS; i += 1) {
      await enqueueJob(
        ctx,
        'billing_run',
        { date: '2026-01-31' },
        { jobKey: `bench:${i}`, runAt: new Date('2100-01-01') },
      );
    }
    const enqueueMs = performance.now() - t0;
    rows.push([`enqueueJob × ${JOBS}, one at a time`, JOBS, enqueueMs / 1000, (JOBS * 1000) / enqueueMs, '']);
    await sql`DELETE FROM ${sql.id(`${schema}_jobs`, '_private_jobs')}`.execute(db);

    for (const pools of [1, 2]) {
      await sql`TRUNCATE bench_effects`.execute(db);
      for (let i = 0; i < JOBS; i += 1) await add(i);
      t0 = performance.now();
      const workers = await Promise.all(
        Array.from({ length: pools }, () =>
          startWorker(ctx, { connectionString: url, concurrency: CONCURRENCY, tasks: [record] }),
        ),
      );
      while ((await count()) < JOBS) await new Promise((r) => setTimeout(r, 20));
      const drainMs = performance.now() - t0;
      await Promise.all(workers.map((w) => w.stop()));
      const distinct = Number(
        (await sql<{ c: string }>`SELECT count(DISTINCT n) AS c FROM bench_effects`.execute(db)).rows[0].c,
      );
      rows.push([
        `drain ${JOBS} jobs, ${pools} worker pool${pools > 1 ? 's' : ''} × concurrency ${CONCURRENCY}`,
        JOBS,
        drainMs / 1000,
        (JOBS * 1000) / drainMs,
        distinct === JOBS && (await count()) === JOBS
          ? 'each once'
          : `WRONG: ${await count()} runs, ${distinct} distinct`,
      ]);
    }

    // Pickup latency: an idle worker, one job at a time, enqueue → the task's first statement.
    await sql`TRUNCATE bench_effects`.execute(db);
    const worker = await startWorker(ctx, { connectionString: url, concurrency: 1, tasks: [record] });
    const latencies: number[] = [];
    for (let i = 0; i < 20; i += 1) {
      await new Promise((r) => setTimeout(r, 50));
      const {
        rows: [{ now }],
      } = await sql<{ now: Date }>`SELECT clock_timestamp() AS now`.execute(db);
      await add(i);
      while ((await count()) < i + 1) await new Promise((r) => setTimeout(r, 2));
      const {
        rows: [{ started_at }],
      } = await sql<{ started_at: Date }>`SELECT started_at FROM bench_effects WHERE n = ${i}`.execute(db);
      latencies.push(started_at.getTime() - now.getTime());
    }
    await worker.stop();
    latencies.sort((a, b) => a - b);
    rows.push([
      'enqueue → task starts, idle worker',
      20,
      Number.NaN,
      Number.NaN,
      `median ${latencies[10]} ms, max ${latencies[19]} ms`,
    ]);
  } finally {
    await db.destroy();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; DROP SCHEMA IF EXISTS ${schema}_jobs CASCADE`);
    await admin.end();
    await embedded?.stop();
  }
  printTable(
    `job queue (graphile-worker 0.17.3; PostgreSQL ${embedded ? 'embedded' : 'at DATABASE_URL'})`,
    ['what', 'jobs', 's', 'jobs/s', 'check'],
    rows,
  );
}
