import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiApp, buildApi } from '../../src/api/build-api.ts';
import type { AppContext } from '../../src/app-context.ts';
import { createApiKey } from '../../src/auth/create-api-key.ts';
import { revokeApiKey } from '../../src/auth/revoke-api-key.ts';
import { FixedClock } from '../../src/domain/clock.ts';
import { createLogger } from '../../src/logger.ts';
import { type TestDb, testDb } from '../db.ts';

/** What the API writes to its log while keys come and go: never a key, whatever the request does. */
describe('API keys in the log', () => {
  const BOOTSTRAP = 'bootstrap-secret-for-the-log-test-0123456789';
  const lines: string[] = [];
  let t: TestDb;
  let app: ApiApp;
  let ctx: AppContext;
  beforeAll(async () => {
    t = await testDb();
    // The hub's own logger at a chatty level, writing into `lines` instead of stdout.
    const logger = createLogger({ logLevel: 'debug' }, { write: (line: string) => void lines.push(line) });
    ctx = { db: t.db, clock: new FixedClock(new Date('2026-01-15T12:00:00Z')), logger };
    app = buildApi(ctx, { bootstrapApiKey: BOOTSTRAP });
    // A careless route that logs the request's headers, as a debugging session might leave behind.
    app.get('/test/echo-headers', async (request) => {
      request.log.info({ headers: request.headers }, 'headers seen');
      request.log.info({ upstream: { headers: request.headers } }, 'nested headers seen');
      return { ok: true };
    });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  it('logs requests with the key prefix, and writes authorization headers as [redacted]', async () => {
    const admin = await createApiKey(ctx, { name: 'log admin', role: 'admin' });
    const viewer = await createApiKey(ctx, { name: 'log viewer', role: 'viewer' });
    const revoked = await createApiKey(ctx, { name: 'log revoked', role: 'admin' });
    await revokeApiKey(ctx, String(revoked.apiKey.id));
    const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
    const statuses = [];
    for (const [url, headers] of [
      ['/accounts', bearer(admin.secret)],
      ['/test/echo-headers', bearer(admin.secret)],
      ['/test/echo-headers', bearer(BOOTSTRAP)],
      ['/accounts', bearer(revoked.secret)],
      ['/accounts', bearer(`${admin.secret}tampered`)],
      ['/accounts', { authorization: `Basic ${admin.secret}` }],
    ] as const) {
      statuses.push((await app.inject({ method: 'GET', url, headers })).statusCode);
    }
    statuses.push(
      (await app.inject({ method: 'POST', url: '/packages', headers: bearer(viewer.secret), payload: {} })).statusCode,
    );
    expect(statuses).toEqual([200, 200, 200, 401, 401, 401, 403]);

    const log = lines.join('');
    expect(log).toContain('"msg":"request completed"');
    for (const secret of [admin.secret, viewer.secret, revoked.secret, BOOTSTRAP]) {
      expect(log).not.toContain(secret);
      // Not even the secret part of a key: only its non-secret prefix may appear.
      expect(log).not.toContain(secret.slice(12, 30));
    }
    const seen = lines.map((l) => JSON.parse(l)).filter((e) => e.msg === 'headers seen');
    expect(seen).toHaveLength(2);
    expect(seen[0].headers.authorization).toBe('[redacted]');
    const nested = lines.map((l) => JSON.parse(l)).find((e) => e.msg === 'nested headers seen');
    expect(nested.upstream.headers.authorization).toBe('[redacted]');
    // Which key did what is still answerable: completed requests carry the key's prefix.
    const completed = lines.map((l) => JSON.parse(l)).filter((e) => e.msg === 'request completed');
    expect(completed.map((e) => e.apiKey)).toContain(admin.apiKey.prefix);
    expect(completed.map((e) => e.apiKey)).toContain('bootstrap');
    expect(completed.find((e) => e.res.statusCode === 403)?.apiKey).toBe(viewer.apiKey.prefix);
  });
});
