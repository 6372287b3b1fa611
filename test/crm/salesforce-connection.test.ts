import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type LocalOrg, loadSfdxSchema, startLocalOrg } from '@revbridge/localorg';
import { Connection } from 'jsforce';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CrmRecord } from '../../src/crm/crm.port.ts';
import { connectSalesforce, type SalesforceConnectionOptions } from '../../src/crm/salesforce/salesforce-connection.ts';
import type { SalesforceCredentials } from '../../src/crm/salesforce/salesforce-credentials.ts';
import { RevbridgeError } from '../../src/domain/errors.ts';

const SFDX = fileURLToPath(new URL('../../salesforce/force-app', import.meta.url));

interface LogEntry {
  seq: number;
  method: string;
  path: string;
  status: number;
}

/** The connector against a local org: logins, paging, chunking, retries, the budget and Bulk API 2.0. */
describe('Salesforce connector through the local org', () => {
  let org: LocalOrg;
  let sf: Connection;
  let keyDir: string;
  let privateKeyFile: string;
  let accountIds: string[] = [];

  const clientCredentials = (): SalesforceCredentials => ({
    grant: 'client_credentials',
    loginUrl: org.credentials.loginUrl,
    clientId: org.credentials.clientId,
    clientSecret: org.credentials.clientSecret,
  });
  const connect = (options: SalesforceConnectionOptions = {}) =>
    connectSalesforce(clientCredentials(), { backoffMs: 5, bulkPollMs: 20, ...options });
  const control = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${org.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(res.status, `${method} ${path}`).toBeLessThan(300);
    return (await res.json()) as unknown;
  };
  const mark = async () => ((await control('GET', '/__localorg/requests?since=0')) as { lastSeq: number }).lastSeq;
  const apiCallsSince = async (since: number) =>
    ((await control('GET', `/__localorg/requests?since=${since}`)) as { requests: LogEntry[] }).requests.filter((r) =>
      r.path.startsWith('/services/data/v'),
    );
  const failure = async (promise: Promise<unknown>): Promise<RevbridgeError> => {
    try {
      await promise;
    } catch (error) {
      expect(error).toBeInstanceOf(RevbridgeError);
      return error as RevbridgeError;
    }
    throw new Error('expected a failure');
  };
  const all = async (pages: AsyncIterable<CrmRecord[]>) => {
    const sizes: number[] = [];
    const rows: CrmRecord[] = [];
    for await (const page of pages) {
      sizes.push(page.length);
      rows.push(...page);
    }
    return { sizes, rows };
  };

  beforeAll(async () => {
    keyDir = mkdtempSync(join(tmpdir(), 'revbridge-jwt-'));
    const keys = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    privateKeyFile = join(keyDir, 'server.key');
    writeFileSync(privateKeyFile, keys.privateKey);
    org = await startLocalOrg({
      port: 0,
      seed: 'empty',
      customSchema: loadSfdxSchema(SFDX),
      jwtPublicKey: keys.publicKey,
    });
    sf = new Connection({
      version: '62.0',
      oauth2: {
        loginUrl: org.credentials.loginUrl,
        clientId: org.credentials.clientId,
        clientSecret: org.credentials.clientSecret,
      },
    });
    await sf.authorize({ grant_type: 'client_credentials' });
    // 5,000 accounts, loaded by the test's own client (Bulk), for paging and volume.
    const input = Array.from({ length: 5000 }, (_, i) => ({ Name: `Volume ${String(i).padStart(4, '0')}` }));
    const loaded = await sf.bulk2.loadAndWaitForResults({
      object: 'Account',
      operation: 'insert',
      input,
      pollInterval: 50,
      pollTimeout: 60_000,
    });
    expect(loaded.failedResults).toHaveLength(0);
    accountIds = (
      await sf.query<{ Id: string }>('SELECT Id FROM Account ORDER BY Name', { autoFetch: true, maxFetch: 10_000 })
    ).records.map((r) => r.Id);
    expect(accountIds).toHaveLength(5000);
  });
  afterAll(async () => {
    await org?.close();
    rmSync(keyDir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await control('DELETE', '/__localorg/faults');
    await control('POST', '/__localorg/usage/reset');
  });

  describe('login', () => {
    it('logs in with client_credentials', async () => {
      const crm = await connect();
      expect((await crm.describe('Account')).name).toBe('Account');
    });

    it('logs in with a JWT bearer assertion signed by the configured key', async () => {
      const crm = await connectSalesforce({
        grant: 'jwt',
        loginUrl: org.credentials.loginUrl,
        clientId: org.credentials.clientId,
        username: org.credentials.username,
        privateKeyFile,
      });
      expect((await all(crm.queryPages('SELECT Id FROM Account LIMIT 3'))).rows).toHaveLength(3);
    });

    it('logs in with a refresh token from the authorization-code flow', async () => {
      const redirectUri = 'http://localhost/callback';
      const authorize = await fetch(
        `${org.url}/services/oauth2/authorize?${new URLSearchParams({
          response_type: 'code',
          client_id: org.credentials.clientId,
          redirect_uri: redirectUri,
        })}`,
        { redirect: 'manual' },
      );
      const code = new URL(authorize.headers.get('location')!).searchParams.get('code')!;
      const token = (await (
        await fetch(`${org.url}/services/oauth2/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            grant_type: 'authorization_code',
            code,
            client_id: org.credentials.clientId,
            client_secret: org.credentials.clientSecret,
            redirect_uri: redirectUri,
          }),
        })
      ).json()) as { refresh_token: string };
      expect(token.refresh_token).toBeTruthy();
      const crm = await connectSalesforce({
        grant: 'refresh_token',
        loginUrl: org.credentials.loginUrl,
        clientId: org.credentials.clientId,
        clientSecret: org.credentials.clientSecret,
        refreshToken: token.refresh_token,
      });
      expect((await crm.describe('Contact')).name).toBe('Contact');
    });

    it('bad credentials: salesforce_login_failed with a sentence naming the grant and the reason', async () => {
      const error = await failure(
        connectSalesforce({ ...clientCredentials(), clientSecret: 'wrong' } as SalesforceCredentials),
      );
      expect(error.code).toBe('salesforce_login_failed');
      expect(error.message).toMatch(
        /^Salesforce refused the client_credentials login at http:\/\/.+ \(invalid_client.*\); check the connected app and the SALESFORCE_\* settings\.$/,
      );
      expect(error.message).not.toContain('wrong');
    });

    it('an unreachable login URL: salesforce_unavailable', async () => {
      // A port that was free a moment ago: nothing listens there.
      const server = createServer();
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      await new Promise((resolve) => server.close(resolve));
      const loginUrl = `http://127.0.0.1:${port}`;
      const error = await failure(connectSalesforce({ ...clientCredentials(), loginUrl } as SalesforceCredentials));
      expect(error.code).toBe('salesforce_unavailable');
      expect(error.message).toBe(
        `Salesforce could not be reached at ${loginUrl} (ECONNREFUSED); the login is tried again with the next run.`,
      );
    });
  });

  describe('reads and writes', () => {
    it('queryPages pages at 2,000 rows, one call per page, or at a smaller batchSize', async () => {
      const crm = await connect();
      let m = await mark();
      const plain = await all(crm.queryPages('SELECT Id, Name FROM Account'));
      expect(plain.sizes).toEqual([2000, 2000, 1000]);
      expect(plain.rows[0]).not.toHaveProperty('attributes');
      expect(await apiCallsSince(m)).toHaveLength(3);
      m = await mark();
      const small = await all(crm.queryPages('SELECT Id FROM Account', { batchSize: 500 }));
      expect(small.sizes).toEqual(Array(10).fill(500));
      expect(await apiCallsSince(m)).toHaveLength(10);
    });

    it('update and upsert go as sObject Collections, ≤ 200 records per call, results in input order', async () => {
      const crm = await connect();
      const ids = accountIds.slice(0, 450);
      let m = await mark();
      const updated = await crm.update(
        'Account',
        ids.map((Id, i) => ({ Id, Description: `chunk ${i}` })),
      );
      expect(updated.map((r) => r.id)).toEqual(ids);
      expect(updated.every((r) => r.success)).toBe(true);
      const patches = await apiCallsSince(m);
      expect(patches.map((c) => [c.method, c.path])).toEqual(
        Array(3).fill(['PATCH', '/services/data/v62.0/composite/sobjects']),
      );

      m = await mark();
      const upserted = await crm.upsert(
        'Account',
        'Billing_Account_Number__c',
        Array.from({ length: 250 }, (_, i) => ({ Billing_Account_Number__c: `UPS-${i}`, Name: `Upserted ${i}` })),
      );
      expect(upserted.every((r) => r.success && r.created)).toBe(true);
      expect((await apiCallsSince(m)).map((c) => c.path)).toEqual(
        Array(2).fill('/services/data/v62.0/composite/sobjects/Account/Billing_Account_Number__c'),
      );
      const again = await crm.upsert('Account', 'Billing_Account_Number__c', [
        { Billing_Account_Number__c: 'UPS-7', Name: 'Upserted 7 again' },
      ]);
      expect(again[0]).toMatchObject({ id: upserted[7].id, success: true, created: false });
    });

    it('a 503 on a PATCH is retried, recorded, and the write succeeds', async () => {
      await control('POST', '/__localorg/faults', { kind: 'unavailable', method: 'PATCH', times: 1 });
      const crm = await connect();
      const m = await mark();
      const results = await crm.update(
        'Account',
        accountIds.slice(0, 5).map((Id) => ({ Id, Description: 'after a 503' })),
      );
      expect(results.every((r) => r.success)).toBe(true);
      expect((await apiCallsSince(m)).map((c) => c.status)).toEqual([503, 200]);
      expect(crm.retries).toEqual([
        expect.objectContaining({ operation: 'update Account', attempt: 1, code: 'SERVER_UNAVAILABLE' }),
      ]);
      expect(Date.parse(crm.retries[0].at)).not.toBeNaN();
    });

    it('a 503 on a GET is retried by the connector (jsforce retries off), with its own backoff', async () => {
      await control('POST', '/__localorg/faults', {
        kind: 'unavailable',
        method: 'GET',
        pathContains: '/query',
        times: 2,
      });
      const crm = await connect();
      const m = await mark();
      const started = performance.now();
      expect((await all(crm.queryPages('SELECT Id FROM Account LIMIT 1'))).rows).toHaveLength(1);
      expect((await apiCallsSince(m)).map((c) => c.status)).toEqual([503, 503, 200]);
      expect(crm.retries.map((r) => [r.operation, r.attempt, r.code])).toEqual([
        ['query', 1, 'SERVER_UNAVAILABLE'],
        ['query', 2, 'SERVER_UNAVAILABLE'],
      ]);
      // jsforce's own retries would have waited 0.5 s + 1 s.
      expect(performance.now() - started).toBeLessThan(500);
    });

    it('UNABLE_TO_LOCK_ROW for a whole request is retried as a whole', async () => {
      await control('POST', '/__localorg/faults', { kind: 'unable-to-lock-row', method: 'PATCH', times: 2 });
      const crm = await connect();
      const m = await mark();
      const results = await crm.update(
        'Account',
        accountIds.slice(0, 3).map((Id) => ({ Id, Description: 'after two locks' })),
      );
      expect(results.every((r) => r.success)).toBe(true);
      expect((await apiCallsSince(m)).map((c) => c.status)).toEqual([400, 400, 200]);
      expect(crm.retries.map((r) => [r.attempt, r.code])).toEqual([
        [1, 'UNABLE_TO_LOCK_ROW'],
        [2, 'UNABLE_TO_LOCK_ROW'],
      ]);
    });

    it('a 503 that does not end: salesforce_unavailable after the configured attempts', async () => {
      await control('POST', '/__localorg/faults', { kind: 'unavailable', method: 'PATCH' });
      const crm = await connect({ attempts: 3 });
      const error = await failure(crm.update('Account', [{ Id: accountIds[0], Description: 'never' }]));
      expect(error.code).toBe('salesforce_unavailable');
      expect(error.details).toMatchObject({ salesforceCode: 'SERVER_UNAVAILABLE', attempts: 3 });
      expect(crm.retries).toHaveLength(2);
    });

    it('a per-record UNABLE_TO_LOCK_ROW is retried for that record only', async () => {
      await control('POST', '/__localorg/faults', {
        kind: 'unable-to-lock-row',
        scope: 'record',
        pathContains: '/composite/sobjects',
        after: 3,
        times: 1,
      });
      const crm = await connect();
      const ids = accountIds.slice(10, 20);
      const m = await mark();
      const results = await crm.update(
        'Account',
        ids.map((Id) => ({ Id, Description: 'locked once' })),
      );
      expect(results.every((r) => r.success)).toBe(true);
      expect(results.map((r) => r.id)).toEqual(ids);
      expect(await apiCallsSince(m)).toHaveLength(2);
      const faults = (await control('GET', '/__localorg/faults')) as Array<{ seen: number; fired: number }>;
      // 10 records in the first call, then only the locked one again.
      expect(faults[0]).toMatchObject({ seen: 11, fired: 1 });
      expect(crm.retries).toEqual([
        expect.objectContaining({ operation: 'update Account', attempt: 1, code: 'UNABLE_TO_LOCK_ROW' }),
      ]);
      expect(crm.retries[0].message).toMatch(/^1 record\(s\) locked/);
    });

    it('an expired session logs in again and replays the call', async () => {
      const crm = await connect();
      await crm.describe('Account');
      await control('POST', '/__localorg/tokens/expire');
      const m = await mark();
      const { rows } = await all(crm.queryPages('SELECT Id FROM Account LIMIT 2'));
      expect(rows).toHaveLength(2);
      expect((await apiCallsSince(m)).map((c) => c.status)).toEqual([401, 200]);
      expect(crm.retries).toEqual([expect.objectContaining({ operation: 'session', code: 'INVALID_SESSION_ID' })]);
      // The describe, the refused query and its replay.
      expect(crm.calls).toBe(3);
      await sf.authorize({ grant_type: 'client_credentials' });
    });
  });

  describe('the API budget', () => {
    afterAll(async () => {
      await control('PATCH', '/__localorg/settings', { apiLimit: 15_000 });
    });

    it('refuses with api_budget_low once usage leaves less than the reserve, without spending the call', async () => {
      await control('PATCH', '/__localorg/settings', { apiLimit: 50 });
      const crm = await connect({ reservePercent: 20 });
      let error: RevbridgeError | undefined;
      for (let i = 0; i < 60 && !error; i++) {
        try {
          await all(crm.queryPages('SELECT Id FROM Account LIMIT 1'));
        } catch (caught) {
          error = caught as RevbridgeError;
        }
      }
      expect(error).toBeInstanceOf(RevbridgeError);
      expect(error!.code).toBe('api_budget_low');
      expect(error!.message).toBe(
        "Salesforce has used 40 of its 50 daily API calls; revbridge keeps the last 10 (20%) for the org's own users, so this work waits until the allowance recovers.",
      );
      expect(crm.usage()).toEqual({ used: 40, limit: 50 });
      const info = (await control('GET', '/__localorg/info')) as { apiUsage: { used: number } };
      expect(info.apiUsage.used).toBe(40);
    });

    it('REQUEST_LIMIT_EXCEEDED from Salesforce becomes api_budget_low', async () => {
      await control('POST', '/__localorg/faults', { kind: 'request-limit', times: 1 });
      const crm = await connect();
      const error = await failure(crm.describe('Account'));
      expect(error.code).toBe('api_budget_low');
      expect(error.message).toMatch(/REQUEST_LIMIT_EXCEEDED/);
    });

    it('a spent allowance (403 from the org itself) is api_budget_low too', async () => {
      await control('PATCH', '/__localorg/settings', { apiLimit: 1 });
      const crm = await connect({ reservePercent: 0 });
      await crm.describe('Account');
      const error = await failure(all(crm.queryPages('SELECT Id FROM Account LIMIT 1')));
      expect(error.code).toBe('api_budget_low');
    });
  });

  describe('Bulk API 2.0', () => {
    it('an update above the threshold is one ingest job: 5,000 records in a handful of calls, results in input order', async () => {
      const crm = await connect();
      const ids = accountIds.slice();
      const records = ids.map((Id, i) => ({ Id, Description: `bulk ${i}`, NumberOfEmployees: i }));
      // Two records Salesforce refuses: Name is required.
      records[17] = { ...records[17], Name: null } as never;
      records[4321] = { ...records[4321], Name: '' } as never;
      // CSV quoting: a comma, quotes, a line break.
      records[99] = { ...records[99], Description: 'He said "hi", then\nleft' };
      const m = await mark();
      const results = await crm.update('Account', records);
      const calls = await apiCallsSince(m);
      expect(calls.filter((c) => c.path.includes('/composite/'))).toHaveLength(0);
      expect(calls.length).toBeLessThanOrEqual(10);
      expect(
        calls
          .map((c) => `${c.method} ${c.path.replace(/\/750\w+/, '/{id}')}`)
          .filter((p) => !p.startsWith('GET /services/data/v62.0/jobs/ingest/{id}') || p.endsWith('Results')),
      ).toEqual([
        'POST /services/data/v62.0/jobs/ingest',
        'PUT /services/data/v62.0/jobs/ingest/{id}/batches',
        'PATCH /services/data/v62.0/jobs/ingest/{id}',
        'GET /services/data/v62.0/jobs/ingest/{id}/successfulResults',
        'GET /services/data/v62.0/jobs/ingest/{id}/failedResults',
      ]);
      expect(results).toHaveLength(5000);
      expect(results.map((r) => r.id)).toEqual(ids);
      expect(results.filter((r) => !r.success).length).toBe(2);
      expect(results[17]).toMatchObject({ success: false, errors: [{ code: 'REQUIRED_FIELD_MISSING' }] });
      expect(results[4321]).toMatchObject({ success: false, errors: [{ code: 'REQUIRED_FIELD_MISSING' }] });
      const check = await sf.query<{ Description: string; NumberOfEmployees: number }>(
        `SELECT Description, NumberOfEmployees FROM Account WHERE Id = '${ids[2500]}'`,
      );
      expect(check.records[0]).toMatchObject({ Description: 'bulk 2500', NumberOfEmployees: 2500 });
      const quoted = await sf.query<{ Description: string }>(`SELECT Description FROM Account WHERE Id = '${ids[99]}'`);
      expect(quoted.records[0].Description).toBe('He said "hi", then\nleft');
    });

    it('an upsert above the threshold is one ingest job by external id: created or not, in input order', async () => {
      const crm = await connect({ bulkThreshold: 100 });
      const records = Array.from({ length: 150 }, (_, i) => ({
        Billing_Account_Number__c: `BULK-${i}`,
        Name: `Bulk upsert ${i}`,
      }));
      const first = await crm.upsert('Account', 'Billing_Account_Number__c', records);
      expect(first.every((r) => r.success && r.created)).toBe(true);
      const m = await mark();
      const reordered = records
        .slice()
        .reverse()
        .map((r) => ({ ...r, Name: `${r.Name} again` }));
      const second = await crm.upsert('Account', 'Billing_Account_Number__c', reordered);
      expect(second.every((r) => r.success && r.created === false)).toBe(true);
      expect(second.map((r) => r.id)).toEqual(
        first
          .slice()
          .reverse()
          .map((r) => r.id),
      );
      expect((await apiCallsSince(m)).some((c) => c.path.endsWith('/jobs/ingest'))).toBe(true);
    });

    it('readAll: a small set as REST pages, one call each, typed as REST types it', async () => {
      const crm = await connect();
      const m = await mark();
      const { sizes, rows } = await all(
        crm.readAll('Account', ['Id', 'Name', 'NumberOfEmployees', 'Billing_Sync__c'], "Name LIKE 'Volume 4%'"),
      );
      expect(sizes).toEqual([1000]);
      for (const r of rows) {
        expect(typeof r.Billing_Sync__c).toBe('boolean');
        expect(r.NumberOfEmployees === null || typeof r.NumberOfEmployees === 'number').toBe(true);
      }
      expect(await apiCallsSince(m)).toHaveLength(1);
    });

    it('readAll: past bulkAbove, the rest comes from one Bulk query that starts after the first page, every row once, same types', async () => {
      await sf.update(
        'Account',
        accountIds.slice(0, 3).map((Id, i) => ({ Id, NumberOfEmployees: 10 + i, Billing_Sync__c: true })),
      );
      const crm = await connect();
      const m = await mark();
      const { sizes, rows } = await all(
        crm.readAll('Account', ['Id', 'Name', 'NumberOfEmployees', 'Billing_Sync__c'], "Name LIKE 'Volume%'", {
          bulkAbove: 3000,
          bulkPageSize: 1500,
        }),
      );
      expect(sizes).toEqual([2000, 1500, 1500]);
      expect(new Set(rows.map((r) => r.Id)).size).toBe(5000);
      const byId = new Map(rows.map((r) => [r.Id, r]));
      for (const [i, id] of accountIds.slice(0, 3).entries()) {
        expect(byId.get(id)).toMatchObject({ NumberOfEmployees: 10 + i, Billing_Sync__c: true });
      }
      const bulkRow = rows.slice(2000).find((r) => r.NumberOfEmployees === null)!;
      expect(bulkRow.Billing_Sync__c).toBe(false);
      const calls = await apiCallsSince(m);
      // One REST page, then the job: create, poll(s), two results pages.
      expect(calls.filter((c) => c.path.includes('/query?'))).toHaveLength(1);
      expect(calls.filter((c) => c.path.includes('/results'))).toHaveLength(2);
      expect(calls.length).toBeLessThanOrEqual(6);
    });

    it('count, then readAll expecting more than bulkAbove: straight to one Bulk query, no REST page', async () => {
      const crm = await connect();
      const m = await mark();
      const expected = await crm.count('Account', "Name LIKE 'Volume%'");
      expect(expected).toBe(5000);
      const { sizes, rows } = await all(
        crm.readAll('Account', ['Id', 'Name', 'NumberOfEmployees'], "Name LIKE 'Volume%'", {
          bulkAbove: 3000,
          bulkPageSize: 2500,
          expectedRows: expected,
        }),
      );
      expect(sizes).toEqual([2500, 2500]);
      expect(new Set(rows.map((r) => r.Id)).size).toBe(5000);
      // Typed from the describe, as REST rows are.
      expect(rows.every((r) => r.NumberOfEmployees === null || typeof r.NumberOfEmployees === 'number')).toBe(true);
      const calls = await apiCallsSince(m);
      // The count is the one REST query; then the job: create, poll(s), two results pages.
      expect(calls.filter((c) => c.path.includes('/query?'))).toHaveLength(1);
      expect(calls.filter((c) => c.path.includes('/results'))).toHaveLength(2);
      expect(calls.length).toBeLessThanOrEqual(6);
    });

    it('a Bulk query pages its results itself with Sforce-Locator', async () => {
      const crm = await connect();
      const m = await mark();
      const { sizes, rows } = await all(
        crm.queryPages("SELECT Id, Name, Parent.Name FROM Account WHERE Name LIKE 'Volume%'", {
          bulk: true,
          batchSize: 2000,
        }),
      );
      expect(sizes).toEqual([2000, 2000, 1000]);
      expect(new Set(rows.map((r) => r.Id)).size).toBe(5000);
      expect(rows[0]).toMatchObject({ Name: expect.stringMatching(/^Volume/), Parent: { Name: null } });
      const calls = await apiCallsSince(m);
      expect(calls.filter((c) => c.path.includes('/results'))).toHaveLength(3);
      expect(calls.filter((c) => c.method === 'POST')).toHaveLength(1);
    });
  });
});
