import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { Logger } from 'pino';
import { redactUrl } from './redact-url.ts';
import { createDb, type Db } from './db.ts';
import { type EmbeddedServer, startEmbeddedPostgres } from './embedded-postgres.ts';
import { migrate } from './migrate.ts';

export interface DatabaseConfig {
  databaseUrl: string | undefined;
  dbSchema: string | undefined;
  dataDir: string;
}

export interface DatabaseHandle {
  db: Db;
  pool: pg.Pool;
  /** The server's URL, password included: never log it (use `displayUrl`). */
  url: string;
  /** The server's URL with the password masked (for banners and logs). */
  displayUrl: string;
  /**
   * `url`: DATABASE_URL; `embedded`: this process started embedded PostgreSQL and stops it on close;
   * `attached`: embedded PostgreSQL started by another live process (a running hub) on the same data dir.
   */
  source: 'url' | 'embedded' | 'attached';
  /** Migrations applied while opening (empty when the schema was up to date or `migrate: false`). */
  applied: string[];
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** Apply pending migrations (default true). `revbridge db migrate` opens without and migrates itself. */
  migrate?: boolean;
}

/**
 * Opens revbridge's store: the server DATABASE_URL names or, without it, embedded PostgreSQL in
 * `<dataDir>/pg`; then brings the schema up to date. `close()` ends the pool and stops the embedded
 * server if this call started it.
 */
export async function openDatabase(
  config: DatabaseConfig,
  logger: Logger,
  options: OpenDatabaseOptions = {},
): Promise<DatabaseHandle> {
  const server = config.databaseUrl ? undefined : await embedded(join(config.dataDir, 'pg'), logger);
  const url = config.databaseUrl ?? server!.url;
  const source = config.databaseUrl ? 'url' : server!.started ? 'embedded' : 'attached';
  const displayUrl = redactUrl(url);
  let pool: pg.Pool | undefined;
  let closing = false;
  try {
    if (config.dbSchema) await ensureSchema(url, config.dbSchema, displayUrl);
    const created = createDb({ url, schema: config.dbSchema });
    pool = created.pool;
    // An idle client whose server went away emits 'error' on the pool; unhandled, that would crash the
    // process instead of failing one query. While closing it is expected (pool.end() resolves before its
    // clients' goodbyes reach the server), and 57P01 is the server shutting down (on Ctrl-C the terminal
    // signals PostgreSQL too): the next query says more if it matters.
    pool.on('error', (error: Error & { code?: string }) => {
      if (closing) return;
      logger[error.code === '57P01' ? 'debug' : 'warn'](
        { code: error.code, reason: error.message },
        'idle database connection lost',
      );
    });
    // Without migrating, still fail here, with the server named, rather than in the first query.
    if (options.migrate === false) await pool.query('SELECT 1');
    const applied = options.migrate === false ? [] : await migrate(pool);
    if (applied.length > 0) logger.info({ applied, schema: config.dbSchema }, 'applied migrations');
    return {
      db: created.db,
      pool,
      url,
      displayUrl,
      source,
      applied,
      close: async () => {
        if (closing) return;
        closing = true;
        await created.db.destroy();
        await server?.stop();
      },
    };
  } catch (error) {
    closing = true;
    await pool?.end().catch(() => {});
    await server?.stop();
    if (isConnectionError(error)) {
      throw new Error(`cannot connect to PostgreSQL at ${displayUrl}: ${describe(error)}`, { cause: error });
    }
    throw error;
  }
}

/** A connection error's text; a refused `localhost` (IPv6 and IPv4 tried) is an AggregateError without one. */
function describe(error: unknown): string {
  const e = error as { message?: string; code?: string; errors?: Array<{ message?: string }> };
  return e.message || e.errors?.map((inner) => inner.message).join('; ') || e.code || String(error);
}

async function ensureSchema(url: string, schema: string, displayUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`cannot connect to PostgreSQL at ${displayUrl}: ${describe(error)}`, { cause: error });
  }
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${pg.escapeIdentifier(schema)}`);
  } finally {
    await client.end();
  }
}

/** Refused, unknown host, timeout, bad password, no such database; `localhost` may give an AggregateError. */
function isConnectionError(error: unknown): boolean {
  const codes = ['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNRESET', 'EAI_AGAIN', '28P01', '28000', '3D000'];
  const e = error as { code?: unknown; errors?: Array<{ code?: unknown }> } | undefined;
  return codes.includes(String(e?.code)) || (e?.errors ?? []).some((inner) => codes.includes(String(inner?.code)));
}

interface EmbeddedHandle {
  url: string;
  started: boolean;
  stop(): Promise<void>;
}

interface OwnerFile {
  pid: number;
  url: string;
}

/**
 * Embedded PostgreSQL on `dir`. A server another live process started there (the hub, while the CLI
 * runs a command) is shared rather than restarted: starting would treat its postmaster.pid as stale
 * and stop it under the hub's feet. `<dir>.owner.json` records who started the server and its URL.
 */
async function embedded(dir: string, logger: Logger): Promise<EmbeddedHandle> {
  const ownerFile = `${dir}.owner.json`;
  const owner = readOwner(ownerFile);
  if (owner && isAlive(owner.pid) && existsSync(join(dir, 'postmaster.pid'))) {
    logger.debug({ dir, ownerPid: owner.pid }, 'using embedded PostgreSQL started by another process');
    return { url: owner.url, started: false, stop: async () => {} };
  }
  const t0 = performance.now();
  const server = await startEmbeddedPostgres(dir);
  writeFileSync(ownerFile, JSON.stringify({ pid: process.pid, url: server.url } satisfies OwnerFile));
  logger.debug({ dir, ms: Math.round(performance.now() - t0) }, 'embedded PostgreSQL started');
  let stopping: Promise<void> | undefined;
  return {
    url: server.url,
    started: true,
    stop: () => {
      stopping ??= stopEmbedded(server, dir).finally(() => {
        if (readOwner(ownerFile)?.pid === process.pid) rmSync(ownerFile, { force: true });
      });
      return stopping;
    },
  };
}

/**
 * embedded-postgres's `stop()` waits for the postmaster's 'exit' event, which never comes again if
 * the postmaster already exited (a terminal's Ctrl-C reaches the whole process group, PostgreSQL
 * included). So wait a bounded time, then check the pid file ourselves.
 */
async function stopEmbedded(server: EmbeddedServer, dir: string): Promise<void> {
  const stopped = await Promise.race([
    server.stop().then(() => true),
    new Promise<false>((r) => setTimeout(() => r(false), 5_000).unref()),
  ]);
  if (stopped) return;
  const pid = readPostmasterPid(dir);
  if (pid === undefined || !isAlive(pid)) return;
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 10_000;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
}

function readOwner(file: string): OwnerFile | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<OwnerFile>;
    return typeof parsed.pid === 'number' && typeof parsed.url === 'string'
      ? { pid: parsed.pid, url: parsed.url }
      : undefined;
  } catch {
    return undefined;
  }
}

function readPostmasterPid(dir: string): number | undefined {
  try {
    const pid = Number(readFileSync(join(dir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * embedded-postgres hooks SIGINT/SIGTERM/SIGHUP (through async-exit-hook) to stop its servers at once
 * and then exit with 128+signal: PostgreSQL would go away while the API still answers requests, and the
 * exit code would depend on which shutdown finishes first. An entry point that stops the store itself on
 * signals, after the API (the hub), calls this first. The 'exit' hook stays as a safety net.
 */
export function releaseEmbeddedSignalHooks(): void {
  const require = createRequire(fileURLToPath(import.meta.resolve('embedded-postgres')));
  const hook = require('async-exit-hook') as { unhookEvent?: (event: string) => void };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK']) hook.unhookEvent?.(signal);
}
