import { type ChildProcessByStdio, spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/app-context.ts';
import { jobsSchemaFor } from '../../src/config.ts';
import { FixedClock } from '../../src/domain/clock.ts';
import { enqueueJob } from '../../src/jobs/enqueue.ts';
import { installJobQueue } from '../../src/jobs/install-job-queue.ts';
import { listJobs } from '../../src/jobs/job-queue.repo.ts';
import { createDb } from '../../src/store/db.ts';
import { migrate } from '../../src/store/migrate.ts';
import { useOwnSchema } from '../db.ts';
import { waitFor } from './jobs-helpers.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A `node bin/revbridge.js worker` process, as an operator starts one; its JSON log lines are kept. */
interface WorkerProcess {
  child: ChildProcessByStdio<null, Readable, Readable>;
  stdout(): string;
  /** pino lines of stderr (LOG_LEVEL=info), parsed. */
  logs(): Array<Record<string, unknown>>;
  exited: Promise<number | null>;
}

describe('revbridge worker processes on one DATABASE_URL', () => {
  const { url, schema } = useOwnSchema('t_wrk');
  const jobsSchema = jobsSchemaFor(schema);
  let ctx: AppContext;
  let close: () => Promise<void>;
  const started: WorkerProcess[] = [];

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.end();
    const { db, pool } = createDb({ url, schema });
    await migrate(pool);
    ctx = {
      db,
      clock: new FixedClock(new Date('2026-01-15T12:00:00Z')),
      logger: pino({ level: 'silent' }),
      jobs: { schema: jobsSchema },
    };
    await installJobQueue(url, jobsSchema, ctx.logger);
    close = () => db.destroy();
  });
  afterAll(async () => {
    for (const w of started) w.child.kill('SIGKILL');
    await close();
  });

  async function startWorkerProcess(args: string[] = []): Promise<WorkerProcess> {
    const child = spawn(process.execPath, ['bin/revbridge.js', 'worker', ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: url, REVBRIDGE_DB_SCHEMA: schema, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const w: WorkerProcess = {
      child,
      stdout: () => out,
      logs: () =>
        err
          .split('\n')
          .filter((line) => line.startsWith('{'))
          .map((line) => JSON.parse(line) as Record<string, unknown>),
      exited,
    };
    started.push(w);
    await Promise.race([
      waitFor('the worker to start', async () => out.includes('Ctrl-C stops it')),
      exited.then((code) => {
        throw new Error(`worker exited with ${code} before it started: ${err}`);
      }),
    ]);
    return w;
  }

  const runDates = async () =>
    (await ctx.db.selectFrom('billing_runs').select('run_date').execute()).map((r) => String(r.run_date));
  const jobs = () => listJobs(ctx.db, jobsSchema, { limit: 1000 });
  const dayOf2024 = (i: number) => new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10);

  it('two worker processes share 50 jobs and each job runs exactly once; SIGTERM stops them with 0', async () => {
    const a = await startWorkerProcess(['--concurrency', '2']);
    const b = await startWorkerProcess(['--concurrency', '2']);
    // One billing run per day: the effect of each job is a billing_runs row with its date.
    const dates = Array.from({ length: 50 }, (_, i) => dayOf2024(i));
    for (const date of dates) await enqueueJob(ctx, 'billing_run', { date }, { jobKey: `billing_run:${date}` });
    await waitFor('50 billing runs', async () => (await runDates()).length >= 50 && (await jobs()).length === 0);

    const done = await runDates();
    expect(done).toHaveLength(50);
    expect(new Set(done)).toEqual(new Set(dates));
    // Who ran what: each process logs 'billing run done' with the job's id.
    const ran = (w: WorkerProcess) =>
      w
        .logs()
        .filter((l) => l.msg === 'billing run done')
        .map((l) => l.jobId);
    const byA = ran(a);
    const byB = ran(b);
    expect(byA.length + byB.length).toBe(50);
    expect(new Set([...byA, ...byB]).size).toBe(50);
    // Both took part (measured: 26 + 24); LISTEN/NOTIFY wakes both on every insert.
    expect(byA.length).toBeGreaterThan(0);
    expect(byB.length).toBeGreaterThan(0);

    a.child.kill('SIGTERM');
    b.child.kill('SIGTERM');
    expect(await a.exited).toBe(0);
    expect(await b.exited).toBe(0);
    expect(a.stdout()).toMatch(/worker pool-\w+ stopped \(SIGTERM\)/);
  });

  it('a job whose worker is killed (SIGKILL) mid-run is run again by another worker, not lost', async () => {
    // The billing run's advisory lock, held here, keeps the job running in worker A until we let go.
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    await holder.query("SELECT pg_advisory_lock(hashtext('revbridge.billing_run'))");
    try {
      const a = await startWorkerProcess(['--concurrency', '1']);
      const job = await enqueueJob(ctx, 'billing_run', { date: '2024-12-31' }, { jobKey: 'billing_run:2024-12-31' });
      const running = await waitFor('worker A to run the job', async () =>
        (await jobs()).find((j) => j.id === job.id && j.state === 'running'),
      );
      a.child.kill('SIGKILL');
      await a.exited;
      // graphile alone would leave it locked for 4 hours.
      expect((await jobs()).find((j) => j.id === job.id)).toMatchObject({ state: 'running', attempts: 1 });

      const b = await startWorkerProcess(['--concurrency', '1']);
      const reclaimed = await waitFor('worker B to take the job over', async () =>
        (await jobs()).find((j) => j.id === job.id && j.state === 'running' && j.lockedBy !== running.lockedBy),
      );
      expect(reclaimed.attempts).toBe(2);
      expect(reclaimed.lastError).toBe(`the worker running it stopped (${running.lockedBy}); run again`);
      expect(b.logs().find((l) => l.msg === 'returned the jobs of stopped workers to the queue')).toMatchObject({
        workers: [running.lockedBy],
      });

      await holder.end();
      await waitFor('the job to finish', async () => (await jobs()).length === 0);
      expect((await runDates()).filter((d) => d === '2024-12-31')).toHaveLength(1);
      b.child.kill('SIGINT');
      expect(await b.exited).toBe(0);
    } finally {
      await holder.end().catch(() => {});
    }
  });

  it('`revbridge jobs --json` lists what waits, with its key', async () => {
    await enqueueJob(ctx, 'billing_run', { date: '2030-01-31' }, { jobKey: 'billing_run:2030-01-31' });
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['bin/revbridge.js', 'jobs', '--json'], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: url, REVBRIDGE_DB_SCHEMA: schema, LOG_LEVEL: 'warn' },
      });
      let text = '';
      child.stdout.on('data', (chunk) => (text += chunk));
      child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`exit ${code}`))));
    });
    expect(JSON.parse(out).jobs).toEqual([
      expect.objectContaining({ task: 'billing_run', key: 'billing_run:2030-01-31', state: 'queued', attempts: 0 }),
    ]);
  });

  it('refuses a bad --concurrency with validation_failed and exit 1', async () => {
    const child = spawn(process.execPath, ['bin/revbridge.js', 'worker', '--concurrency', '0'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: url, REVBRIDGE_DB_SCHEMA: schema, LOG_LEVEL: 'warn' },
    });
    let err = '';
    child.stderr.on('data', (chunk) => (err += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(err).toBe('error validation_failed: --concurrency must be an integer 1–64.\n');
  });
});
