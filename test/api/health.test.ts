import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { AppContext } from '../../src/app-context.ts';
import { type ApiApp, buildApi } from '../../src/api/build-api.ts';
import { dateSchema, fromMoneyJson, idParam, moneySchema, toMoneyJson } from '../../src/api/schemas.ts';
import { FixedClock } from '../../src/domain/clock.ts';
import { fail } from '../../src/domain/errors.ts';
import { createLogger } from '../../src/logger.ts';
import { createDb } from '../../src/store/db.ts';
import { type TestDb, testDb } from '../db.ts';

/** The bootstrap key of this file's app: the foundation's own test routes need a key like every route. */
const KEY = 'rb_foundation-test-key-0123456789abcdef';
const auth = { authorization: `Bearer ${KEY}` };

describe('the API foundation', () => {
  let t: TestDb;
  let app: ApiApp;
  beforeAll(async () => {
    t = await testDb();
    const ctx: AppContext = {
      db: t.db,
      clock: new FixedClock(new Date('2026-03-01T00:00:00Z')),
      logger: createLogger({ logLevel: 'silent' }),
    };
    app = buildApi(ctx, { bootstrapApiKey: KEY });
    // Routes only this test registers, to see the error mapping end to end.
    app.get('/test/accounts/:id', { schema: { params: idParam } }, async (request) =>
      fail('account_not_found', `No billing account has id ${request.params.id}.`, { id: request.params.id }),
    );
    app.post(
      '/test/charges',
      {
        schema: {
          body: z.object({ price: moneySchema, startDate: dateSchema }),
          response: { 201: z.object({ price: moneySchema, startDate: dateSchema }) },
        },
      },
      async (request, reply) => {
        const price = fromMoneyJson(request.body.price);
        return reply
          .status(201)
          .send({ price: toMoneyJson(price.minor, price.currency), startDate: request.body.startDate });
      },
    );
    app.get('/test/bug', async () => {
      throw new Error('a bug with a secret stack');
    });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  it('GET /healthz answers ok when the database answers', async () => {
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: 'ok' });
  });

  it('GET /healthz answers 503 when the database does not', async () => {
    // A pool on a port nothing listens on: every connection is refused.
    const dead = createDb({ url: 'postgres://nobody:x@127.0.0.1:1/none' });
    const down = buildApi({
      db: dead.db,
      clock: new FixedClock(new Date()),
      logger: createLogger({ logLevel: 'silent' }),
    });
    try {
      const res = await down.inject({ method: 'GET', url: '/healthz' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({ status: 'unavailable', database: 'error' });
    } finally {
      await down.close();
      await dead.db.destroy();
    }
  });

  it('GET /openapi.json documents the registered routes from their zod schemas', async () => {
    const res = await app.inject({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/healthz'].get.responses['200'].content['application/json'].schema.properties.status).toEqual({
      type: 'string',
      enum: ['ok', 'unavailable'],
    });
    expect(doc.paths['/openapi.json']).toBeUndefined();
    // Every operation needs a bearer key and names its role; /healthz alone is open.
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.security).toEqual([{ apiKey: [] }]);
    expect(doc.paths['/healthz'].get).toMatchObject({ security: [], 'x-revbridge-role': 'public' });
    expect(doc.paths['/test/charges'].post['x-revbridge-role']).toBe('admin');
    expect(doc.paths['/test/accounts/{id}'].get.description).toBe('Needs an API key with the viewer role.');
    const params = doc.paths['/test/accounts/{id}'].get.parameters;
    expect(params).toEqual([expect.objectContaining({ name: 'id', in: 'path', required: true })]);
    const body = doc.paths['/test/charges'].post.requestBody.content['application/json'].schema;
    expect(body.properties.price.properties.amount.type).toBe('string');
    expect(body.properties.startDate.format).toBe('date');
    expect(doc.paths['/healthz'].get.responses.default.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/ApiError',
    });
    expect(doc.components.schemas.ApiError.properties.error.required).toEqual(['code', 'message', 'details']);
  });

  it('an unknown route is a 404 not_found in the error shape', async () => {
    const res = await app.inject({ headers: auth, method: 'GET', url: '/no/such/thing?x=1' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({
      error: {
        code: 'not_found',
        message: 'There is no GET /no/such/thing.',
        details: { method: 'GET', path: '/no/such/thing' },
      },
    });
  });

  it('a RevbridgeError becomes its catalog status, code, message and details', async () => {
    const res = await app.inject({ headers: auth, method: 'GET', url: '/test/accounts/42' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({
      error: { code: 'account_not_found', message: 'No billing account has id 42.', details: { id: '42' } },
    });
  });

  it('a zod validation failure is a 400 validation_failed naming each field', async () => {
    const res = await app.inject({
      headers: auth,
      method: 'POST',
      url: '/test/charges',
      payload: { price: { amount: 12.5, currency: 'usd' }, startDate: '2026-02-30' },
    });
    expect(res.statusCode).toBe(400);
    const { error } = res.json();
    expect(error.code).toBe('validation_failed');
    expect(error.details.issues.map((i: { path: string }) => i.path).sort()).toEqual([
      'body.price.amount',
      'body.price.currency',
      'body.startDate',
    ]);
    expect(error.message).toContain('body.price.currency must be an ISO 4217 code in capitals');
    expect(error.message).toContain('body.startDate must be a date written YYYY-MM-DD');
  });

  it('a bad path id is a 400 validation_failed on params', async () => {
    const res = await app.inject({ headers: auth, method: 'GET', url: '/test/accounts/abc' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.issues).toEqual([
      { path: 'params.id', message: 'must be a positive integer id, e.g. "42"' },
    ]);
  });

  it('money round-trips exactly, and an amount finer than the currency is malformed_money', async () => {
    const ok = await app.inject({
      headers: auth,
      method: 'POST',
      url: '/test/charges',
      payload: { price: { amount: '1234.5', currency: 'USD' }, startDate: '2026-03-01' },
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toEqual({ price: { amount: '1234.50', currency: 'USD' }, startDate: '2026-03-01' });
    const bad = await app.inject({
      headers: auth,
      method: 'POST',
      url: '/test/charges',
      payload: { price: { amount: '1.005', currency: 'USD' }, startDate: '2026-03-01' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'malformed_money', details: { value: '1.005' } });
  });

  it('malformed JSON is a 400 validation_failed', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/test/charges',
      headers: { ...auth, 'content-type': 'application/json' },
      payload: '{"price":',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('validation_failed');
  });

  it('an unexpected error is a 500 internal_error without the stack', async () => {
    const res = await app.inject({ headers: auth, method: 'GET', url: '/test/bug' });
    expect(res.statusCode).toBe(500);
    expect(res.json().error).toMatchObject({ code: 'internal_error', details: { requestId: expect.any(String) } });
    expect(res.body).not.toContain('secret stack');
  });

  it('toMoneyJson writes the currency minor digits', () => {
    expect(toMoneyJson(1250n, 'USD')).toEqual({ amount: '12.50', currency: 'USD' });
    expect(toMoneyJson(-5n, 'EUR')).toEqual({ amount: '-0.05', currency: 'EUR' });
    expect(toMoneyJson(1250n, 'JPY')).toEqual({ amount: '1250', currency: 'JPY' });
    expect(toMoneyJson(1n, 'BHD')).toEqual({ amount: '0.001', currency: 'BHD' });
  });
});
