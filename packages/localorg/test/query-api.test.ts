import { beforeAll, describe, expect, it } from 'vitest';
import { failure, useTestOrg } from './helpers.ts';

describe('query and queryMore through jsforce', () => {
  const t = useTestOrg();
  beforeAll(async () => {
    const batches = Array.from({ length: 23 }, (_, b) =>
      Array.from({ length: 200 }, (_, i) => ({ Name: `Account ${String(b * 200 + i).padStart(5, '0')}` })),
    );
    for (const batch of batches) await t.conn.sobject('Account').create(batch);
  });

  it('returns 2,000-row pages with nextRecordsUrl; autoFetch follows them', async () => {
    const first = await t.conn.query('SELECT Id, Name FROM Account ORDER BY Name');
    expect(first.totalSize).toBe(4600);
    expect(first.done).toBe(false);
    expect(first.records).toHaveLength(2000);
    expect(first.nextRecordsUrl).toMatch(/\/services\/data\/v62\.0\/query\/01g[^/]+-2000$/);
    const before = t.calls();
    const all = await t.conn
      .query('SELECT Id, Name FROM Account ORDER BY Name')
      .execute({ autoFetch: true, maxFetch: 10_000 });
    expect(t.calls() - before).toBe(3);
    expect(all.records).toHaveLength(4600);
    expect((all.records[4599] as { Name: string }).Name).toBe('Account 04599');
  });

  it('Sforce-Query-Options batchSize sets the page size', async () => {
    const res = await t.http(
      'GET',
      `/services/data/v62.0/query?q=${encodeURIComponent('SELECT Id FROM Account')}`,
      undefined,
      {
        Authorization: `Bearer ${t.conn.accessToken}`,
        'Sforce-Query-Options': 'batchSize=500',
      },
    );
    const body = (await res.json()) as { records: unknown[]; nextRecordsUrl: string };
    expect(body.records).toHaveLength(500);
    const more = (await t.conn.queryMore(body.nextRecordsUrl)) as { records: unknown[] };
    expect(more.records).toHaveLength(500);
  });

  it('queryAll locators are served too, and an unknown locator is INVALID_QUERY_LOCATOR', async () => {
    const page = await t.conn.query('SELECT Id FROM Account').scanAll(true).execute({ autoFetch: false });
    expect(page.totalSize).toBe(4600);
    const err = await failure(t.conn.queryMore('/services/data/v62.0/query/01gnothere-2000'));
    expect(err.errorCode).toBe('INVALID_QUERY_LOCATOR');
  });

  it('COUNT() returns the total only', async () => {
    const res = await t.conn.query("SELECT COUNT() FROM Account WHERE Name LIKE 'Account 00%'");
    expect(res).toMatchObject({ totalSize: 1000, done: true, records: [] });
  });

  it('bad SOQL is a 400 with Salesforce codes', async () => {
    expect((await failure(t.conn.query('SELECT Id FRM Account'))).errorCode).toBe('MALFORMED_QUERY');
    expect((await failure(t.conn.query('SELECT Nope FROM Account'))).errorCode).toBe('INVALID_FIELD');
    expect((await failure(t.conn.query('SELECT Id FROM Nope'))).errorCode).toBe('INVALID_TYPE');
    expect(
      (await failure(t.conn.query("SELECT Id FROM Account WHERE Name = 'a' AND Name = 'b' OR Name = 'c'"))).errorCode,
    ).toBe('MALFORMED_QUERY');
  });
});
