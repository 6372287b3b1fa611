import { beforeEach, describe, expect, it } from 'vitest';
import { failure, useTestOrg } from './helpers.ts';

const BASE = '/services/data/v62.0';

describe('Bulk API 2.0 query jobs', () => {
  const t = useTestOrg({ resetEach: true });
  beforeEach(async () => {
    await t.http('POST', '/__localorg/clock', { now: '2024-01-02T17:38:59.000Z', frozen: true });
  });

  const call = (method: string, path: string, body?: unknown) =>
    t.http(method, BASE + path, body, { Authorization: `Bearer ${t.conn.accessToken}` });
  const createJob = async (body: Record<string, unknown>) => {
    const res = await call('POST', '/jobs/query', body);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> & Array<Record<string, unknown>> };
  };
  const completed = async (body: Record<string, unknown>) => {
    const { body: job } = await createJob(body);
    for (;;) {
      const info = (await (await call('GET', `/jobs/query/${job.id}`)).json()) as Record<string, unknown>;
      if (info.state === 'JobComplete') return info;
      expect(['UploadComplete', 'InProgress']).toContain(info.state);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  const seedAccounts = async (n: number) => {
    const records = Array.from({ length: n }, (_, i) => ({ Name: `Account ${String(i).padStart(3, '0')}` }));
    for (let i = 0; i < records.length; i += 200) await t.conn.sobject('Account').create(records.slice(i, i + 200));
  };

  it('jsforce bulk2.query reads a single-page result; values are written as Bulk writes them', async () => {
    const parent = await t.conn.sobject('Account').create({ Name: 'Parent', NumberOfEmployees: 12 });
    await t.conn.sobject('Account').create({ Name: 'Child "A", Inc.', ParentId: parent.id, AnnualRevenue: 1500000 });
    const soql =
      'SELECT Id, Name, Parent.Name, NumberOfEmployees, AnnualRevenue, CreatedDate, IsDeleted FROM Account ORDER BY Name';
    const records = await (await t.conn.bulk2.query(soql, { pollInterval: 20, pollTimeout: 10_000 })).toArray();
    expect(records).toEqual([
      {
        Id: expect.stringMatching(/^001\w{15}$/),
        Name: 'Child "A", Inc.',
        'Parent.Name': 'Parent',
        NumberOfEmployees: '',
        AnnualRevenue: '1500000',
        CreatedDate: '2024-01-02T17:38:59.000Z',
        IsDeleted: 'false',
      },
      {
        Id: parent.id,
        Name: 'Parent',
        'Parent.Name': '',
        NumberOfEmployees: '12',
        AnnualRevenue: '',
        CreatedDate: '2024-01-02T17:38:59.000Z',
        IsDeleted: 'false',
      },
    ]);
  });

  it('answers the job shapes: created as UploadComplete, then JobComplete with counters', async () => {
    await seedAccounts(3);
    const created = await createJob({ operation: 'query', query: 'SELECT Id FROM Account' });
    expect(created.status).toBe(200);
    expect(Object.keys(created.body)).toEqual([
      'id',
      'operation',
      'object',
      'createdById',
      'createdDate',
      'systemModstamp',
      'state',
      'concurrencyMode',
      'contentType',
      'apiVersion',
      'jobType',
      'lineEnding',
      'columnDelimiter',
    ]);
    expect(created.body).toMatchObject({
      operation: 'query',
      object: 'Account',
      state: 'UploadComplete',
      createdDate: '2024-01-02T17:38:59.000+0000',
      jobType: 'V2Query',
      apiVersion: 62,
      lineEnding: 'LF',
      columnDelimiter: 'COMMA',
    });
    expect(created.body.id).toMatch(/^750\w{15}$/);
    const done = await completed({ operation: 'query', query: 'SELECT Id FROM Account' });
    expect(done).toMatchObject({ state: 'JobComplete', numberRecordsProcessed: 3, retries: 0, jobType: 'V2Query' });
    expect(done.totalProcessingTime).toEqual(expect.any(Number));
  });

  it('pages with maxRecords: header on every page, Sforce-Locator, and the literal null at the end', async () => {
    await seedAccounts(5);
    const job = await completed({ operation: 'query', query: 'SELECT Name FROM Account ORDER BY Name' });
    const pages: Array<{ count: string | null; locator: string | null; text: string }> = [];
    let locator: string | null = null;
    do {
      const res = await call(
        'GET',
        `/jobs/query/${job.id}/results?maxRecords=2${locator ? `&locator=${locator}` : ''}`,
      );
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/csv');
      locator = res.headers.get('sforce-locator');
      pages.push({ count: res.headers.get('sforce-numberofrecords'), locator, text: await res.text() });
    } while (locator !== 'null');
    expect(pages.map((p) => p.count)).toEqual(['2', '2', '1']);
    expect(pages[2].locator).toBe('null');
    expect(pages[0].locator).not.toBe(pages[1].locator);
    expect(pages.map((p) => p.text)).toEqual([
      '"Name"\n"Account 000"\n"Account 001"\n',
      '"Name"\n"Account 002"\n"Account 003"\n',
      '"Name"\n"Account 004"\n',
    ]);
    const again = await call('GET', `/jobs/query/${job.id}/results?maxRecords=2&locator=${pages[0].locator}`);
    expect(await again.text()).toBe(pages[1].text);
    const whole = await call('GET', `/jobs/query/${job.id}/results`);
    expect(whole.headers.get('sforce-locator')).toBe('null');
    expect(whole.headers.get('sforce-numberofrecords')).toBe('5');
  });

  it('pages with raw fetch as the integration must (jsforce bulk2.query cannot span pages)', async () => {
    await seedAccounts(7);
    const job = await completed({ operation: 'query', query: 'SELECT Id, Name FROM Account' });
    const seen: string[] = [];
    let locator = '';
    for (let guard = 0; guard < 10; guard++) {
      const res = await fetch(
        `${t.url}${BASE}/jobs/query/${job.id}/results?maxRecords=3${locator ? `&locator=${locator}` : ''}`,
        {
          headers: { Authorization: `Bearer ${t.conn.accessToken}`, Accept: 'text/csv' },
        },
      );
      const [header, ...rows] = (await res.text()).trim().split('\n');
      expect(header).toBe('"Id","Name"');
      seen.push(...rows);
      locator = res.headers.get('sforce-locator') ?? '';
      if (locator === 'null') break;
    }
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
  });

  it('queryAll includes deleted rows; delimiter and line ending follow the job', async () => {
    const [keep, gone] = (await t.conn.sobject('Account').create([{ Name: 'Keep' }, { Name: 'Gone' }])).map(
      (r) => r.id,
    );
    await t.conn.sobject('Account').destroy(gone as string);
    const job = await completed({
      operation: 'queryAll',
      query: 'SELECT Id, IsDeleted FROM Account ORDER BY Name',
      columnDelimiter: 'PIPE',
      lineEnding: 'CRLF',
    });
    const text = await (await call('GET', `/jobs/query/${job.id}/results`)).text();
    expect(text).toBe(`"Id"|"IsDeleted"\r\n"${gone}"|"true"\r\n"${keep}"|"false"\r\n`);
  });

  it('a result without rows is the header alone', async () => {
    const job = await completed({ operation: 'query', query: 'SELECT Id, Name, Owner.Name FROM Account' });
    const res = await call('GET', `/jobs/query/${job.id}/results`);
    expect(res.headers.get('sforce-numberofrecords')).toBe('0');
    expect(res.headers.get('sforce-locator')).toBe('null');
    expect(await res.text()).toBe('"Id","Name","Owner.Name"\n');
  });

  it('answers a bad query at creation with 400, as REST does', async () => {
    const field = await createJob({ operation: 'query', query: 'SELECT Nope__c FROM Account' });
    expect(field.status).toBe(400);
    expect(field.body[0]).toMatchObject({
      errorCode: 'INVALID_FIELD',
      message: expect.stringContaining("No such column 'Nope__c'"),
    });
    const type = await createJob({ operation: 'query', query: 'SELECT Id FROM Nope__c' });
    expect(type.body[0].errorCode).toBe('INVALID_TYPE');
    const syntax = await createJob({ operation: 'query', query: 'SELECT FROM' });
    expect(syntax.body[0].errorCode).toBe('MALFORMED_QUERY');
    const aggregate = await createJob({ operation: 'query', query: 'SELECT COUNT() FROM Account' });
    expect(aggregate.status).toBe(400);
    const op = await createJob({ operation: 'select', query: 'SELECT Id FROM Account' });
    expect(op.body[0].errorCode).toBe('INVALIDJOB');
    const viaJsforce = await failure(t.conn.bulk2.query('SELECT Nope__c FROM Account'));
    expect(viaJsforce.errorCode).toBe('INVALID_FIELD');
  });

  it('refuses results before JobComplete, bad locators and bad maxRecords; unknown jobs are 404', async () => {
    await seedAccounts(2);
    const job = await completed({ operation: 'query', query: 'SELECT Id FROM Account' });
    const id = job.id as string;
    // A job this small completes before the next request arrives; hold it mid-way to ask too early.
    const stored = t.app.bulk.query(id);
    stored.state = 'InProgress';
    const early = await call('GET', `/jobs/query/${id}/results`);
    stored.state = 'JobComplete';
    expect(early.status).toBe(400);
    expect(((await early.json()) as Array<{ errorCode: string }>)[0].errorCode).toBe('INVALIDJOBSTATE');
    expect((await call('GET', `/jobs/query/${id}/results?locator=bogus`)).status).toBe(400);
    expect((await call('GET', `/jobs/query/${id}/results?maxRecords=0`)).status).toBe(400);
    const missing = await call('GET', '/jobs/query/750000000000000AAA/results');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual([
      { errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' },
    ]);
    expect((await call('GET', `/jobs/ingest/${id}`)).status).toBe(404);
  });

  it('lists, refuses aborting a finished job, and deletes', async () => {
    const job = await completed({ operation: 'query', query: 'SELECT Id FROM Account' });
    const list = (await (await call('GET', '/jobs/query')).json()) as { done: boolean; records: Array<{ id: string }> };
    expect(list.done).toBe(true);
    expect(list.records.map((r) => r.id)).toEqual([job.id]);
    const abort = await call('PATCH', `/jobs/query/${job.id}`, { state: 'Aborted' });
    expect(abort.status).toBe(400);
    expect((await call('DELETE', `/jobs/query/${job.id}`)).status).toBe(204);
    expect((await call('GET', `/jobs/query/${job.id}`)).status).toBe(404);
  });
});
