import { afterAll, beforeAll, expect } from 'vitest';
import type { AppContext } from '../../src/app-context.ts';
import { type ApiApp, type ApiOptions, buildApi } from '../../src/api/build-api.ts';
import { createApiKey } from '../../src/auth/create-api-key.ts';
import { jobsSchemaFor } from '../../src/config.ts';
import { FixedClock } from '../../src/domain/clock.ts';
import { createLogger } from '../../src/logger.ts';
import { rowCounts } from '../billing/helpers.ts';
import { type TestDb, testDb } from '../db.ts';

export interface ApiTest {
  app: ApiApp;
  ctx: AppContext;
  t: TestDb;
  /** An admin API key in this schema: `call` sends it unless told otherwise. */
  adminKey: string;
}

/**
 * The whole API over a fresh schema for one test file, with an admin key; requests go through `app.inject`.
 */
export function useApi(options: ApiOptions = {}): ApiTest {
  const holder = {} as ApiTest;
  beforeAll(async () => {
    holder.t = await testDb();
    holder.ctx = {
      db: holder.t.db,
      clock: new FixedClock(new Date('2026-01-15T12:00:00Z')),
      logger: createLogger({ logLevel: 'silent' }),
      jobs: { schema: jobsSchemaFor(holder.t.schema) },
    };
    holder.app = buildApi(holder.ctx, options);
    await holder.app.ready();
    holder.adminKey = (await createApiKey(holder.ctx, { name: 'tests', role: 'admin' })).secret;
  });
  afterAll(async () => {
    await holder.app.close();
    await holder.t.close();
  });
  return holder;
}

/**
 * A parsed response body. Tests read it by path (`body.error.code`) and `expect` checks each value, so a
 * typed shape per route would add nothing but casts.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Body = any;

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface CallOptions {
  /** The API key to send (default the admin key); null sends no Authorization header. */
  key?: string | null;
  headers?: Record<string, string>;
}

/**
 * Sends a JSON request (with the admin key unless `options.key` says otherwise); returns status and parsed body
 * (a page's text as it is).
 */
export async function call(
  api: ApiTest,
  method: Method,
  url: string,
  body?: unknown,
  options: CallOptions = {},
): Promise<{ status: number; body: Body }> {
  const key = options.key === undefined ? api.adminKey : options.key;
  const headers = { ...(key === null ? {} : { authorization: `Bearer ${key}` }), ...options.headers };
  const response = await api.app.inject({ method, url, payload: body as object | undefined, headers });
  // A page (text/html) is returned as its text; everything else the API answers is JSON.
  const json = String(response.headers['content-type'] ?? '').includes('json');
  return {
    status: response.statusCode,
    body: response.body === '' ? undefined : json ? response.json() : response.body,
  };
}

/** Sends a request that must be refused with `status` and the error `code`, and checks that no table changed. */
export async function expectRejected(
  api: ApiTest,
  method: Method,
  url: string,
  body: unknown,
  status: number,
  code: string,
  options: CallOptions = {},
): Promise<void> {
  const before = await rowCounts(api.ctx);
  const response = await call(api, method, url, body, options);
  expect(response.status).toBe(status);
  expect(response.body).toEqual({ error: { code, message: expect.any(String), details: expect.any(Object) } });
  expect(await rowCounts(api.ctx)).toEqual(before);
}
