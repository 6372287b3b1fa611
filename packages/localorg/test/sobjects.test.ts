import { describe, expect, it } from 'vitest';
import type { CustomSchema } from '../src/org.ts';
import { field } from '../src/schema/field.ts';
import { billingAccountNumberSchema, failure, useTestOrg } from './helpers.ts';

const customSchema: CustomSchema = {
  ...billingAccountNumberSchema([
    field({ name: 'Legacy_Code__c', label: 'Legacy Code', type: 'string', length: 20, externalId: true }),
  ]),
  validationRules: {
    Account: [
      {
        fullName: 'Website_Must_Be_Https',
        active: true,
        errorConditionFormula: "NOT(ISBLANK(Website)) && NOT(BEGINS(Website, 'https://'))",
        errorMessage: 'Website must start with https://',
        errorDisplayField: 'Website',
      },
    ],
  },
};

describe('sObject REST through jsforce', () => {
  const t = useTestOrg({ customSchema, resetEach: true });

  it('create, retrieve (all fields or ?fields=), update, delete', async () => {
    const created = await t.conn.sobject('Account').create({ Name: 'Acme', BillingCity: 'Boston' });
    expect(created).toMatchObject({ success: true, errors: [] });
    expect(created.id).toMatch(/^001[A-Za-z0-9]{15}$/);

    const acct = (await t.conn.sobject('Account').retrieve(created.id!)) as Record<string, unknown>;
    expect(acct.attributes).toEqual({ type: 'Account', url: `/services/data/v62.0/sobjects/Account/${created.id}` });
    expect(acct.Name).toBe('Acme');
    expect(acct.ParentId).toBeNull();
    expect(acct.BillingAddress).toMatchObject({ city: 'Boston', street: null });
    expect(acct.OwnerId).toBe(t.app.org.integrationUserId);
    expect(acct.SystemModstamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/);

    const some = (await t.conn.sobject('Account').retrieve(created.id!, { fields: ['Name'] })) as Record<
      string,
      unknown
    >;
    expect(Object.keys(some)).toEqual(['attributes', 'Name']);

    expect(await t.conn.sobject('Account').update({ Id: created.id!, Name: 'Acme Corp' })).toMatchObject({
      success: true,
    });
    expect(((await t.conn.sobject('Account').retrieve(created.id!)) as { Name: string }).Name).toBe('Acme Corp');

    await t.conn.sobject('Account').destroy(created.id!);
    const gone = await failure(t.conn.sobject('Account').retrieve(created.id!));
    expect(gone.errorCode).toBe('NOT_FOUND');
    const deleted = await t.conn.query(`SELECT Id, IsDeleted FROM Account WHERE Id = '${created.id}'`).scanAll(true);
    expect(deleted.records).toEqual([expect.objectContaining({ IsDeleted: true })]);
  });

  it('15-char ids are accepted; malformed ids read as unknown', async () => {
    const { id } = await t.conn.sobject('Account').create({ Name: 'Short' });
    const acct = (await t.conn.sobject('Account').retrieve(id!.slice(0, 15))) as { Id: string };
    expect(acct.Id).toBe(id);
    const err = await failure(t.conn.sobject('Account').retrieve('001bogus'));
    expect(err.errorCode).toBe('NOT_FOUND');
    expect(err.message).toBe('Provided external ID field does not exist or is not accessible: 001bogus');
  });

  it.each([
    [{ Nmae: 'x' }, 'INVALID_FIELD', "No such column 'Nmae' on sobject of type Account"],
    [{ Name: 'x', IsDeleted: true }, 'INVALID_FIELD_FOR_INSERT_UPDATE', 'Unable to create/update fields: IsDeleted.'],
    [{ BillingCity: 'x' }, 'REQUIRED_FIELD_MISSING', 'Required fields are missing: [Name]'],
    [{ Name: 'x'.repeat(256) }, 'STRING_TOO_LONG', 'Account Name: data value too large'],
    [{ Name: 'x', ParentId: '001bad' }, 'MALFORMED_ID', 'Parent Account ID: id value of incorrect type: 001bad'],
    [{ Name: 'x', ParentId: '001D000000IRFmaIAH' }, 'INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id'],
    [{ Name: 'x', NumberOfEmployees: 'many' }, 'JSON_PARSER_ERROR', 'Cannot deserialize instance of int'],
    [
      { Name: 'x', Website: 'http://acme.test' },
      'FIELD_CUSTOM_VALIDATION_EXCEPTION',
      'Website must start with https://',
    ],
  ])('bad create %j → %s', async (record, code, message) => {
    const err = await failure(t.conn.sobject('Account').create(record));
    expect(err.errorCode).toBe(code);
    expect(err.message).toContain(message);
    expect((await t.conn.query('SELECT COUNT() FROM Account')).totalSize).toBe(0);
  });

  it('REQUIRED_FIELD_MISSING lists the fields, as Salesforce does', async () => {
    const res = await t.http(
      'POST',
      '/services/data/v62.0/sobjects/Opportunity',
      { Name: 'Deal' },
      { Authorization: `Bearer ${t.conn.accessToken}` },
    );
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    expect(await res.json()).toEqual([
      {
        message: 'Required fields are missing: [StageName, CloseDate]',
        errorCode: 'REQUIRED_FIELD_MISSING',
        fields: ['StageName', 'CloseDate'],
      },
    ]);
  });

  it('upsert by external id: 201 created, then 200 created:false (v46+), 204 on older versions', async () => {
    const first = await t.conn
      .sobject('Account')
      .upsert({ Name: 'Globex', Billing_Account_Number__c: 'BA-1' }, 'Billing_Account_Number__c');
    expect(first).toMatchObject({ success: true, created: true });
    const second = await t.conn
      .sobject('Account')
      .upsert({ Name: 'Globex Inc', Billing_Account_Number__c: 'BA-1' }, 'Billing_Account_Number__c');
    expect(second).toMatchObject({ id: first.id, success: true, created: false });

    const auth = { Authorization: `Bearer ${t.conn.accessToken}` };
    const old = await t.http(
      'PATCH',
      '/services/data/v45.0/sobjects/Account/Billing_Account_Number__c/BA-1',
      { Name: 'Globex Old API' },
      auth,
    );
    expect(old.status).toBe(204);
    const byExt = (await t.conn.request('/services/data/v62.0/sobjects/Account/Billing_Account_Number__c/ba-1')) as {
      Name: string;
    };
    expect(byExt.Name).toBe('Globex Old API');

    const updateOnly = await t.http(
      'PATCH',
      '/services/data/v62.0/sobjects/Account/Billing_Account_Number__c/BA-404?updateOnly=true',
      { Name: 'x' },
      auth,
    );
    expect(updateOnly.status).toBe(404);
  });

  it('upsert on a non-unique external id matching two records answers 300 with their URLs', async () => {
    await t.conn.sobject('Account').create([
      { Name: 'A', Legacy_Code__c: 'L1' },
      { Name: 'B', Legacy_Code__c: 'L1' },
    ]);
    const res = await t.http(
      'PATCH',
      '/services/data/v62.0/sobjects/Account/Legacy_Code__c/L1',
      { Name: 'C' },
      { Authorization: `Bearer ${t.conn.accessToken}` },
    );
    expect(res.status).toBe(300);
    const urls = (await res.json()) as string[];
    expect(urls).toHaveLength(2);
    expect(urls[0]).toMatch(/^\/services\/data\/v62\.0\/sobjects\/Account\/001/);
    const err = await failure(t.conn.sobject('Account').upsert({ Name: 'C', Legacy_Code__c: 'L1' }, 'Legacy_Code__c'));
    expect(err.errorCode).toBe('MULTIPLE_CHOICES');
  });

  it('unique fields reject duplicates with DUPLICATE_VALUE naming the holder', async () => {
    const { id } = await t.conn.sobject('Account').create({ Name: 'One', Billing_Account_Number__c: 'BA-9' });
    const err = await failure(t.conn.sobject('Account').create({ Name: 'Two', Billing_Account_Number__c: 'ba-9' }));
    expect(err.errorCode).toBe('DUPLICATE_VALUE');
    expect(err.message).toBe(
      `duplicate value found: Billing_Account_Number__c duplicates value on record with id: ${id}`,
    );
  });

  it('SystemModstamp and LastModifiedDate move on update; CreatedDate stays', async () => {
    await t.http('POST', '/__localorg/clock', { now: '2026-03-01T10:00:00Z' });
    const { id } = await t.conn.sobject('Account').create({ Name: 'Clocked' });
    await t.http('POST', '/__localorg/clock', { advanceMs: 90_000 });
    await t.conn.sobject('Account').update({ Id: id!, Phone: '555' });
    const row = (await t.conn.sobject('Account').retrieve(id!)) as Record<string, string>;
    expect(row.CreatedDate).toBe('2026-03-01T10:00:00.000+0000');
    expect(row.SystemModstamp).toBe('2026-03-01T10:01:30.000+0000');
    expect(row.LastModifiedDate).toBe('2026-03-01T10:01:30.000+0000');
    await t.http('POST', '/__localorg/clock', { real: true });
  });

  it('getUpdated and getDeleted report changes in a window', async () => {
    await t.http('POST', '/__localorg/clock', { now: '2026-03-01T10:00:00Z' });
    const a = await t.conn.sobject('Account').create({ Name: 'Kept' });
    const b = await t.conn.sobject('Account').create({ Name: 'Dropped' });
    await t.http('POST', '/__localorg/clock', { now: '2026-03-01T11:00:00Z' });
    await t.conn.sobject('Account').destroy(b.id!);
    const updated = await t.conn.sobject('Account').updated('2026-03-01T09:00:00Z', '2026-03-01T10:30:00Z');
    expect(updated.ids).toEqual([a.id]);
    const deleted = await t.conn.sobject('Account').deleted('2026-03-01T10:30:00Z', '2026-03-01T11:30:00Z');
    expect(deleted.deletedRecords).toEqual([{ id: b.id, deletedDate: '2026-03-01T11:00:00.000+0000' }]);
    await t.http('POST', '/__localorg/clock', { real: true });
  });

  it('an update to a deleted record is ENTITY_IS_DELETED; a wrong method is 405', async () => {
    const { id } = await t.conn.sobject('Account').create({ Name: 'Soon gone' });
    await t.conn.sobject('Account').destroy(id!);
    const err = await failure(t.conn.sobject('Account').update({ Id: id!, Name: 'x' }));
    expect(err.errorCode).toBe('ENTITY_IS_DELETED');
    const res = await t.http(
      'PUT',
      '/services/data/v62.0/sobjects/Account',
      {},
      { Authorization: `Bearer ${t.conn.accessToken}` },
    );
    expect(res.status).toBe(405);
    expect(((await res.json()) as Array<{ errorCode: string }>)[0].errorCode).toBe('METHOD_NOT_ALLOWED');
  });

  it('a malformed JSON body is JSON_PARSER_ERROR, never a 500', async () => {
    const res = await t.http('POST', '/services/data/v62.0/sobjects/Account', '{"Name": ', {
      Authorization: `Bearer ${t.conn.accessToken}`,
      'Content-Type': 'application/json',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as Array<{ errorCode: string }>)[0].errorCode).toBe('JSON_PARSER_ERROR');
  });
});
