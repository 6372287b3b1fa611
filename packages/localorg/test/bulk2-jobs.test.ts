import { describe, expect, it } from 'vitest';
import { CHUNK_ROWS } from '../src/bulk2/ingest-run.ts';
import { failure, useTestOrg } from './helpers.ts';

const BASE = '/services/data/v62.0';

describe('Bulk API 2.0 ingest job lifecycle over raw HTTP', () => {
  const t = useTestOrg({ resetEach: true });

  const call = (method: string, path: string, body?: unknown, type?: string) =>
    t.http(method, BASE + path, body, {
      Authorization: `Bearer ${t.conn.accessToken}`,
      ...(type ? { 'Content-Type': type } : {}),
    });
  const json = async (res: Response) => (await res.json()) as Record<string, unknown>;
  const errorOf = async (res: Response) => ({ status: res.status, body: await res.json() });
  const open = async (body: Record<string, unknown> = { object: 'Account', operation: 'insert' }) =>
    json(await call('POST', '/jobs/ingest', body));
  const info = async (id: string) => json(await call('GET', `/jobs/ingest/${id}`));
  const waitFor = async (id: string) => {
    for (;;) {
      const job = await info(id);
      if (job.state !== 'UploadComplete' && job.state !== 'InProgress') return job;
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  it('creates a job with the JobInfo shape Salesforce answers, apiVersion written as 62.0', async () => {
    const res = await call('POST', '/jobs/ingest', {
      object: 'account',
      operation: 'upsert',
      externalIdFieldName: 'Id',
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('"apiVersion":62.0,');
    const job = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(job)).toEqual([
      'id',
      'operation',
      'object',
      'createdById',
      'createdDate',
      'systemModstamp',
      'state',
      'externalIdFieldName',
      'concurrencyMode',
      'contentType',
      'apiVersion',
      'jobType',
      'contentUrl',
      'lineEnding',
      'columnDelimiter',
    ]);
    expect(job).toMatchObject({
      operation: 'upsert',
      object: 'Account',
      createdById: t.app.org.integrationUserId,
      state: 'Open',
      externalIdFieldName: 'Id',
      concurrencyMode: 'Parallel',
      contentType: 'CSV',
      apiVersion: 62,
      jobType: 'V2Ingest',
      contentUrl: `services/data/v62.0/jobs/ingest/${job.id}/batches`,
      lineEnding: 'LF',
      columnDelimiter: 'COMMA',
    });
    expect(job.id).toMatch(/^750[A-Za-z0-9]{15}$/);
    expect(job.createdDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000\+0000$/);
  });

  it('refuses bad job requests with Salesforce error arrays', async () => {
    expect(await errorOf(await call('POST', '/jobs/ingest', { object: 'Nope__c', operation: 'insert' }))).toMatchObject(
      {
        status: 400,
        body: [
          { errorCode: 'INVALID_TYPE', message: expect.stringContaining("sObject type 'Nope__c' is not supported") },
        ],
      },
    );
    expect(await errorOf(await call('POST', '/jobs/ingest', { object: 'Account', operation: 'merge' }))).toMatchObject({
      status: 400,
      body: [{ errorCode: 'INVALIDJOB', message: expect.stringContaining('Invalid operation: merge') }],
    });
    expect(await errorOf(await call('POST', '/jobs/ingest', { object: 'Account', operation: 'upsert' }))).toEqual({
      status: 400,
      body: [
        {
          errorCode: 'INVALIDJOB',
          message: 'External ID was blank for Account. An External ID must be specified for upsert.',
        },
      ],
    });
    const notExternal = await call('POST', '/jobs/ingest', {
      object: 'Account',
      operation: 'upsert',
      externalIdFieldName: 'Phone',
    });
    expect((await errorOf(notExternal)).body).toEqual([
      {
        errorCode: 'INVALIDJOB',
        message:
          'Field name provided, Phone does not match an External ID, Salesforce Id, or indexed field for Account',
      },
    ]);
    const delimiter = await call('POST', '/jobs/ingest', {
      object: 'Account',
      operation: 'insert',
      columnDelimiter: 'COLON',
    });
    expect((await errorOf(delimiter)).body).toMatchObject([{ errorCode: 'INVALIDJOB' }]);
  });

  it('appends several uploads, processes after UploadComplete and refuses later uploads and transitions', async () => {
    const job = await open();
    const id = job.id as string;
    expect((await call('PUT', `/jobs/ingest/${id}/batches`, 'Name\nOne\n', 'text/csv')).status).toBe(201);
    expect((await call('PUT', `/jobs/ingest/${id}/batches`, 'Name\nTwo\nThree\n', 'text/csv')).status).toBe(201);
    const early = await call('GET', `/jobs/ingest/${id}/successfulResults`);
    expect((await errorOf(early)).body).toMatchObject([{ errorCode: 'INVALIDJOBSTATE' }]);
    const closed = await json(await call('PATCH', `/jobs/ingest/${id}`, { state: 'UploadComplete' }));
    expect(closed).toMatchObject({ id, state: 'UploadComplete' });
    const again = await call('PATCH', `/jobs/ingest/${id}`, { state: 'UploadComplete' });
    expect(await errorOf(again)).toMatchObject({ status: 400, body: [{ errorCode: 'INVALIDJOBSTATE' }] });
    const late = await call('PUT', `/jobs/ingest/${id}/batches`, 'Name\nFour\n', 'text/csv');
    expect(await errorOf(late)).toMatchObject({ status: 400, body: [{ errorCode: 'INVALIDJOBSTATE' }] });
    const done = await waitFor(id);
    expect(done).toMatchObject({
      state: 'JobComplete',
      numberRecordsProcessed: 3,
      numberRecordsFailed: 0,
      retries: 0,
      apexProcessingTime: 0,
    });
    expect(done.totalProcessingTime).toEqual(expect.any(Number));
    expect(done.apiActiveProcessingTime).toEqual(expect.any(Number));
    const abort = await call('PATCH', `/jobs/ingest/${id}`, { state: 'Aborted' });
    expect(await errorOf(abort)).toMatchObject({ status: 400, body: [{ errorCode: 'INVALIDJOBSTATE' }] });
    const successes = await call('GET', `/jobs/ingest/${id}/successfulResults`);
    expect(successes.headers.get('content-type')).toBe('text/csv');
    const lines = (await successes.text()).split('\n');
    expect(lines[0]).toBe('"sf__Id","sf__Created",Name');
    expect(lines.slice(1, 4).map((l) => l.replace(/^"001\w{15}",/, ''))).toEqual([
      '"true","One"',
      '"true","Two"',
      '"true","Three"',
    ]);
    expect(lines[4]).toBe('');
  });

  it('an aborted job leaves every uploaded row unprocessed', async () => {
    const id = (await open()).id as string;
    await call('PUT', `/jobs/ingest/${id}/batches`, 'Name,Phone\nA,1\n"B, Inc.",2\n', 'text/csv');
    const aborted = await json(await call('PATCH', `/jobs/ingest/${id}`, { state: 'Aborted' }));
    expect(aborted.state).toBe('Aborted');
    expect(await (await call('GET', `/jobs/ingest/${id}/unprocessedrecords`)).text()).toBe(
      'Name,Phone\n"A","1"\n"B, Inc.","2"\n',
    );
    expect(await (await call('GET', `/jobs/ingest/${id}/successfulResults`)).text()).toBe(
      '"sf__Id","sf__Created",Name,Phone\n',
    );
    expect(await (await call('GET', `/jobs/ingest/${id}/failedResults`)).text()).toBe(
      '"sf__Id","sf__Error",Name,Phone\n',
    );
    const closing = await call('PATCH', `/jobs/ingest/${id}`, { state: 'UploadComplete' });
    expect(closing.status).toBe(400);
  });

  it('an abort during processing stops at a chunk boundary; processed and unprocessed rows add up', async () => {
    const id = (await open()).id as string;
    const rows = Array.from({ length: 5000 }, (_, i) => `Row ${i}`);
    await call('PUT', `/jobs/ingest/${id}/batches`, `Name\n${rows.join('\n')}\n`, 'text/csv');
    await call('PATCH', `/jobs/ingest/${id}`, { state: 'UploadComplete' });
    // Processing runs between the client's requests, so the abort usually lands mid-way; if the
    // job won the race it is complete and the abort is refused. The counts must agree either way.
    const abort = await call('PATCH', `/jobs/ingest/${id}`, { state: 'Aborted' });
    const job = await info(id);
    expect(job.state).toBe(abort.status === 200 ? 'Aborted' : 'JobComplete');
    const done = job.numberRecordsProcessed as number;
    expect(done % CHUNK_ROWS === 0 || done === 5000).toBe(true);
    const unprocessed = (await (await call('GET', `/jobs/ingest/${id}/unprocessedrecords`)).text()).trim().split('\n');
    expect(unprocessed.length - 1).toBe(5000 - done);
    const successes = (await (await call('GET', `/jobs/ingest/${id}/successfulResults`)).text()).trim().split('\n');
    expect(successes.length - 1).toBe(done);
    const { totalSize } = await t.conn.query('SELECT COUNT() FROM Account');
    expect(totalSize).toBe(done);
  });

  it('keeps answering while a large job runs: polls see it InProgress with partial counts', async () => {
    const id = (await open()).id as string;
    const rows = Array.from({ length: 20_000 }, (_, i) => `Row ${i}`);
    await call('PUT', `/jobs/ingest/${id}/batches`, `Name\n${rows.join('\n')}\n`, 'text/csv');
    await call('PATCH', `/jobs/ingest/${id}`, { state: 'UploadComplete' });
    const seen: Array<[unknown, unknown]> = [];
    for (;;) {
      const job = await info(id);
      seen.push([job.state, job.numberRecordsProcessed]);
      if (job.state === 'JobComplete') break;
    }
    expect(seen.some(([state, n]) => state === 'InProgress' && (n as number) > 0 && (n as number) < 20_000)).toBe(true);
    expect(seen.at(-1)).toEqual(['JobComplete', 20_000]);
  });

  it('uses the declared delimiter and line ending for data and results', async () => {
    const id = (await open({ object: 'Account', operation: 'insert', columnDelimiter: 'TAB', lineEnding: 'CRLF' }))
      .id as string;
    await call('PUT', `/jobs/ingest/${id}/batches`, 'Name\tDescription\r\nTabbed\t"line1\nline2"\r\n', 'text/csv');
    await call('PATCH', `/jobs/ingest/${id}`, { state: 'UploadComplete' });
    expect(await waitFor(id)).toMatchObject({ state: 'JobComplete', numberRecordsProcessed: 1 });
    const text = await (await call('GET', `/jobs/ingest/${id}/successfulResults`)).text();
    expect(text).toMatch(
      /^"sf__Id"\t"sf__Created"\tName\tDescription\r\n"001\w{15}"\t"true"\t"Tabbed"\t"line1\nline2"\r\n$/,
    );
  });

  it('fails the job when the data does not use the declared line ending, or is not CSV', async () => {
    const crlf = (await open()).id as string;
    await call('PUT', `/jobs/ingest/${crlf}/batches`, 'Name\r\nA\r\n', 'text/csv');
    await call('PATCH', `/jobs/ingest/${crlf}`, { state: 'UploadComplete' });
    expect(await waitFor(crlf)).toMatchObject({
      state: 'Failed',
      errorMessage: 'ClientInputError : LineEnding is invalid on user data. Current LineEnding setting is LF',
      numberRecordsProcessed: 0,
    });
    const broken = (await open()).id as string;
    await call('PUT', `/jobs/ingest/${broken}/batches`, 'Name\n"unterminated\n', 'text/csv');
    await call('PATCH', `/jobs/ingest/${broken}`, { state: 'UploadComplete' });
    expect(await waitFor(broken)).toMatchObject({
      state: 'Failed',
      errorMessage: expect.stringMatching(/^ClientInputError : /),
    });
    expect(await (await call('GET', `/jobs/ingest/${broken}/unprocessedrecords`)).text()).toBe('Name\n"unterminated\n');
  });

  it('a job with nothing to load completes with zero records: no upload, an empty upload, or a header alone', async () => {
    const noUpload = (await open()).id as string;
    const empty = (await open()).id as string;
    await call('PUT', `/jobs/ingest/${empty}/batches`, '', 'text/csv');
    const headerOnly = (await open()).id as string;
    await call('PUT', `/jobs/ingest/${headerOnly}/batches`, 'Name,Phone\n', 'text/csv');
    for (const id of [noUpload, empty, headerOnly]) {
      await call('PATCH', `/jobs/ingest/${id}`, { state: 'UploadComplete' });
      const done = await waitFor(id);
      expect(done).toMatchObject({ state: 'JobComplete', numberRecordsProcessed: 0, numberRecordsFailed: 0 });
      expect(done.errorMessage).toBeUndefined();
    }
    for (const id of [noUpload, empty]) {
      expect(await (await call('GET', `/jobs/ingest/${id}/successfulResults`)).text()).toBe('"sf__Id","sf__Created"\n');
      expect(await (await call('GET', `/jobs/ingest/${id}/failedResults`)).text()).toBe('"sf__Id","sf__Error"\n');
      expect(await (await call('GET', `/jobs/ingest/${id}/unprocessedrecords`)).text()).toBe('');
    }
    expect(await (await call('GET', `/jobs/ingest/${headerOnly}/successfulResults`)).text()).toBe(
      '"sf__Id","sf__Created",Name,Phone\n',
    );
    expect(await (await call('GET', `/jobs/ingest/${headerOnly}/unprocessedrecords`)).text()).toBe('Name,Phone\n');
    const viaJsforce = await t.conn.bulk2.loadAndWaitForResults({
      object: 'Account',
      operation: 'insert',
      input: [],
      pollInterval: 20,
      pollTimeout: 10_000,
    });
    expect(viaJsforce).toEqual({ successfulResults: [], failedResults: [], unprocessedRecords: [] });
  });

  it('lists and deletes jobs; an unknown or deleted job is 404 NOT_FOUND', async () => {
    const first = (await open()).id as string;
    const second = (await open({ object: 'Contact', operation: 'delete' })).id as string;
    const list = await json(await call('GET', '/jobs/ingest'));
    expect(list).toMatchObject({ done: true, nextRecordsUrl: null });
    expect((list.records as Array<{ id: string; object: string }>).map((j) => [j.id, j.object])).toEqual([
      [first, 'Account'],
      [second, 'Contact'],
    ]);
    const deleted = await call('DELETE', `/jobs/ingest/${first}`);
    expect(deleted.status).toBe(204);
    expect(await errorOf(await call('GET', `/jobs/ingest/${first}`))).toEqual({
      status: 404,
      body: [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }],
    });
    expect((await call('PUT', '/jobs/ingest/750000000000000AAA/batches', 'Name\nA\n', 'text/csv')).status).toBe(404);
    const viaJsforce = await failure(t.conn.bulk2.job('ingest', { id: '750000000000000AAA' }).check());
    expect(viaJsforce.errorCode).toBe('NOT_FOUND');
  });

  it('counts one API request per REST call, nothing per record', async () => {
    const before = t.calls();
    const id = (await open()).id as string;
    const rows = Array.from({ length: 1000 }, (_, i) => `Row ${i}`);
    await call('PUT', `/jobs/ingest/${id}/batches`, `Name\n${rows.join('\n')}\n`, 'text/csv');
    await call('PATCH', `/jobs/ingest/${id}`, { state: 'UploadComplete' });
    let polls = 0;
    for (;;) {
      polls++;
      const job = await info(id);
      if (job.state === 'JobComplete') break;
      await new Promise((r) => setTimeout(r, 10));
    }
    await call('GET', `/jobs/ingest/${id}/successfulResults`);
    expect(t.calls() - before).toBe(4 + polls);
    expect(t.app.apiUsage().used).toBe(4 + polls);
  });
});
