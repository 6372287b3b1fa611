import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { type ApiApp, buildApi } from '../../src/api/build-api.ts';
import type { CliIo } from '../../src/cli/cli-runner.ts';
import { runCli } from '../../src/cli/run-cli.ts';
import { FixedClock } from '../../src/domain/clock.ts';
import { createDb } from '../../src/store/db.ts';
import { useOwnSchema } from '../db.ts';

describe('revbridge apikey', () => {
  const { url, schema } = useOwnSchema('t_keycli');
  const env = { DATABASE_URL: url, REVBRIDGE_DB_SCHEMA: schema, LOG_LEVEL: 'warn' };
  const run = async (...args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = { env, stdout: (t) => void out.push(t), stderr: (t) => void err.push(t) };
    const code = await runCli(args, io);
    return { code, stdout: out.join(''), stderr: err.join(''), json: () => JSON.parse(out.join('')) };
  };

  // The API over the CLI's store, to show the keys the CLI makes and revokes are the ones the API checks.
  let api: { app: ApiApp; close: () => Promise<void> } | undefined;
  const apiStatus = async (key: string, method: 'GET' | 'POST' = 'GET', path = '/accounts') => {
    if (!api) {
      const { db } = createDb({ url, schema });
      const app = buildApi({
        db,
        clock: new FixedClock(new Date('2026-01-15T00:00:00Z')),
        logger: pino({ level: 'silent' }),
      });
      await app.ready();
      api = { app, close: async () => (await app.close(), await db.destroy()) };
    }
    const res = await api.app.inject({
      method,
      url: path,
      headers: { authorization: `Bearer ${key}` },
      payload: method === 'POST' ? {} : undefined,
    });
    return res.statusCode;
  };
  afterAll(() => api?.close());

  it('create prints the key once with a warning; list never shows a secret; revoke locks it out', async () => {
    const created = await run('apikey', 'create', '--name', 'salesforce flows', '--role', 'operator');
    expect(created.code).toBe(0);
    const key = /^\s+(rb_[A-Za-z0-9_-]{43})$/m.exec(created.stdout)?.[1];
    expect(key).toBeDefined();
    expect(created.stdout).toMatch(/^created API key \d+ "salesforce flows" with the operator role:/);
    expect(created.stdout).toContain('it will not be shown again');
    expect(await apiStatus(key!)).toBe(200);
    // An operator key may not change the catalog.
    expect(await apiStatus(key!, 'POST', '/packages')).toBe(403);

    const viaJson = (await run('apikey', 'create', '--name', 'dashboard', '--role', 'VIEWER', '--json')).json();
    expect(viaJson).toMatchObject({ name: 'dashboard', role: 'viewer', status: 'active', warning: expect.any(String) });
    expect(viaJson.key.startsWith(viaJson.prefix)).toBe(true);

    const list = await run('apikey', 'list');
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^ID\s+PREFIX\s+NAME\s+ROLE\s+STATUS\s+CREATED\s+LAST USED\s+REVOKED$/m);
    expect(list.stdout).toContain(`${key!.slice(0, 11)}…  salesforce flows  operator  active`);
    const listJson = await run('apikey', 'list', '--json');
    for (const text of [list.stdout, listJson.stdout]) {
      expect(text).not.toContain(key!);
      expect(text).not.toContain(key!.slice(11));
      expect(text).not.toContain(viaJson.key.slice(11));
      expect(text).not.toMatch(/hash/i);
    }
    expect(
      listJson.json().map((k: { name: string; lastUsedAt: string | null }) => [k.name, k.lastUsedAt !== null]),
    ).toEqual([
      ['salesforce flows', true],
      ['dashboard', false],
    ]);

    const revoked = await run('apikey', 'revoke', key!.slice(0, 11));
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toMatch(/^revoked API key \d+ rb_\S+… "salesforce flows"/);
    expect(await apiStatus(key!)).toBe(401);
    expect(await apiStatus(viaJson.key)).toBe(200);

    const again = await run('apikey', 'revoke', key!);
    expect([again.code, again.stdout]).toEqual([0, expect.stringContaining('was already revoked')]);
    const byId = await run('apikey', 'revoke', viaJson.id, '--json');
    expect(byId.json()).toMatchObject({ id: viaJson.id, status: 'revoked', revoked: true });
    expect(await apiStatus(viaJson.key)).toBe(401);
    expect((await run('apikey', 'list')).stdout).toMatch(/dashboard\s+viewer\s+revoked/);
  });

  it('refuses a role that does not exist and a key it does not know, with coded errors', async () => {
    const badRole = await run('apikey', 'create', '--name', 'x', '--role', 'owner');
    expect([badRole.code, badRole.stderr]).toEqual([
      1,
      'error validation_failed: --role must be one of viewer, operator, admin, got "owner".\n',
    ]);
    const noName = await run('apikey', 'create', '--name', ' ', '--role', 'admin');
    expect([noName.code, noName.stderr]).toEqual([1, 'error validation_failed: --name is required.\n']);
    const unknown = await run('apikey', 'revoke', 'rb_AAAAAAAA');
    expect([unknown.code, unknown.stderr]).toEqual([
      1,
      'error api_key_not_found: No API key has prefix rb_AAAAAAAA.\n',
    ]);
    // A whole key that is not known is named by its prefix only: the error may be pasted anywhere.
    const whole = await run('apikey', 'revoke', `rb_BBBBBBBB${'c'.repeat(35)}`);
    expect(whole.stderr).toBe('error api_key_not_found: No API key has the key rb_BBBBBBBB….\n');
    const neither = await run('apikey', 'revoke', 'salesforce flows');
    expect([neither.code, neither.stderr]).toEqual([
      1,
      'error validation_failed: <key>: Name the key by its id or its prefix (rb_…), got "salesforce flows".\n',
    ]);
    expect((await run('apikey', 'create', '--name', 'x')).code).toBe(2);
  });
});
