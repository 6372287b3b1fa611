import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { startHub } from '../src/hub.ts';
import { createLogger } from '../src/logger.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

describe('the hub', () => {
  const url = inject('databaseUrl');
  const schemas: string[] = [];
  /** The hub's environment on the test server, in a schema of its own that the hub creates and migrates. */
  const hubEnv = (env: Record<string, string> = {}) => {
    const schema = `t_hub_${randomBytes(5).toString('hex')}`;
    schemas.push(schema);
    return { DATABASE_URL: url, REVBRIDGE_DB_SCHEMA: schema, PORT: '0', LOCALORG: 'off', LOG_LEVEL: 'silent', ...env };
  };
  afterAll(async () => {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    for (const schema of schemas) {
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.query(`DROP SCHEMA IF EXISTS ${schema}_jobs CASCADE`);
    }
    await admin.end();
  });

  it('starts on a free port with LOCALORG=off, answers /healthz, and stops cleanly', async () => {
    const bootstrap = randomBytes(32).toString('base64url');
    const config = loadConfig(hubEnv({ REVBRIDGE_BOOTSTRAP_API_KEY: bootstrap }));
    const lines: string[] = [];
    const hub = await startHub(config, { logger: createLogger(config), print: (l) => lines.push(l) });
    try {
      expect(hub.database.applied).toContain('0001_billing');
      expect(hub.localOrg).toBeUndefined();
      expect(hub.salesforce).toBeUndefined();
      const health = await fetch(`${hub.url}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok', database: 'ok' });
      const doc = await (await fetch(`${hub.url}/openapi.json`)).json();
      expect(Object.keys(doc.paths)).toContain('/healthz');
      // Everything else needs a key; on DATABASE_URL the hub makes none, REVBRIDGE_BOOTSTRAP_API_KEY is one.
      expect((await fetch(`${hub.url}/accounts`)).status).toBe(401);
      const accounts = await fetch(`${hub.url}/accounts`, { headers: { authorization: `Bearer ${bootstrap}` } });
      expect(accounts.status).toBe(200);
      expect(await hub.ctx.db.selectFrom('api_keys').select('id').execute()).toEqual([]);

      // DATABASE_URL may be production: no demo catalog there.
      expect(await hub.ctx.db.selectFrom('packages').select('id').execute()).toEqual([]);

      const banner = lines.join('\n');
      expect(banner).toContain(`revbridge api  ${hub.url}`);
      expect(banner).toMatch(/postgresql {5}postgres:\/\/.*\(DATABASE_URL\)/);
      expect(banner).toContain('salesforce     not configured');
      expect(banner).not.toContain('demo catalog');
      expect(banner).toContain('api key        REVBRIDGE_BOOTSTRAP_API_KEY is accepted as an admin key');
      expect(banner).not.toContain(bootstrap);
      expect(banner).toContain(`worker         concurrency 2, job queue in schema ${config.jobsSchema}`);
      expect(hub.worker).toBeDefined();
    } finally {
      await hub.stop();
    }
    await expect(fetch(`${hub.url}/healthz`)).rejects.toThrow();
    await hub.stop(); // a second stop is harmless
  });

  it('with REVBRIDGE_WORKER=off runs no worker but installs the queue, so GET /jobs answers', async () => {
    const bootstrap = randomBytes(32).toString('base64url');
    const config = loadConfig(hubEnv({ REVBRIDGE_WORKER: 'off', REVBRIDGE_BOOTSTRAP_API_KEY: bootstrap }));
    const lines: string[] = [];
    const hub = await startHub(config, { logger: createLogger(config), print: (l) => lines.push(l) });
    try {
      expect(hub.worker).toBeUndefined();
      expect(lines.join('\n')).toContain('worker         off (REVBRIDGE_WORKER=off)');
      const jobs = await fetch(`${hub.url}/jobs`, { headers: { authorization: `Bearer ${bootstrap}` } });
      expect(jobs.status).toBe(200);
      expect(await jobs.json()).toEqual({ jobs: [] });
    } finally {
      await hub.stop();
    }
  });

  it('with LOCALORG=on starts the local org beside it and uses it as the Salesforce org', async () => {
    const config = loadConfig(hubEnv({ LOCALORG: 'on', LOCALORG_PORT: '0' }));
    const lines: string[] = [];
    const hub = await startHub(config, { logger: createLogger(config), print: (l) => lines.push(l) });
    try {
      const org = hub.localOrg!;
      expect(hub.salesforce).toEqual({
        grant: 'client_credentials',
        loginUrl: org.url,
        clientId: 'localorg-client-id',
        clientSecret: 'localorg-client-secret',
      });
      const token = await fetch(`${org.url}/services/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: 'localorg-client-id',
          client_secret: 'localorg-client-secret',
        }),
      });
      expect(token.status).toBe(200);
      expect(lines.join('\n')).toContain(`local org      ${org.url}  client id localorg-client-id`);
      expect(lines.join('\n')).toContain(
        'catalog        billing\'s catalog into the price book "Billing Price Book (revbridge)" now, then every 86400 s',
      );
    } finally {
      await hub.stop();
    }
    await expect(fetch(`${hub.localOrg!.url}/services/data`)).rejects.toThrow();
  });

  it('a port already taken names the variable to change', async () => {
    const first = await startHub(loadConfig(hubEnv()), { print: () => {} });
    try {
      const port = new URL(first.url).port;
      const error = await startHub(loadConfig(hubEnv({ PORT: port })), { print: () => {} }).catch((e: Error) => e);
      expect((error as Error).message).toBe(`PORT ${port} is already in use; choose another port (0 picks a free one)`);
    } finally {
      await first.stop();
    }
  });

  it(
    'as a process (`npm start`) on embedded PostgreSQL: SIGTERM stops everything and exits 0',
    { timeout: 90_000 },
    async () => {
      // The default setup: no DATABASE_URL, so the hub starts and must stop its own PostgreSQL.
      const dataDir = join(ROOT, `.data/test-hub-${randomBytes(4).toString('hex')}`);
      const { DATABASE_URL: _ignored, ...env } = process.env;
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        cwd: ROOT,
        env: { ...env, REVBRIDGE_DATA_DIR: dataDir, PORT: '0', LOCALORG: 'off', LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      try {
        let stdout = '';
        let stderr = '';
        child.stderr.on('data', (chunk) => (stderr += chunk));
        const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
        const apiUrl = await new Promise<string>((resolve, reject) => {
          child.stdout.on('data', (chunk) => {
            stdout += chunk;
            const match = /revbridge api {2}(http:\/\/\S+)/.exec(stdout);
            if (match) resolve(match[1]);
          });
          void exited.then((code) => reject(new Error(`hub exited with ${code} before it was ready: ${stderr}`)));
        });
        expect(stdout).toContain('(embedded, data in');
        expect(stdout).toMatch(/demo catalog {3}USD and EUR list price books \(this start created [1-9]\d* packages/);
        expect((await fetch(`${apiUrl}/healthz`)).status).toBe(200);
        // On the embedded store the hub prints an admin key it made for this start.
        const key = /^api key {8}(rb_\S+) {2}\(admin key "development"/m.exec(stdout)?.[1];
        expect(key).toBeDefined();
        expect((await fetch(`${apiUrl}/accounts`)).status).toBe(401);
        expect((await fetch(`${apiUrl}/accounts`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
        expect(existsSync(join(dataDir, 'pg', 'postmaster.pid'))).toBe(true);
        child.kill('SIGTERM');
        expect(await exited).toBe(0);
        expect(stdout).toContain('revbridge: SIGTERM, stopping');
        expect(stderr).toBe('');
        expect(existsSync(join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
      } finally {
        child.kill('SIGKILL');
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  );
});
