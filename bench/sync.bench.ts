import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import pino from 'pino';
import { installJobQueue } from '../src/jobs/install-job-queue.ts';
import { addJob } from '../src/jobs/job-queue.repo.ts';
import { POLL_JOB_KEY } from '../src/jobs/tasks/poll-changes.task.ts';
import { type Db, createDb } from '../src/store/db.ts';
import { startEmbeddedPostgres } from '../src/store/embedded-postgres.ts';
import { migrate } from '../src/store/migrate.ts';
import { token } from './http-client.ts';
import { type OrgProcess, startOrgProcess } from './localorg-process.ts';
import { type Calls, Org, V } from './org-client.ts';
import { percentile, printTable } from './table.ts';

/**
 * `npm run bench -- sync`: revbridge's account sync (Salesforce → billing, state written back) against a local
 * org in its own process, with the SFDX schema of salesforce/force-app. N accounts in 3-level hierarchies
 * (root → mid → leaf, a third each) and 2.5·N contacts on mid and leaf accounts (every 50th also related to
 * its root through AccountContactRelation), all flagged, loaded through Bulk API 2.0 before anything is
 * measured. The hub runs in its own process too (bench/sync-hub.ts), so its peak RSS is its own.
 *
 * 1. the initial sync: wall time, records/s, the org's API calls (from its request log) split into reads and
 *    writes and per 10k records, the hub's peak RSS, and a plain COPY of the same rows into tables of the
 *    same shape; then the billing store and the org are checked record by record;
 * 2. the same sync again with nothing changed, and two polls (the first one, without a cursor, reads all);
 * 3. edits in the org → billing, with a worker polling every second (the poll_changes task);
 * 4. the same with two worker processes on the same store.
 */

const N = Number(process.env.BENCH_SYNC_ACCOUNTS ?? 10_000);
/** Node flags for the hub process (e.g. `--max-old-space-size=256`), to see what its memory is made of. */
const HUB_FLAGS = (process.env.BENCH_SYNC_HUB_FLAGS ?? '').split(' ').filter(Boolean);
const EDITS = 50;
/** Time between two edits in step 3: a poll may catch one, several or none. */
const EDIT_GAP_MS = 400;
const SFDX = fileURLToPath(new URL('../salesforce/force-app', import.meta.url));
const HUB = fileURLToPath(new URL('./sync-hub.ts', import.meta.url));
const SCHEMA = 'bench_sync';
const JOBS_SCHEMA = 'bench_sync_jobs';

const GOALS = {
  readsPer10k: 5,
  writesPer10k: 50,
  rssMb: 512,
  p99Ms: 2_000,
  /** Initial sync of 100k accounts and 250k contacts, seconds. */
  wallS: 60,
};

interface Generated {
  accounts: string[];
  roots: string[];
  contacts: number;
  shared: number;
  /** Leaf account ids, edited in steps 3 and 4. */
  leaves: string[];
}

interface HubRun {
  wallMs: number;
  marks: Record<string, number>;
  status: string;
  error?: { code: string; message: string };
  objects: Record<string, Record<string, number>>;
  apiCalls: number;
  retries: number;
  rssAtStartMb: number;
  /** The V8 heap's peak (sampled every 100 ms): what the process holds, garbage included, apart from buffers. */
  maxHeapMb: number;
  /** Heap after a full GC as each object's first page arrives (only with --expose-gc in BENCH_SYNC_HUB_FLAGS). */
  liveMb: Record<string, number>;
  /** CPU time the hub process spent in the run (user + system). */
  cpuMs: number;
  maxRssMb: number;
}

/** CPU time (user + system) of a process from /proc, with that of its reaped children when asked; 0 when gone. */
function cpuMsOf(pid: number, reaped = false): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command: state ppid … utime(14) stime(15) cutime(16) cstime(17), 1-based overall.
    const f = stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number);
    return ((f[11] + f[12] + (reaped ? f[13] + f[14] : 0)) * 1000) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/**
 * All of PostgreSQL's CPU time so far, when it runs on this machine from `dataDir` (the embedded one): the
 * postmaster with every backend it reaped, plus the live ones.
 */
function postgresCpuMs(dataDir: string | undefined): number {
  if (!dataDir) return Number.NaN;
  const postmaster = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  let total = cpuMsOf(postmaster, true);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster) total += cpuMsOf(Number(entry));
    } catch {
      // gone meanwhile: its time is in the postmaster's reaped total
    }
  }
  return total;
}

/** Whole-database activity counters (pg_stat_database): rows written and transactions committed. */
async function pgActivity(client: pg.Client) {
  const { rows } = await client.query<{ inserted: string; updated: string; deleted: string; commits: string }>(
    `SELECT tup_inserted AS inserted, tup_updated AS updated, tup_deleted AS deleted, xact_commit AS commits
       FROM pg_stat_database WHERE datname = current_database()`,
  );
  return {
    inserted: Number(rows[0].inserted),
    updated: Number(rows[0].updated),
    deleted: Number(rows[0].deleted),
    commits: Number(rows[0].commits),
  };
}

/** Linux's USER_HZ: /proc counts CPU time in hundredths of a second. */
const TICKS_PER_SECOND = 100;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * N accounts (root k → mid k → leaf k), 2.5·N contacts alternating between mid and leaf accounts of the
 * trees in turn, and a relation to its tree's root for every 50th contact. Loaded a level at a time (a
 * child needs its parent's id), each level as one Bulk API 2.0 job.
 */
async function generate(org: Org): Promise<Generated> {
  const trees = Math.floor(N / 3);
  const sizes = [trees, trees, N - 2 * trees];
  const levels: string[][] = [];
  const header = 'Name,ParentId,Billing_Sync__c,CurrencyIsoCode,BillingCountry,BillingCity,BillingPostalCode';
  for (const [level, size] of sizes.entries()) {
    const rows = [header];
    for (let k = 0; k < size; k++) {
      const parent = level === 0 ? '' : levels[level - 1][k % trees];
      rows.push(
        `Bench ${['Root', 'Mid', 'Leaf'][level]} ${String(k).padStart(6, '0')},${parent},true,USD,US,Boston,0${2100 + (k % 100)}`,
      );
    }
    levels.push(await org.bulkInsert('Account', `${rows.join('\n')}\n`));
  }
  const [roots, mids, leaves] = levels;
  const contacts = Math.round(N * 2.5);
  const owners: string[] = [];
  const rows = ['FirstName,LastName,Email,AccountId,Billing_Sync__c'];
  for (let j = 0; j < contacts; j++) {
    const k = Math.floor(j / 2) % trees;
    const owner = j % 2 === 0 ? mids[k] : leaves[Math.min(k, leaves.length - 1)];
    owners.push(owner);
    rows.push(`Person,Contact ${j},contact${j}@bench.example,${owner},true`);
  }
  const contactIds = await org.bulkInsert('Contact', `${rows.join('\n')}\n`);
  const relations = ['AccountId,ContactId,Roles'];
  for (let j = 0; j < contacts; j += 50)
    relations.push(`${roots[Math.floor(j / 2) % trees]},${contactIds[j]},Evaluator`);
  const shared = (await org.bulkInsert('AccountContactRelation', `${relations.join('\n')}\n`)).length;
  return { accounts: levels.flat(), roots, contacts, shared, leaves };
}

function hubEnv(url: string, org: OrgProcess): NodeJS.ProcessEnv {
  return {
    ...process.env,
    BENCH_SYNC_DB_URL: url,
    BENCH_SYNC_SCHEMA: SCHEMA,
    BENCH_SYNC_JOBS_SCHEMA: JOBS_SCHEMA,
    BENCH_SYNC_LOGIN_URL: org.url,
    BENCH_SYNC_CLIENT_ID: org.clientId,
    BENCH_SYNC_CLIENT_SECRET: org.clientSecret,
  };
}

function spawnHub(mode: string, env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', HUB, mode], { env, stdio: ['ignore', 'pipe', 'inherit'] });
}

/** Runs one `sync` or `poll` in a hub process; its JSON line. */
async function hubRun(mode: 'sync' | 'poll', env: NodeJS.ProcessEnv): Promise<HubRun> {
  const child = spawn(process.execPath, [...HUB_FLAGS, '--import', 'tsx', HUB, mode], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => {
    process.stderr.write(c);
    err = (err + c.toString()).slice(-4_000);
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) {
    // The hub's own words (a bug throws rather than ending the run `failed`): the first line of its error.
    const reason = /^(\w*Error|error): .*$/m.exec(err)?.[0] ?? 'see its output above';
    throw new Error(`hub ${mode} (${N} accounts) exited with ${code}: ${reason}`);
  }
  const run = JSON.parse(out.trim().split('\n').at(-1)!) as HubRun;
  if (run.error) throw new Error(`hub ${mode}: ${run.error.code}: ${run.error.message}`);
  return run;
}

/** The same rows the sync writes (accounts, contacts, relations, links), COPYed into tables of the same shape. */
async function copyBaseline(url: string, g: Generated): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const tables = ['accounts', 'contacts', 'account_contacts', 'sync_links'];
  try {
    await client.query(`SET search_path TO ${SCHEMA}`);
    for (const t of tables) {
      await client.query(`DROP TABLE IF EXISTS copy_${t}; CREATE TABLE copy_${t} (LIKE ${t} INCLUDING ALL)`);
    }
    const now = new Date().toISOString();
    const copy = async (statement: string, rows: () => Iterable<string>) => {
      await pipeline(Readable.from(rows()), client.query(copyFrom(statement)));
    };
    const trees = g.roots.length;
    const started = performance.now();
    await copy(
      'COPY copy_accounts (id, account_number, name, currency, parent_id, city, postal_code, country, synced_at) FROM STDIN',
      function* () {
        for (let i = 1; i <= g.accounts.length; i++) {
          const parent = i > trees ? String(i - trees) : '\\N';
          yield `${i}\tA-${String(i).padStart(8, '0')}\tBench ${i}\tUSD\t${parent}\tBoston\t02100\tUS\t${now}\n`;
        }
      },
    );
    await copy('COPY copy_contacts (id, first_name, last_name, email) FROM STDIN', function* () {
      for (let j = 1; j <= g.contacts; j++) yield `${j}\tPerson\tContact ${j}\tcontact${j}@bench.example\n`;
    });
    await copy('COPY copy_account_contacts (account_id, contact_id, roles, is_primary) FROM STDIN', function* () {
      for (let j = 1; j <= g.contacts; j++) yield `${1 + (j % g.accounts.length)}\t${j}\t{}\tt\n`;
      for (let j = 1; j <= g.shared; j++) yield `${1 + ((j * 7) % trees)}\t${j * 50}\t{Evaluator}\tf\n`;
    });
    await copy(
      'COPY copy_sync_links (object, salesforce_id, billing_id, synced_hash, mapping_version, synced_at) FROM STDIN',
      function* () {
        for (let i = 1; i <= g.accounts.length; i++)
          yield `account\t001${String(i).padStart(15, '0')}\t${i}\t${'a'.repeat(64)}\t1\t${now}\n`;
        for (let j = 1; j <= g.contacts; j++)
          yield `contact\t003${String(j).padStart(15, '0')}\t${j}\t${'c'.repeat(64)}\t1\t${now}\n`;
      },
    );
    return performance.now() - started;
  } finally {
    for (const t of tables) await client.query(`DROP TABLE IF EXISTS copy_${t}`);
    await client.end();
  }
}

/** Billing holds exactly what the org says, and every account in the org carries its billing number. */
async function check(db: Db, org: Org, g: Generated): Promise<string> {
  const count = async (table: 'accounts' | 'contacts' | 'account_contacts') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((e) => e.fn.countAll<string>().as('c'))
          .executeTakeFirstOrThrow()
      ).c,
    );
  const problems: string[] = [];
  const accounts = await count('accounts');
  if (accounts !== g.accounts.length) problems.push(`${accounts} billing accounts, expected ${g.accounts.length}`);
  const contacts = await count('contacts');
  if (contacts !== g.contacts) problems.push(`${contacts} billing contacts, expected ${g.contacts}`);
  const relations = await count('account_contacts');
  if (relations !== g.contacts + g.shared)
    problems.push(`${relations} account–contact relations, expected ${g.contacts + g.shared}`);
  const numbers = new Map(
    (
      await db
        .selectFrom('sync_links')
        .innerJoin('accounts', 'accounts.id', 'sync_links.billing_id')
        .where('sync_links.object', '=', 'account')
        .select(['sync_links.salesforce_id', 'accounts.account_number'])
        .execute()
    ).map((r) => [r.salesforce_id.trim(), r.account_number]),
  );
  const sf = await org.query<{ Id: string; Billing_Account_Number__c: string | null }>(
    'SELECT Id, Billing_Account_Number__c FROM Account',
  );
  const wrong = sf.filter((a) => !a.Billing_Account_Number__c || numbers.get(a.Id) !== a.Billing_Account_Number__c);
  if (sf.length !== g.accounts.length) problems.push(`${sf.length} accounts in the org, expected ${g.accounts.length}`);
  if (wrong.length > 0)
    problems.push(`${wrong.length} org accounts without their billing number (e.g. ${wrong[0].Id})`);
  if (problems.length > 0) throw new Error(`sync bench: wrong result: ${problems.join('; ')}`);
  return `${accounts} accounts, ${contacts} contacts, ${relations} relations; every org account has its number`;
}

interface LatencyRun {
  workers: number;
  /** The workers' idle poll, ms; undefined: startWorker's default, what `revbridge worker` runs with. */
  idlePollMs: number | undefined;
  latencies: number[];
  polls: number;
  windowMs: number;
  calls: Calls;
  rssMb: number[];
}

/**
 * `workers` worker processes with the poll_changes task every second; EDITS edits of BillingCity on leaf
 * accounts, EDIT_GAP_MS apart; each timed from the org's answer to the PATCH to billing showing the city.
 */
async function latency(
  db: Db,
  org: Org,
  env: NodeJS.ProcessEnv,
  g: Generated,
  workers: number,
  round: number,
  idlePollMs?: number,
): Promise<LatencyRun> {
  await addJob(db, JOBS_SCHEMA, {
    task: 'poll_changes',
    payload: { everySeconds: 1 },
    jobKey: POLL_JOB_KEY,
    runAt: undefined,
    maxAttempts: 1,
  });
  const children = await Promise.all(
    Array.from({ length: workers }, async () => {
      const child = spawnHub(
        'worker',
        idlePollMs === undefined ? env : { ...env, BENCH_SYNC_IDLE_POLL_MS: String(idlePollMs) },
      );
      let out = '';
      child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
      while (!out.includes('ready')) {
        if (child.exitCode !== null) throw new Error(`worker exited with ${child.exitCode}`);
        await sleep(20);
      }
      return { child, output: () => out };
    }),
  );
  // Let the first polls settle (the cursor moves past the previous step's writes).
  await sleep(5_000);
  const mark = await org.lastSeq();
  const runsBefore = await pollRuns(db);
  const started = performance.now();
  const pending = new Map<string, { city: string; at: number }>();
  const latencies: number[] = [];
  let editing = true;
  const watcher = (async () => {
    while (editing || pending.size > 0) {
      if (pending.size > 0) {
        const rows = await db
          .selectFrom('sync_links')
          .innerJoin('accounts', 'accounts.id', 'sync_links.billing_id')
          .where('sync_links.object', '=', 'account')
          .where('sync_links.salesforce_id', 'in', [...pending.keys()])
          .select(['sync_links.salesforce_id', 'accounts.city'])
          .execute();
        const now = performance.now();
        for (const r of rows) {
          const id = r.salesforce_id.trim();
          const edit = pending.get(id);
          if (edit && r.city === edit.city) {
            latencies.push(now - edit.at);
            pending.delete(id);
          }
        }
        if (performance.now() - started > EDITS * EDIT_GAP_MS + 60_000) throw new Error('edits never reached billing');
      }
      await sleep(20);
    }
  })();
  for (let e = 0; e < EDITS; e++) {
    const id = g.leaves[(round * EDITS + e) % g.leaves.length];
    const city = `Edited ${round}-${e}`;
    await org.request('PATCH', `${V}/sobjects/Account/${id}`, { BillingCity: city });
    pending.set(id, { city, at: performance.now() });
    await sleep(EDIT_GAP_MS);
  }
  editing = false;
  await watcher;
  const windowMs = performance.now() - started;
  const polls = (await pollRuns(db)) - runsBefore;
  const until = await org.lastSeq();
  const rssMb: number[] = [];
  for (const { child, output } of children) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
    rssMb.push((JSON.parse(output().trim().split('\n').at(-1)!) as { maxRssMb: number }).maxRssMb);
  }
  const calls = await org.callsSince(mark, until);
  // The edits themselves are the bench's, not the hub's.
  const edits = calls.requests.filter((r) => r.method === 'PATCH' && r.path.includes('/sobjects/Account/')).length;
  latencies.sort((a, b) => a - b);
  return { workers, idlePollMs, latencies, polls, windowMs, calls: { ...calls, writes: calls.writes - edits }, rssMb };
}

async function pollRuns(db: Db): Promise<number> {
  const row = await db
    .selectFrom('sync_runs')
    .where('trigger', '=', 'poll')
    .select((e) => e.fn.countAll<string>().as('c'))
    .executeTakeFirstOrThrow();
  return Number(row.c);
}

const s = (ms: number) => ms / 1000;
const cuss = (o: Record<string, number>) => `${o.created}/${o.updated}/${o.unchanged}/${o.skipped}`;
const goal = (measured: number, limit: number) => (measured <= limit ? 'met' : 'MISSED');

export async function benchSync(): Promise<void> {
  const dataDir = process.env.DATABASE_URL ? undefined : fileURLToPath(new URL('../.data/bench-pg', import.meta.url));
  const embedded = dataDir ? await startEmbeddedPostgres(dataDir) : undefined;
  const url = process.env.DATABASE_URL ?? embedded!.url;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE; DROP SCHEMA IF EXISTS ${JOBS_SCHEMA} CASCADE`);
  await admin.query(`CREATE SCHEMA ${SCHEMA}`);
  const { db, pool } = createDb({ url, schema: SCHEMA });
  const orgProcess = await startOrgProcess(['--schema', SFDX, '--api-limit', '100000000']);
  try {
    await migrate(pool);
    await installJobQueue(url, JOBS_SCHEMA, pino({ level: 'silent' }));
    const org = new Org(orgProcess, {
      Authorization: `Bearer ${await token(orgProcess.url, orgProcess.clientId, orgProcess.clientSecret)}`,
    });
    const env = hubEnv(url, orgProcess);
    // The mapping requires CurrencyIsoCode, which an org has only with multi-currency on.
    await org.request('PATCH', '/__localorg/settings', { multiCurrency: true, currencies: ['USD', 'EUR'] });

    const t0 = performance.now();
    const g = await generate(org);
    const generateMs = performance.now() - t0;
    // The records synced; their relations come with them (the sync reads only those that say more than the
    // contact's own AccountId), so they do not pad the denominator.
    const recordsRead = g.accounts.length + g.contacts;
    const recordsWritten = g.accounts.length + g.contacts; // the state written back on each

    // 1. Initial sync.
    let mark = await org.lastSeq();
    const cpuBefore = { org: cpuMsOf(orgProcess.pid), pg: postgresCpuMs(dataDir) };
    const pgBefore = await pgActivity(admin);
    const initial = await hubRun('sync', env);
    const cpu = {
      hub: initial.cpuMs,
      org: cpuMsOf(orgProcess.pid) - cpuBefore.org,
      pg: postgresCpuMs(dataDir) - cpuBefore.pg,
    };
    // Backends report their counts when they end (the hub's have), and at most once a second before.
    await sleep(1_100);
    const pgDuring = Object.fromEntries(
      Object.entries(await pgActivity(admin)).map(([k, v]) => [k, v - pgBefore[k as keyof typeof pgBefore]]),
    ) as Awaited<ReturnType<typeof pgActivity>>;
    const initialCalls = await org.callsSince(mark);
    const checked = await check(db, org, g);
    const copyMs = await copyBaseline(url, g);
    if (process.env.BENCH_SYNC_STEPS === 'initial') {
      console.log(
        `initial sync only (BENCH_SYNC_STEPS=initial): ${s(initial.wallMs).toFixed(1)} s, hub peak RSS ` +
          `${initial.maxRssMb.toFixed(0)} MB, peak heap ${initial.maxHeapMb.toFixed(0)} MB ` +
          `(live at each object's first page: ${JSON.stringify(initial.liveMb)}); ${checked}; ` +
          `API calls ${initialCalls.reads} reads, ${initialCalls.writes} writes; plain COPY ${s(copyMs).toFixed(1)} s; ` +
          `CPU s: hub ${s(cpu.hub).toFixed(1)}, PostgreSQL ${s(cpu.pg).toFixed(1)}, local org ${s(cpu.org).toFixed(1)}; ` +
          `phases (s from start): ${Object.entries(initial.marks)
            .map(([k, v]) => `${k} ${s(v).toFixed(1)}`)
            .join(', ')}`,
      );
      return;
    }

    // 2. Nothing changed: the sync again, then polls. The first has no cursor (a full read); the next comes
    // within 4 s of the cursor moving, so it reads again from 2 s before the newest change (the write-back's);
    // the last comes once that has settled (see sinceOf in poll-changes.ts).
    const again: Array<{ what: string; run: HubRun; calls: Calls }> = [];
    for (const [what, mode, waitMs] of [
      ['syncAccounts again, nothing changed', 'sync', 0],
      ['first poll (no cursor: reads all), nothing changed', 'poll', 0],
      ['next poll at once (re-reads the last 2 s of changes)', 'poll', 0],
      ['poll 4 s later (settled), nothing changed', 'poll', 4_000],
    ] as const) {
      await sleep(waitMs);
      mark = await org.lastSeq();
      const run = await hubRun(mode, env);
      const calls = await org.callsSince(mark);
      const objects = Object.values(run.objects);
      if (objects.some((o) => o.created + o.updated + o.failed > 0))
        throw new Error(`${what}: changed something: ${JSON.stringify(run.objects)}`);
      again.push({ what, run, calls });
    }
    for (const { what, run } of again) {
      // Not a wrong store (the checks after step 4 pass), but a wrong outcome worth seeing.
      const skipped = run.objects.Contact.skipped;
      if (skipped > 0)
        console.log(
          `WARNING: ${what}: ${skipped} contacts already in billing were skipped ("none of the accounts this contact ` +
            'serves syncs to billing"): a poll that reads a contact but not its account does not find the account.',
        );
    }

    // 3 and 4. Edits → billing, polling every second, with one and with two worker processes.
    const one = await latency(db, org, env, g, 1, 0);
    const two = await latency(db, org, env, g, 2, 1);
    // For contrast: graphile's own 2 s idle poll (a poll queued 1 s ahead waits for the worker's next look).
    const slow = await latency(db, org, env, g, 1, 2, 2_000);
    await check(db, org, g);

    const accountsIn = initial.objects.Account;
    const contactsIn = initial.objects.Contact;
    printTable(
      `account sync, ${g.accounts.length} accounts (root → mid → leaf) + ${g.contacts} contacts (${g.shared} shared); ` +
        `local org and hub in their own processes; PostgreSQL ${embedded ? 'embedded' : 'at DATABASE_URL'}`,
      [
        'run',
        'accounts c/u/=/skip',
        'contacts c/u/=/skip',
        'wall s',
        'records/s',
        'API reads',
        'API writes',
        'reads /10k read',
        'writes /10k written',
        'hub peak RSS MB',
        'plain COPY s',
        'ratio',
      ],
      [
        [
          'initial sync (syncAccounts)',
          cuss(accountsIn),
          cuss(contactsIn),
          s(initial.wallMs),
          ((g.accounts.length + g.contacts) * 1000) / initial.wallMs,
          initialCalls.reads,
          initialCalls.writes,
          (initialCalls.reads * 10_000) / recordsRead,
          (initialCalls.writes * 10_000) / recordsWritten,
          initial.maxRssMb,
          s(copyMs),
          `${(initial.wallMs / copyMs).toFixed(0)}×`,
        ],
        ...again.map(({ what, run, calls }) => [
          what,
          cuss(run.objects.Account),
          cuss(run.objects.Contact),
          s(run.wallMs),
          // The records this run read and looked at (a settled poll reads none).
          (Object.values(run.objects).reduce((n, o) => n + Object.values(o).reduce((a, b) => a + b, 0), 0) * 1000) /
            run.wallMs || '–',
          calls.reads,
          calls.writes,
          (calls.reads * 10_000) / recordsRead,
          (calls.writes * 10_000) / recordsWritten,
          run.maxRssMb,
          '–',
          '',
        ]),
      ],
    );
    console.log(`checked: ${checked}. Generation (Bulk API 2.0, not measured above): ${s(generateMs).toFixed(1)} s.`);
    console.log(
      `Records read = accounts + contacts (${recordsRead}; the relations they need come along); written = the state on each account and contact ` +
        `(${recordsWritten}). c/u/=/skip = created/updated/unchanged/skipped. Hub RSS includes tsx and the process at rest ` +
        `(${initial.rssAtStartMb.toFixed(0)} MB before the run).`,
    );

    const phases: Array<[string, string, string]> = [
      ['start → first Account page', '', 'read Account'],
      ['accounts: read and applied, page by page', 'read Account', 'apply Account'],
      ['relations read → first Contact page', 'apply Account', 'read Contact'],
      ['contacts: read and applied, page by page', 'read Contact', 'apply Contact'],
      ['write-back still due (Account, Contact) + run end', 'apply Contact', ''],
    ];
    const at = (name: string) => (name === '' ? 0 : (initial.marks[name] ?? Number.NaN));
    printTable(
      'initial sync by phase (from the flow’s onRead / onProgress hooks; the org’s request log for the write-back)',
      ['phase', 's', 'share', 'records/s'],
      phases.map(([label, from, to]) => {
        const ms = (to === '' ? initial.wallMs : at(to)) - at(from);
        const records = label.startsWith('accounts:')
          ? g.accounts.length
          : label.startsWith('contacts:')
            ? g.contacts
            : Number.NaN;
        return [label, s(ms), `${((ms * 100) / initial.wallMs).toFixed(0)}%`, (records * 1000) / ms];
      }),
    );
    const busy = cpu.hub + cpu.org + (Number.isNaN(cpu.pg) ? 0 : cpu.pg);
    printTable(
      'initial sync: where the time goes (CPU time per process over the run; the flow waits on one at a time, so they roughly add up)',
      ['process', 'CPU s', 'share of wall'],
      [
        [
          'hub (mapping, billing use-cases, kysely, jsforce)',
          s(cpu.hub),
          `${((cpu.hub * 100) / initial.wallMs).toFixed(0)}%`,
        ],
        [
          `PostgreSQL (every backend)${dataDir ? '' : ': not on this machine'}`,
          s(cpu.pg),
          Number.isNaN(cpu.pg) ? '–' : `${((cpu.pg * 100) / initial.wallMs).toFixed(0)}%`,
        ],
        ['local org (queries, write-back)', s(cpu.org), `${((cpu.org * 100) / initial.wallMs).toFixed(0)}%`],
        [
          'none of them (round trips, waits)',
          s(Math.max(0, initial.wallMs - busy)),
          `${Math.max(0, ((initial.wallMs - busy) * 100) / initial.wallMs).toFixed(0)}%`,
        ],
      ],
    );
    const synced = g.accounts.length + g.contacts;
    console.log(
      `PostgreSQL during the initial sync: ${pgDuring.inserted} rows inserted, ${pgDuring.updated} updated, ` +
        `${pgDuring.deleted} deleted, ${pgDuring.commits} commits: ${(pgDuring.inserted / synced).toFixed(1)} ` +
        `inserted and ${(pgDuring.updated / synced).toFixed(1)} updated per record synced (the plain COPY: ` +
        `${((2 * g.accounts.length + 3 * g.contacts + g.shared) / synced).toFixed(1)} inserted).`,
    );
    const bulk = initialCalls.requests.filter((r) => r.path.includes('/jobs/ingest'));
    const collections = initialCalls.requests.filter((r) => r.path.includes('/composite/sobjects'));
    console.log(
      `write-back calls: ${bulk.length} Bulk API 2.0 (jobs, uploads, state polls), ${collections.length} sObject ` +
        `Collections; queries: ${initialCalls.requests.filter((r) => r.path.includes('/query')).length}, other ` +
        `reads (describe, limits): ${initialCalls.reads - initialCalls.requests.filter((r) => r.path.includes('/query')).length}.`,
    );

    printTable(
      `edit in the org → billing shows it (${EDITS} BillingCity edits, ${EDIT_GAP_MS} ms apart; poll_changes every 1 s)`,
      [
        'worker processes',
        'idle poll ms',
        'edits',
        'p50 ms',
        'p99 ms',
        'max ms',
        'polls run',
        'polls/s',
        'API calls/min',
        'peak RSS MB',
      ],
      [one, two, slow].map((r) => [
        r.workers,
        r.idlePollMs ?? 'default',
        r.latencies.length,
        percentile(r.latencies, 50),
        percentile(r.latencies, 99),
        r.latencies.at(-1)!,
        r.polls,
        (r.polls * 1000) / r.windowMs,
        ((r.calls.reads + r.calls.writes) * 60_000) / r.windowMs,
        r.rssMb.map((m) => m.toFixed(0)).join(' + '),
      ]),
    );
    console.log(
      'One vs two worker processes: the same poll_changes schedule (one job key) on one store, with every edit ' +
        'timed to billing. The key folds a second poller into the first: two processes do not poll twice as often ' +
        'or spend twice the API calls; whichever is free takes the next poll. The first two rows run with ' +
        "startWorker's default idle poll, as `revbridge worker` does; the last with graphile's own 2 s, for " +
        "contrast (a poll queued 1 s ahead wakes no one, so it waits for the worker's next look).",
    );

    const latencyP99 = Math.max(percentile(one.latencies, 99), percentile(two.latencies, 99));
    const readsPer10k = (initialCalls.reads * 10_000) / recordsRead;
    const writesPer10k = (initialCalls.writes * 10_000) / recordsWritten;
    const rss = Math.max(initial.maxRssMb, ...one.rssMb, ...two.rssMb, ...slow.rssMb);
    printTable(
      'goals (issue 7)',
      ['goal', 'target', 'measured', ''],
      [
        [
          'initial sync: API calls per 10k records read',
          `≤ ${GOALS.readsPer10k}`,
          readsPer10k,
          goal(readsPer10k, GOALS.readsPer10k),
        ],
        [
          'initial sync: API calls per 10k records written',
          `≤ ${GOALS.writesPer10k}`,
          writesPer10k,
          goal(writesPer10k, GOALS.writesPer10k),
        ],
        ['hub peak RSS, MB (sync and workers)', `≤ ${GOALS.rssMb}`, rss, goal(rss, GOALS.rssMb)],
        [
          'edit → billing p99, ms (as `revbridge worker` runs)',
          `≤ ${GOALS.p99Ms}`,
          latencyP99,
          goal(latencyP99, GOALS.p99Ms),
        ],
        // The issue sets the wall-time goal at 100k accounts; at another size the time is shown, not judged.
        N === 100_000
          ? [
              'initial sync wall time at 100k, s',
              `≤ ${GOALS.wallS}`,
              s(initial.wallMs),
              goal(s(initial.wallMs), GOALS.wallS),
            ]
          : ['initial sync wall time at this size, s', '100k: BENCH_SYNC_ACCOUNTS=100000', s(initial.wallMs), ''],
      ],
    );
  } catch (error) {
    // Printed here: stopping PostgreSQL below can end the process with a pool's error instead of this one.
    console.error('sync bench failed:', error);
    throw error;
  } finally {
    await orgProcess.stop();
    await db.destroy();
    await admin.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE; DROP SCHEMA IF EXISTS ${JOBS_SCHEMA} CASCADE`);
    await admin.end();
    await embedded?.stop();
  }
}
