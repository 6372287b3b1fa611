import type { Connection } from 'jsforce';
import { describe, expect, it } from 'vitest';
import { billingAccountNumberSchema, failure, useTestOrg } from './helpers.ts';

type Load = Parameters<Connection['bulk2']['loadAndWaitForResults']>[0];
type Row = Record<string, string>;
type Results = { successfulResults: Row[]; failedResults: Row[]; unprocessedRecords: Row[] };

describe('Bulk API 2.0 ingest through jsforce', () => {
  const t = useTestOrg({ customSchema: billingAccountNumberSchema(), resetEach: true });

  /** jsforce parses the result CSVs into string records; its types only know the sf__ columns. */
  const load = async (options: Omit<Load, 'pollInterval' | 'pollTimeout'>): Promise<Results> =>
    (await t.conn.bulk2.loadAndWaitForResults({
      pollInterval: 50,
      pollTimeout: 20_000,
      ...options,
    } as Load)) as unknown as Results;
  const accounts = async (where = '') =>
    (
      await t.conn.query(
        `SELECT Id, Name, Phone, Industry, ParentId, Billing_Account_Number__c FROM Account ${where} ORDER BY Name`,
      )
    ).records as Array<Record<string, unknown>>;

  it('inserts records: successful rows carry the new id and sf__Created, failed rows the error text', async () => {
    const results = await load({
      object: 'Account',
      operation: 'insert',
      input: [{ Name: 'Acme', Phone: '555-0100' }, { Phone: '555-0101' }, { Name: 'Globex', Phone: '555-0102' }],
    });
    expect(results.successfulResults).toHaveLength(2);
    const [acme, globex] = results.successfulResults;
    expect(acme).toMatchObject({ sf__Created: 'true', Name: 'Acme', Phone: '555-0100' });
    expect(acme.sf__Id).toMatch(/^001[A-Za-z0-9]{15}$/);
    expect(globex).toMatchObject({ sf__Created: 'true', Name: 'Globex' });
    expect(results.failedResults).toEqual([
      {
        sf__Id: '',
        sf__Error: 'REQUIRED_FIELD_MISSING:Required fields are missing: [Name]:Name --',
        Name: '',
        Phone: '555-0101',
      },
    ]);
    expect(results.unprocessedRecords).toEqual([]);
    expect((await accounts()).map((a) => [a.Id, a.Name])).toEqual([
      [acme.sf__Id, 'Acme'],
      [globex.sf__Id, 'Globex'],
    ]);
  });

  it('updates records: #N/A (jsforce null) sets null, an empty cell leaves the field as it is', async () => {
    const created = await t.conn.sobject('Account').create([
      { Name: 'A', Phone: '1', Industry: 'Banking' },
      { Name: 'B', Phone: '2', Industry: 'Energy' },
    ]);
    const [a, b] = created.map((r) => r.id as string);
    const viaRecords = await load({
      object: 'Account',
      operation: 'update',
      input: [{ Id: a, Phone: null, Industry: 'Retail' }],
    });
    expect(viaRecords.successfulResults).toEqual([
      { sf__Id: a, sf__Created: 'false', Id: a, Phone: '#N/A', Industry: 'Retail' },
    ]);
    const viaCsv = await load({ object: 'Account', operation: 'update', input: `Id,Phone,Industry\n${b},,Media\n` });
    expect(viaCsv.successfulResults).toHaveLength(1);
    expect((await accounts()).map((r) => [r.Name, r.Phone, r.Industry])).toEqual([
      ['A', null, 'Retail'],
      ['B', '2', 'Media'],
    ]);
  });

  it('reports per-row update failures: missing, malformed and unknown ids', async () => {
    const missing = '001000000000000AAA';
    const results = await load({
      object: 'Account',
      operation: 'update',
      input: `Id,Name\n,No id\nnot-an-id,Bad id\n${missing},Gone\n`,
    });
    expect(results.successfulResults).toEqual([]);
    expect(results.failedResults.map((r) => [r.sf__Id, r.sf__Error])).toEqual([
      ['', 'MISSING_ARGUMENT:Id not specified in an update call:Id --'],
      ['', 'MALFORMED_ID:Account ID: id value of incorrect type: not-an-id:Id --'],
      [missing, 'INVALID_CROSS_REFERENCE_KEY:invalid cross reference id:--'],
    ]);
  });

  it('upserts by a custom external id, ignoring the blank Id column jsforce adds', async () => {
    await t.conn.sobject('Account').create({ Name: 'Existing', Billing_Account_Number__c: 'BA-1', Phone: '1' });
    const results = await load({
      object: 'Account',
      operation: 'upsert',
      externalIdFieldName: 'Billing_Account_Number__c',
      input: [
        { Billing_Account_Number__c: 'BA-1', Name: 'Existing renamed' },
        { Billing_Account_Number__c: 'BA-2', Name: 'New one' },
        { Billing_Account_Number__c: null, Name: 'No key' },
      ],
    });
    expect(results.successfulResults.map((r) => [r.Billing_Account_Number__c, r.sf__Created, r.Id])).toEqual([
      ['BA-1', 'false', ''],
      ['BA-2', 'true', ''],
    ]);
    expect(results.failedResults.map((r) => r.sf__Error)).toEqual([
      'MISSING_ARGUMENT:Billing_Account_Number__c not specified:--',
    ]);
    expect((await accounts()).map((r) => [r.Name, r.Billing_Account_Number__c, r.Phone])).toEqual([
      ['Existing renamed', 'BA-1', '1'],
      ['New one', 'BA-2', null],
    ]);
  });

  it('upserts by the standard Product2.ExternalId', async () => {
    const first = await load({
      object: 'Product2',
      operation: 'upsert',
      externalIdFieldName: 'ExternalId',
      input: 'ExternalId,Name\nP-1,Widget\n',
    });
    expect(first.successfulResults[0]).toMatchObject({ sf__Created: 'true', ExternalId: 'P-1' });
    const second = await load({
      object: 'Product2',
      operation: 'upsert',
      externalIdFieldName: 'ExternalId',
      input: 'ExternalId,Name\np-1,Widget v2\n',
    });
    expect(second.successfulResults[0]).toMatchObject({
      sf__Id: first.successfulResults[0].sf__Id,
      sf__Created: 'false',
    });
    const { records } = await t.conn.query('SELECT Name FROM Product2');
    expect(records.map((r) => r.Name)).toEqual(['Widget v2']);
  });

  it('sets a lookup through the parent relationship and the parent external id', async () => {
    const parent = await t.conn.sobject('Account').create({ Name: 'Parent Co', Billing_Account_Number__c: 'BA-P' });
    const results = await load({
      object: 'Account',
      operation: 'insert',
      input: 'Name,Parent.Billing_Account_Number__c\nChild,BA-P\nOrphan,BA-NOPE\nNo parent,\n',
    });
    expect(results.successfulResults.map((r) => r.Name)).toEqual(['Child', 'No parent']);
    expect(results.failedResults[0].sf__Error).toBe(
      'INVALID_FIELD:Foreign key external ID: BA-NOPE not found for field Billing_Account_Number__c in entity Account:ParentId --',
    );
    const rows = await accounts();
    expect(rows.find((r) => r.Name === 'Child')?.ParentId).toBe(parent.id);
    expect(rows.find((r) => r.Name === 'No parent')?.ParentId).toBeNull();
  });

  it('a value that does not convert fails its row with INVALID_TYPE_ON_FIELD_IN_RECORD', async () => {
    const results = await load({
      object: 'Account',
      operation: 'insert',
      input: 'Name,NumberOfEmployees\nOk,12\nBad,twelve\n',
    });
    expect(results.successfulResults.map((r) => r.Name)).toEqual(['Ok']);
    expect(results.failedResults[0].sf__Error).toBe(
      'INVALID_TYPE_ON_FIELD_IN_RECORD:Employees: value not of required type: twelve:NumberOfEmployees --',
    );
  });

  it('deletes to the recycle bin; hardDelete purges the record and what it cascaded to', async () => {
    const [soft, hard] = (await t.conn.sobject('Account').create([{ Name: 'Soft' }, { Name: 'Hard' }])).map(
      (r) => r.id as string,
    );
    await t.conn.sobject('Contact').create({ LastName: 'Child', AccountId: hard });
    const deleted = await load({ object: 'Account', operation: 'delete', input: [{ Id: soft }] });
    expect(deleted.successfulResults).toEqual([{ sf__Id: soft, sf__Created: 'false', Id: soft }]);
    const purged = await load({ object: 'Account', operation: 'hardDelete', input: [{ Id: hard }] });
    expect(purged.successfulResults.map((r) => r.sf__Id)).toEqual([hard]);
    const all = await t.conn.request<{ records: Array<{ Id: string; IsDeleted: boolean }> }>(
      `/queryAll?q=${encodeURIComponent('SELECT Id, IsDeleted FROM Account')}`,
    );
    expect(all.records).toEqual([expect.objectContaining({ Id: soft, IsDeleted: true })]);
    const contacts = await t.conn.request<{ totalSize: number }>(
      `/queryAll?q=${encodeURIComponent('SELECT Id FROM Contact')}`,
    );
    expect(contacts.totalSize).toBe(0);
    const again = await load({ object: 'Account', operation: 'delete', input: [{ Id: soft }] });
    expect(again.failedResults[0].sf__Error).toBe('ENTITY_IS_DELETED:entity is deleted:--');
  });

  it('reads RFC 4180 CSV: quotes, doubled quotes, embedded delimiters and newlines, a BOM', async () => {
    const csv = '\uFEFFName,Description\n"Comma, Inc.","He said ""hi""\nand left"\nPlain,\n';
    const results = await load({ object: 'Account', operation: 'insert', input: csv });
    expect(results.failedResults).toEqual([]);
    const { records } = await t.conn.query('SELECT Name, Description FROM Account ORDER BY Name');
    expect(records.map((r) => [r.Name, r.Description])).toEqual([
      ['Comma, Inc.', 'He said "hi"\nand left'],
      ['Plain', null],
    ]);
  });

  it('an unknown field in the header fails the whole job, and jsforce reports the message', async () => {
    const error = await failure(load({ object: 'Account', operation: 'insert', input: 'Name,Foo__c\nA,1\n' }));
    expect(error.message).toBe('Ingest job failed to complete due to: InvalidBatch : Field name not found : Foo__c');
    expect(await accounts()).toEqual([]);
  });

  it('processes 10,000 rows in one job', async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => `Account ${i},555-${i},Technology,${i},City ${i}`);
    const csv = `Name,Phone,Industry,NumberOfEmployees,BillingCity\n${rows.join('\n')}\n`;
    const results = await load({ object: 'Account', operation: 'insert', input: csv });
    expect(results.successfulResults).toHaveLength(10_000);
    expect(results.failedResults).toHaveLength(0);
    expect((await t.conn.query('SELECT COUNT() FROM Account')).totalSize).toBe(10_000);
  });
});
