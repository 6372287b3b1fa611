import { Connection } from 'jsforce';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { type LocalOrg, type LocalOrgOptions, startLocalOrg } from '../src/local-org.ts';
import type { CustomSchema } from '../src/org.ts';
import { field } from '../src/schema/field.ts';
import type { FieldDef } from '../src/schema/types.ts';

export const API_VERSION = '62.0';

export interface TestOrg {
  app: LocalOrg;
  url: string;
  /** A jsforce connection authorized through the org's OAuth token endpoint (client credentials). */
  conn: Connection;
  /** Number of API requests answered so far (the request log's sequence). */
  calls(): number;
  /** Raw HTTP to the org, for control endpoints and exact status/header checks. */
  http(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

export async function startTestOrg(options: LocalOrgOptions = {}): Promise<TestOrg> {
  const app = await startLocalOrg({ port: 0, seed: 'empty', ...options });
  const conn = await connect(app);
  return {
    app,
    url: app.url,
    conn,
    calls: () => app.log.lastSeq,
    http: (method, path, body, headers = {}) =>
      fetch(app.url + path, {
        method,
        headers: { ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      }),
    close: () => app.close(),
  };
}

export interface UseTestOrgOptions extends LocalOrgOptions {
  /** Before each test, empty the org again (`POST /__localorg/reset` with the empty seed). */
  resetEach?: boolean;
}

/**
 * One org for the enclosing `describe`: started before its first test, closed after its last. The
 * returned object is filled in when the org has started, so read it in hooks and tests only.
 */
export function useTestOrg({ resetEach = false, ...options }: UseTestOrgOptions = {}): TestOrg {
  const t = {} as TestOrg;
  beforeAll(async () => {
    Object.assign(t, await startTestOrg(options));
  });
  afterAll(() => t.close());
  if (resetEach) {
    beforeEach(async () => {
      await t.http('POST', '/__localorg/reset', { seed: 'empty' });
    });
  }
  return t;
}

/**
 * A custom schema with revbridge's Account.Billing_Account_Number__c (a unique external id, as in
 * salesforce/force-app) and `extraAccountFields`; no custom objects, no validation rules.
 */
export function billingAccountNumberSchema(extraAccountFields: FieldDef[] = []): CustomSchema {
  return {
    objects: [],
    fields: {
      Account: [
        field({
          name: 'Billing_Account_Number__c',
          label: 'Billing Account Number',
          type: 'string',
          length: 40,
          externalId: true,
          unique: true,
        }),
        ...extraAccountFields,
      ],
    },
    validationRules: {},
  };
}

export async function connect(app: LocalOrg, version = API_VERSION): Promise<Connection> {
  const conn = new Connection({
    version,
    oauth2: {
      loginUrl: app.url,
      clientId: app.credentials.clientId,
      clientSecret: app.credentials.clientSecret,
    },
  });
  await conn.authorize({ grant_type: 'client_credentials' });
  return conn;
}

/** The error a jsforce call rejects with, for asserting `errorCode` and message. */
export async function failure(
  promise: PromiseLike<unknown>,
): Promise<{ errorCode?: string; name?: string; message: string; data?: unknown }> {
  try {
    await promise;
  } catch (error) {
    return error as { errorCode?: string; message: string };
  }
  throw new Error('expected the call to fail');
}
