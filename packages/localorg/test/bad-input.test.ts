import { describe, expect, it } from 'vitest';
import { useTestOrg } from './helpers.ts';

/**
 * Malformed requests of every kind must get Salesforce's error shape (a JSON array with errorCode
 * and message, or OAuth's {error, error_description}), never a 500 or a stack trace.
 */
describe('bad input never breaks the org', () => {
  const t = useTestOrg({ seed: 'demo' });

  const bodies: unknown[] = [
    '',
    'null',
    '[]',
    '"text"',
    '42',
    '{"records": "nope"}',
    '{"records": [null, 1, "x"]}',
    '{"records": [{"attributes": {}}]}',
    '{"records": [{"attributes": {"type": "Nope"}, "Name": "x"}]}',
    '{"Name": {"deep": [1, 2, {"x": null}]}}',
    '{"Name": ["a"], "ParentId": 7, "CloseDate": "2026-02-30", "Amount": "1e400"}',
    '{"compositeRequest": [{"method": "GET"}]}',
    '{"compositeRequest": [{"method": "POST", "url": "/services/data/v62.0/sobjects/Account", "referenceId": "a", "body": "x"}]}',
    '{"ids": "x", "fields": 3}',
    '{"object": "Account", "operation": "explode"}',
    '{"query": 5}',
    '{"state": "Weird"}',
    '{"',
  ];
  const paths = [
    ['POST', '/sobjects/Account'],
    ['POST', '/sobjects/Opportunity'],
    ['PATCH', '/sobjects/Account/001000000000000AAA'],
    ['PATCH', '/sobjects/Account/Id/001000000000000AAA'],
    ['PATCH', '/sobjects/Account/Name/x'],
    ['POST', '/composite/sobjects'],
    ['PATCH', '/composite/sobjects'],
    ['PATCH', '/composite/sobjects/Product2/ExternalId'],
    ['POST', '/composite/sobjects/Account'],
    ['DELETE', '/composite/sobjects?ids=,,x'],
    ['POST', '/composite'],
    ['POST', '/composite/tree/Account'],
    ['POST', '/jobs/ingest'],
    ['POST', '/jobs/query'],
    ['PATCH', '/jobs/ingest/750000000000000AAA'],
    ['GET', '/query?q=SELECT'],
    ['GET', '/query?q=SELECT%20Id%20FROM%20Account%20WHERE%20Name%20%3D'],
    ['GET', '/query?q=SELECT%20Id%2C%20(SELECT%20Id%20FROM%20Nope)%20FROM%20Account'],
    ['GET', '/sobjects/Account/updated?start=x&end=y'],
    ['GET', '/sobjects/Nope/describe'],
  ] as const;

  it.each(paths)('%s %s answers every malformed body with a coded error', async (method, path) => {
    for (const body of bodies) {
      const res = await t.http(method, `/services/data/v62.0${path}`, method === 'GET' ? undefined : (body as string), {
        Authorization: `Bearer ${t.conn.accessToken}`,
        'Content-Type': 'application/json',
      });
      const text = await res.text();
      expect(res.status, `${method} ${path} ${String(body)} → ${text}`).toBeLessThan(500);
      expect(text).not.toMatch(/at .+\.ts:\d+/);
      if (res.status >= 400) {
        const parsed = JSON.parse(text);
        const first = Array.isArray(parsed) ? parsed[0] : parsed;
        expect(first.errorCode ?? first.results?.[0]?.errors?.[0]?.statusCode, text).toBeTruthy();
        expect(first.message ?? first.results?.[0]?.errors?.[0]?.message, text).toBeTruthy();
      }
      if (method === 'GET') break;
    }
  });

  it('nothing was written by any of it', async () => {
    const counts = (await (await t.http('GET', '/__localorg/info')).json()) as {
      records: Array<{ name: string; count: number }>;
    };
    const accounts = counts.records.find((r) => r.name === 'Account')!.count;
    expect(accounts).toBe(14);
  });

  it('bad OAuth requests get OAuth errors', async () => {
    for (const body of ['', 'grant_type=', 'grant_type=password', 'grant_type=refresh_token&refresh_token=x', '%%%']) {
      const res = await t.http('POST', '/services/oauth2/token', body, {
        'Content-Type': 'application/x-www-form-urlencoded',
      });
      expect(res.status).toBe(400);
      const json = (await res.json()) as { error: string; error_description: string };
      expect(json.error).toBeTruthy();
      expect(json.error_description).toBeTruthy();
    }
  });
});
