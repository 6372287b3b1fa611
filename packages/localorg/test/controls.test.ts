import { Connection } from 'jsforce';
import { beforeEach, describe, expect, it } from 'vitest';
import { API_VERSION, failure, startTestOrg, type TestOrg, useTestOrg } from './helpers.ts';

describe('limits, request log and fault injection', () => {
  const t = useTestOrg({ resetEach: true });
  beforeEach(async () => {
    await t.http('DELETE', '/__localorg/faults');
  });

  it('every API response carries Sforce-Limit-Info; jsforce reads it', async () => {
    await t.conn.query('SELECT Id FROM Account');
    expect(t.conn.limitInfo.apiUsage?.limit).toBe(15000);
    const used = t.conn.limitInfo.apiUsage!.used;
    await t.conn.query('SELECT Id FROM Account');
    expect(t.conn.limitInfo.apiUsage!.used).toBe(used + 1);
    const limits = (await t.conn.limits()) as { DailyApiRequests: { Max: number; Remaining: number } };
    expect(limits.DailyApiRequests.Max).toBe(15000);
    expect(limits.DailyApiRequests.Remaining).toBe(15000 - used - 2);
  });

  it('the request log counts API calls with method, path and status', async () => {
    const { lastSeq } = (await (await t.http('GET', '/__localorg/requests')).json()) as { lastSeq: number };
    await t.conn.sobject('Account').create({ Name: 'Logged' });
    await failure(t.conn.sobject('Account').create({}));
    const log = (await (await t.http('GET', `/__localorg/requests?since=${lastSeq}`)).json()) as {
      requests: Array<{ method: string; path: string; status: number }>;
    };
    expect(log.requests.map((r) => [r.method, r.path, r.status])).toEqual([
      ['POST', '/services/data/v62.0/sobjects/Account', 201],
      ['POST', '/services/data/v62.0/sobjects/Account', 400],
    ]);
  });

  it('a spent daily allowance answers 403 REQUEST_LIMIT_EXCEEDED', async () => {
    const app = (await startTestOrg({ apiLimit: 3 })) as TestOrg;
    try {
      await app.conn.query('SELECT Id FROM Account');
      await app.conn.query('SELECT Id FROM Account');
      await app.conn.query('SELECT Id FROM Account');
      const err = await failure(app.conn.query('SELECT Id FROM Account'));
      expect(err.errorCode).toBe('REQUEST_LIMIT_EXCEEDED');
      expect(err.message).toBe('TotalRequests Limit exceeded.');
    } finally {
      await app.close();
    }
  });

  it('REQUEST_LIMIT_EXCEEDED after N calls, as a fault', async () => {
    await t.http('POST', '/__localorg/faults', { kind: 'request-limit', after: 2 });
    await t.conn.query('SELECT Id FROM Account');
    await t.conn.query('SELECT Id FROM Account');
    const err = await failure(t.conn.query('SELECT Id FROM Account'));
    expect(err.errorCode).toBe('REQUEST_LIMIT_EXCEEDED');
  });

  it('UNABLE_TO_LOCK_ROW on writes to a path, once', async () => {
    await t.http('POST', '/__localorg/faults', {
      kind: 'unable-to-lock-row',
      method: 'POST',
      pathContains: '/sobjects/Account',
      times: 1,
    });
    const err = await failure(t.conn.sobject('Account').create({ Name: 'Locked' }));
    expect(err.errorCode).toBe('UNABLE_TO_LOCK_ROW');
    expect(err.message).toMatch(/^unable to obtain exclusive access to this record or 1 records: 005/);
    expect((await t.conn.sobject('Account').create({ Name: 'Retried' })).success).toBe(true);
    expect((await t.conn.query('SELECT COUNT() FROM Account')).totalSize).toBe(1);
  });

  it('a 503 on a GET is retried by jsforce and then succeeds', async () => {
    await t.http('POST', '/__localorg/faults', {
      kind: 'unavailable',
      method: 'GET',
      pathContains: '/query',
      times: 1,
    });
    const result = await t.conn.query('SELECT Id FROM Pricebook2');
    expect(result.totalSize).toBe(1);
    const log = (await (await t.http('GET', '/__localorg/requests')).json()) as { requests: Array<{ status: number }> };
    expect(log.requests.slice(-2).map((r) => r.status)).toEqual([503, 200]);
  });

  it('session expiry as a fault drives jsforce refresh through refreshFn', async () => {
    let refreshed = 0;
    const conn = new Connection({
      version: API_VERSION,
      oauth2: { loginUrl: t.url, clientId: t.app.credentials.clientId, clientSecret: t.app.credentials.clientSecret },
      refreshFn: (c, callback) => {
        refreshed++;
        const fresh = new Connection({ version: API_VERSION, oauth2: c.oauth2 });
        fresh.authorize({ grant_type: 'client_credentials' }).then(
          () => callback(null, fresh.accessToken!),
          (error) => callback(error),
        );
      },
    });
    await conn.authorize({ grant_type: 'client_credentials' });
    await t.http('POST', '/__localorg/faults', { kind: 'expire-session', times: 1 });
    expect((await conn.query('SELECT Id FROM Pricebook2')).totalSize).toBe(1);
    expect(refreshed).toBe(1);
  });

  it('latency is added to matching requests', async () => {
    await t.http('POST', '/__localorg/faults', { kind: 'latency', ms: 150, pathContains: '/query', times: 1 });
    await t.conn.query('SELECT Id FROM Account');
    await t.conn.query('SELECT Id FROM Account');
    const log = (await (await t.http('GET', '/__localorg/requests')).json()) as { requests: Array<{ ms: number }> };
    const [delayed, normal] = log.requests.slice(-2).map((r) => r.ms);
    expect(delayed).toBeGreaterThanOrEqual(145);
    expect(normal).toBeLessThan(145);
  });

  it('bad control requests are rejected with a message', async () => {
    const res = await t.http('POST', '/__localorg/faults', { kind: 'meteor' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as Array<{ message: string }>)[0].message).toMatch(/^kind must be one of/);
    const clock = await t.http('POST', '/__localorg/clock', { now: 'yesterday' });
    expect(clock.status).toBe(400);
  });

  it('the clock is settable and advances', async () => {
    await t.http('POST', '/__localorg/clock', { now: '2026-01-31T00:00:00Z' });
    await t.http('POST', '/__localorg/clock', { advanceDays: 1 });
    const clock = (await (await t.http('GET', '/__localorg/clock')).json()) as { now: string; frozen: boolean };
    expect(clock).toEqual({ now: '2026-02-01T00:00:00.000Z', frozen: true });
    await t.http('POST', '/__localorg/clock', { real: true });
  });
});

describe('the org time zone', () => {
  it('an unknown time zone stops the org from starting, with a clear message', async () => {
    await expect(startTestOrg({ settings: { timeZone: 'Mars/Olympus_Mons' } })).rejects.toThrow(
      'unknown time zone "Mars/Olympus_Mons": the org\'s timeZone must be an IANA name such as "UTC" or "Europe/Berlin"',
    );
  });

  it('a known one is what date literals resolve in over the API; settings refuse an unknown one', async () => {
    const t = await startTestOrg({ settings: { timeZone: 'Asia/Tokyo' } });
    try {
      // 2026-03-01T20:00Z is already March 2nd in Tokyo.
      await t.http('POST', '/__localorg/clock', { now: '2026-03-01T20:00:00Z' });
      await t.conn.sobject('Opportunity').create([
        { Name: 'Today in Tokyo', StageName: 'Prospecting', CloseDate: '2026-03-02' },
        { Name: 'Today in UTC', StageName: 'Prospecting', CloseDate: '2026-03-01' },
      ]);
      const today = await t.conn.query<{ Name: string }>('SELECT Name FROM Opportunity WHERE CloseDate = TODAY');
      expect(today.records.map((r) => r.Name)).toEqual(['Today in Tokyo']);
      const res = await t.http('PATCH', '/__localorg/settings', { timeZone: 'Europe/Atlantis' });
      expect(res.status).toBe(400);
      expect(((await res.json()) as Array<{ message: string }>)[0].message).toBe('unknown time zone Europe/Atlantis');
      expect(t.app.org.settings.timeZone).toBe('Asia/Tokyo');
    } finally {
      await t.close();
    }
  });
});
