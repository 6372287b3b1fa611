import { beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/create-api-key.ts';
import { revokeApiKey } from '../../src/auth/revoke-api-key.ts';
import { createAccount, createPackage, orderProduct } from '../scenarios/billing-fixtures.ts';
import { call, expectRejected, useApi } from './api-helpers.ts';

/** Who may call what: API keys, roles and the route classes, over HTTP (Fastify inject, real PostgreSQL). */
const BOOTSTRAP = 'bootstrap-key-for-tests-0123456789-abcdefghij';
const api = useApi({ bootstrapApiKey: BOOTSTRAP });
const keys = { viewer: '', operator: '', admin: '' };

beforeAll(async () => {
  for (const role of ['viewer', 'operator', 'admin'] as const) {
    keys[role] = (await createApiKey(api.ctx, { name: `${role} key`, role })).secret;
  }
  const { packageId } = await createPackage(api.t.db, 'AUTH', [
    { code: 'seat', kind: 'recurring', prices: [{ from: '2025-01-01', recurring: 1000n }] },
  ]);
  const account = await createAccount(api.t.db, 'AUTH-1');
  await orderProduct(api.t.db, account, packageId, { quantity: '1', start: '2026-01-01' });
});

/** The routes operators may call besides reads: the day-to-day money work. */
const OPERATOR_ROUTES = [
  'POST /accounts/{idOrNumber}/usage',
  'POST /accounts/{idOrNumber}/usage/batch',
  'POST /billing-runs',
  'POST /opportunities/push',
  'POST /opportunities/{id}/push',
  'POST /opportunities/{id}/services',
  'POST /payments',
  'POST /revenue/import',
  'POST /revenue/push',
  'POST /sync/accounts',
  'POST /sync/catalog',
  'POST /sync/link',
  'POST /sync/retry',
  'POST /sync/rollups',
];

/** The routes anyone may call: the health check and the pages behind the Salesforce buttons. */
const PUBLIC_ROUTES = [
  'GET /healthz',
  'GET /salesforce/buttons/link-account',
  'GET /salesforce/buttons/push-opportunity',
  'GET /salesforce/buttons/sync-account',
];

/** Query strings a route needs to answer 200 (the button pages need the Account id). */
const QUERIES: Record<string, string> = {
  'GET /salesforce/buttons/link-account': '?id=001000000000001AAA',
  'GET /salesforce/buttons/sync-account': '?id=001000000000001AAA',
  'GET /salesforce/buttons/push-opportunity': '?id=006000000000001AAA',
};

interface Operation {
  route: string;
  role: string;
}

async function operations(): Promise<Operation[]> {
  const doc = (await call(api, 'GET', '/openapi.json', undefined, { key: null })).body;
  return Object.entries(doc.paths as Record<string, Record<string, { 'x-revbridge-role': string }>>).flatMap(
    ([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({
        route: `${method.toUpperCase()} ${path}`,
        role: op['x-revbridge-role'],
      })),
  );
}

/** A request for an OpenAPI route: path parameters filled with a plausible value, an empty JSON body. */
function request(route: string): { method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; url: string; body?: object } {
  const [method, path] = route.split(' ') as ['GET' | 'POST' | 'PATCH' | 'DELETE', string];
  return {
    method,
    url: path.replace(/\{[^}]+\}/g, '1') + (QUERIES[route] ?? ''),
    body: method === 'GET' ? undefined : {},
  };
}

describe('route classes', () => {
  it('every route has a class: reads viewer, money work operator, health and button pages public, other writes admin', async () => {
    const ops = await operations();
    expect(ops.length).toBeGreaterThan(30);
    for (const { route, role } of ops) {
      const expected = PUBLIC_ROUTES.includes(route)
        ? 'public'
        : route.startsWith('GET ')
          ? 'viewer'
          : OPERATOR_ROUTES.includes(route)
            ? 'operator'
            : 'admin';
      expect({ route, role }).toEqual({ route, role: expected });
    }
    expect(
      ops
        .filter((o) => o.role === 'operator')
        .map((o) => o.route)
        .sort(),
    ).toEqual(OPERATOR_ROUTES);
    expect(
      ops
        .filter((o) => o.role === 'public')
        .map((o) => o.route)
        .sort(),
    ).toEqual(PUBLIC_ROUTES);
  });

  it('each role against each route: refused below its class (403 naming the role), let through at or above it', async () => {
    const rank = { public: 0, viewer: 1, operator: 2, admin: 3 } as const;
    for (const { route, role } of await operations()) {
      const { method, url, body } = request(route);
      const anonymous = await call(api, method, url, body, { key: null });
      if (role === 'public') expect(anonymous.status, route).toBe(200);
      else expect([route, anonymous.status, anonymous.body.error.code]).toEqual([route, 401, 'unauthenticated']);
      for (const held of ['viewer', 'operator', 'admin'] as const) {
        const res = await call(api, method, url, body, { key: keys[held] });
        if (rank[held] >= rank[role as keyof typeof rank]) {
          expect([route, held, res.status]).not.toEqual([route, held, 403]);
          expect([route, held, res.status]).not.toEqual([route, held, 401]);
        } else {
          expect([route, held, res.status, res.body.error.code]).toEqual([route, held, 403, 'forbidden']);
          expect(res.body.error.message).toContain(`needs the ${role} role`);
          expect(res.body.error.details).toEqual({ requiredRole: role, role: held });
        }
      }
    }
  });
});

describe('roles doing their work', () => {
  it('a viewer reads, and is refused a write with a sentence naming the role needed', async () => {
    const list = await call(api, 'GET', '/accounts', undefined, { key: keys.viewer });
    expect(list.status).toBe(200);
    await expectRejected(api, 'POST', '/accounts', { name: 'Nope', currency: 'USD' }, 403, 'forbidden', {
      key: keys.viewer,
    });
    const refused = await call(api, 'POST', '/billing-runs', { date: '2026-01-15' }, { key: keys.viewer });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(
      /^POST \/billing-runs needs the operator role; the API key rb_\S{8}… \("viewer key"\) has the viewer role\.$/,
    );
  });

  it('an operator runs billing and records a payment, but cannot change the catalog or an account', async () => {
    const run = await call(api, 'POST', '/billing-runs', { date: '2026-01-15' }, { key: keys.operator });
    expect(run.status).toBe(201);
    const payment = await call(
      api,
      'POST',
      '/payments',
      { accountId: 'AUTH-1', amount: { amount: '1.00', currency: 'USD' }, receivedOn: '2026-01-15' },
      { key: keys.operator },
    );
    expect(payment.status).toBe(201);
    const pkg = await call(
      api,
      'POST',
      '/packages',
      { code: 'OP', name: 'Operator package', currency: 'USD', frequency: 'monthly' },
      { key: keys.operator },
    );
    expect([pkg.status, pkg.body.error.code, pkg.body.error.details.requiredRole]).toEqual([403, 'forbidden', 'admin']);
    const patch = await call(api, 'PATCH', '/accounts/AUTH-1', { name: 'Renamed' }, { key: keys.operator });
    expect(patch.status).toBe(403);
  });

  it('an admin does everything', async () => {
    const pkg = await call(
      api,
      'POST',
      '/packages',
      { code: 'ADM', name: 'Admin package', currency: 'USD', frequency: 'monthly' },
      { key: keys.admin },
    );
    expect(pkg.status).toBe(201);
    expect((await call(api, 'POST', '/billing-runs', { date: '2026-01-15' }, { key: keys.admin })).status).toBe(201);
    expect((await call(api, 'GET', '/packages/ADM', undefined, { key: keys.admin })).status).toBe(200);
  });

  it('REVBRIDGE_BOOTSTRAP_API_KEY is an admin key; a near miss is not', async () => {
    const pkg = await call(
      api,
      'POST',
      '/packages',
      { code: 'BOOT', name: 'Bootstrap package', currency: 'USD', frequency: 'monthly' },
      { key: BOOTSTRAP },
    );
    expect(pkg.status).toBe(201);
    const near = await call(api, 'GET', '/packages', undefined, { key: `${BOOTSTRAP}x` });
    expect([near.status, near.body.error.code]).toEqual([401, 'unauthenticated']);
  });
});

describe('keys that do not open the door', () => {
  it('no Authorization header: 401 unauthenticated in the error shape, with a WWW-Authenticate challenge', async () => {
    const res = await api.app.inject({ method: 'GET', url: '/accounts' });
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="revbridge"');
    expect(res.json()).toEqual({
      error: {
        code: 'unauthenticated',
        message:
          'This request needs a valid API key, sent as "Authorization: Bearer <key>" (create one with `revbridge apikey create`).',
        details: { reason: 'missing' },
      },
    });
  });

  it.each([
    ['another scheme', `Basic ${Buffer.from('admin:admin').toString('base64')}`],
    ['Bearer without a key', 'Bearer'],
    ['two words', 'Bearer abc def'],
    ['an empty header', ' '],
    ['a key too long to be one', `Bearer ${'a'.repeat(600)}`],
  ])('a malformed header (%s) is 401', async (_name, header) => {
    const res = await call(api, 'GET', '/accounts', undefined, { key: null, headers: { authorization: header } });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthenticated');
  });

  it('an unknown key is 401, and the lower-case scheme is accepted', async () => {
    const unknown = await call(api, 'GET', '/accounts', undefined, {
      key: 'rb_not-a-real-key-at-all-0123456789abcdef',
    });
    expect([unknown.status, unknown.body.error.details]).toEqual([401, { reason: 'unknown' }]);
    const lower = await call(api, 'GET', '/accounts', undefined, {
      key: null,
      headers: { authorization: `bearer ${keys.viewer}` },
    });
    expect(lower.status).toBe(200);
  });

  it('a revoked key is 401 from the next request on; the others still work', async () => {
    const { secret, apiKey } = await createApiKey(api.ctx, { name: 'short-lived', role: 'admin' });
    expect((await call(api, 'GET', '/accounts', undefined, { key: secret })).status).toBe(200);
    await revokeApiKey(api.ctx, apiKey.prefix);
    const res = await call(api, 'GET', '/accounts', undefined, { key: secret });
    expect(res.status).toBe(401);
    expect(res.body.error).toMatchObject({
      code: 'unauthenticated',
      message: `The API key ${apiKey.prefix}… ("short-lived") has been revoked.`,
      details: { reason: 'revoked', prefix: apiKey.prefix },
    });
    expect((await call(api, 'GET', '/accounts', undefined, { key: keys.viewer })).status).toBe(200);
  });

  it('a request without a key learns nothing else: no validation of its body, no 404 for an unknown path', async () => {
    const bad = await call(api, 'POST', '/packages', { code: 42 }, { key: null });
    expect([bad.status, bad.body.error.code]).toEqual([401, 'unauthenticated']);
    const nowhere = await call(api, 'GET', '/no/such/route', undefined, { key: null });
    expect(nowhere.status).toBe(401);
    expect((await call(api, 'GET', '/no/such/route', undefined, { key: keys.viewer })).status).toBe(404);
  });

  it('/healthz and /openapi.json stay open', async () => {
    expect((await call(api, 'GET', '/healthz', undefined, { key: null })).status).toBe(200);
    expect((await call(api, 'GET', '/openapi.json', undefined, { key: null })).status).toBe(200);
  });

  it('a used key records when it was last used (by the clock), never its secret', async () => {
    const { secret, apiKey } = await createApiKey(api.ctx, { name: 'tracked', role: 'viewer' });
    await call(api, 'GET', '/accounts', undefined, { key: secret });
    const row = await api.t.db.selectFrom('api_keys').selectAll().where('id', '=', apiKey.id).executeTakeFirstOrThrow();
    expect(row.last_used_at).toEqual(api.ctx.clock.now());
    expect(row.hash).not.toContain(secret.slice(3, 20));
    expect(JSON.stringify(row, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))).not.toContain(
      secret.slice(11),
    );
  });
});
