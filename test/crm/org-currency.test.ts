import { type LocalOrg, startLocalOrg } from '@revbridge/localorg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DESCRIBE_TTL_MS, DescribeCache } from '../../src/crm/describe-cache.ts';
import { connectSalesforce } from '../../src/crm/salesforce/salesforce-connection.ts';
import { RevbridgeError } from '../../src/domain/errors.ts';

interface LogEntry {
  method: string;
  path: string;
  status: number;
}

/** The org's currency through the connector: getUserInfo (partner SOAP API), then CurrencyType when multi-currency. */
describe("the connector's orgCurrency", () => {
  let single: LocalOrg;
  let multi: LocalOrg;

  const connect = (org: LocalOrg) =>
    connectSalesforce(
      {
        grant: 'client_credentials',
        loginUrl: org.credentials.loginUrl,
        clientId: org.credentials.clientId,
        clientSecret: org.credentials.clientSecret,
      },
      { backoffMs: 5 },
    );
  const control = async (org: LocalOrg, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${org.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(res.status, `${method} ${path}`).toBeLessThan(300);
    return (await res.json()) as unknown;
  };
  const mark = async (org: LocalOrg) =>
    ((await control(org, 'GET', '/__localorg/requests?since=0')) as { lastSeq: number }).lastSeq;
  const requestsSince = async (org: LocalOrg, since: number) =>
    ((await control(org, 'GET', `/__localorg/requests?since=${since}`)) as { requests: LogEntry[] }).requests
      .filter((r) => r.path.startsWith('/services/data/v') || r.path.startsWith('/services/Soap/'))
      .map((r) => `${r.status} ${r.method} ${r.path.replace(/\?.*/, '')}`);

  beforeAll(async () => {
    single = await startLocalOrg({ port: 0, seed: 'empty', singleCurrency: true, currency: 'GBP' });
    multi = await startLocalOrg({ port: 0, seed: 'demo', currency: 'EUR' });
  });
  afterAll(async () => {
    await single?.close();
    await multi?.close();
  });
  beforeEach(async () => {
    await control(single, 'DELETE', '/__localorg/faults');
    await control(multi, 'DELETE', '/__localorg/faults');
  });

  it("a single-currency org's currency costs one SOAP call, asked once per connection", async () => {
    const crm = await connect(single);
    const m = await mark(single);
    expect(await crm.orgCurrency()).toBe('GBP');
    expect(await crm.orgCurrency()).toBe('GBP');
    expect(await requestsSince(single, m)).toEqual(['200 POST /services/Soap/u/62.0']);
    expect(crm.calls).toBe(1);
  });

  it("a multi-currency org's is its corporate currency: getUserInfo, then CurrencyType", async () => {
    const crm = await connect(multi);
    const m = await mark(multi);
    expect(await crm.orgCurrency()).toBe('EUR');
    expect(await requestsSince(multi, m)).toEqual([
      '200 POST /services/Soap/u/62.0',
      '200 GET /services/data/v62.0/query',
    ]);
    expect(crm.calls).toBe(2);
  });

  it('an expired session is renewed and the SOAP call replayed, as for REST', async () => {
    const crm = await connect(single);
    await control(single, 'POST', '/__localorg/faults', { kind: 'expire-session', pathContains: '/Soap/', times: 1 });
    expect(await crm.orgCurrency()).toBe('GBP');
    expect(crm.retries.map((r) => [r.operation, r.code])).toEqual([['session', 'INVALID_SESSION_ID']]);
  });

  it('a transient failure is retried and recorded; one that lasts is salesforce_unavailable, not remembered', async () => {
    const crm = await connect(single);
    await control(single, 'POST', '/__localorg/faults', { kind: 'unavailable', pathContains: '/Soap/', times: 1 });
    expect(await crm.orgCurrency()).toBe('GBP');
    expect(crm.retries.map((r) => [r.operation, r.attempt, r.code])).toEqual([['user info', 1, 'SERVER_UNAVAILABLE']]);

    const down = await connect(single);
    await control(single, 'POST', '/__localorg/faults', { kind: 'unavailable', pathContains: '/Soap/', times: 5 });
    const error = await down.orgCurrency().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RevbridgeError);
    expect(error).toMatchObject({ code: 'salesforce_unavailable', details: { operation: 'user info', attempts: 5 } });
    expect(await down.orgCurrency()).toBe('GBP');
  });

  it("the org's REQUEST_LIMIT_EXCEEDED stops the connection, as on REST", async () => {
    const crm = await connect(single);
    await control(single, 'POST', '/__localorg/faults', { kind: 'request-limit', pathContains: '/Soap/', times: 1 });
    const error = await crm.orgCurrency().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'api_budget_low' });
  });

  it('the DescribeCache shares it between connections for DESCRIBE_TTL_MS, like describes', async () => {
    let now = 1_000_000;
    const cache = new DescribeCache(() => now);
    const m = await mark(single);
    expect(await cache.wrap(await connect(single)).orgCurrency()).toBe('GBP');
    expect(await cache.wrap(await connect(single)).orgCurrency()).toBe('GBP');
    expect(await requestsSince(single, m)).toHaveLength(1);
    now += DESCRIBE_TTL_MS;
    expect(await cache.wrap(await connect(single)).orgCurrency()).toBe('GBP');
    expect(await requestsSince(single, m)).toHaveLength(2);
  });
});
