import { describe, expect, it } from 'vitest';
import { billingAccountNumberSchema, useTestOrg } from './helpers.ts';

describe('sObject Collections through jsforce', () => {
  const t = useTestOrg({ customSchema: billingAccountNumberSchema(), resetEach: true });

  const count = async () => (await t.conn.query('SELECT COUNT() FROM Account')).totalSize;

  it('creates up to 200 records in one call, results in request order', async () => {
    const before = t.calls();
    const records = Array.from({ length: 200 }, (_, i) => ({ Name: `Bulk ${i}` }));
    const results = await t.conn.sobject('Account').create(records);
    expect(t.calls() - before).toBe(1);
    expect(results).toHaveLength(200);
    expect(results.every((r) => r.success)).toBe(true);
    expect(await count()).toBe(200);
  });

  it('more than 200 records is rejected as a whole', async () => {
    const records = Array.from({ length: 201 }, (_, i) => ({ attributes: { type: 'Account' }, Name: `N${i}` }));
    const res = await t.http(
      'POST',
      '/services/data/v62.0/composite/sobjects',
      { allOrNone: false, records },
      { Authorization: `Bearer ${t.conn.accessToken}` },
    );
    expect(res.status).toBe(400);
    expect(((await res.json()) as Array<{ errorCode: string }>)[0].errorCode).toBe('EXCEEDED_ID_LIMIT');
    expect(await count()).toBe(0);
  });

  it('without allOrNone, good records are saved and bad ones report statusCode errors', async () => {
    const results = await t.conn.sobject('Account').create([{ Name: 'Good' }, { BillingCity: 'No name' }]);
    expect(results[0]).toMatchObject({ success: true });
    expect(results[1]).toEqual({
      success: false,
      errors: [
        { statusCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [Name]', fields: ['Name'] },
      ],
    });
    expect(await count()).toBe(1);
  });

  it('with allOrNone, one failure rolls everything back', async () => {
    const results = await t.conn
      .sobject('Account')
      .create([{ Name: 'Good' }, { BillingCity: 'No name' }, { Name: 'Also good' }], {
        allOrNone: true,
      });
    expect(results[0]).toEqual({
      success: false,
      errors: [
        {
          statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
          message: 'Record rolled back because not all records were valid and the request was using AllOrNone header',
          fields: [],
        },
      ],
    });
    expect(results[1].errors[0]).toMatchObject({ statusCode: 'REQUIRED_FIELD_MISSING' });
    expect(results[2].errors[0]).toMatchObject({ statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK' });
    expect(await count()).toBe(0);
  });

  it('update, upsert, retrieve and delete collections', async () => {
    const created = await t.conn.sobject('Account').create([{ Name: 'A' }, { Name: 'B' }]);
    const ids = created.map((r) => r.id!);
    const updated = await t.conn.sobject('Account').update([
      { Id: ids[0], Name: 'A2' },
      { Id: ids[1], Name: 'B2' },
    ]);
    expect(updated.map((r) => r.id)).toEqual(ids);

    const upserted = await t.conn.sobject('Account').upsert(
      [
        { Billing_Account_Number__c: 'X-1', Name: 'New' },
        { Billing_Account_Number__c: 'X-2', Name: 'Other' },
      ],
      'Billing_Account_Number__c',
    );
    expect(upserted.map((r) => r.created)).toEqual([true, true]);
    const again = await t.conn
      .sobject('Account')
      .upsert([{ Billing_Account_Number__c: 'X-1', Name: 'New again' }], 'Billing_Account_Number__c');
    expect(again[0]).toMatchObject({ id: upserted[0].id, created: false, success: true });

    const fetched = (await t.conn.sobject('Account').retrieve([ids[0], ids[1]], { fields: ['Name'] })) as Array<{
      Name: string;
    }>;
    expect(fetched.map((r) => r.Name)).toEqual(['A2', 'B2']);

    const deleted = await t.conn.sobject('Account').destroy(ids);
    expect(deleted.every((r) => r.success)).toBe(true);
    expect(await count()).toBe(2);
  });

  it('failed upsert items carry created:false, also when rolled back by allOrNone', async () => {
    const results = await t.conn.sobject('Account').upsert(
      [
        { Billing_Account_Number__c: 'U-1', Name: 'Fine' },
        { Billing_Account_Number__c: 'U-2', Name: null },
      ],
      'Billing_Account_Number__c',
    );
    expect(results[0]).toMatchObject({ success: true, created: true });
    expect(results[1]).toEqual({
      success: false,
      errors: [
        { statusCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [Name]', fields: ['Name'] },
      ],
      created: false,
    });

    const rolledBack = await t.conn.sobject('Account').upsert(
      [
        { Billing_Account_Number__c: 'U-3', Name: 'Fine' },
        { Billing_Account_Number__c: 'U-4', Name: null },
      ],
      'Billing_Account_Number__c',
      { allOrNone: true },
    );
    expect(rolledBack[0]).toEqual({
      success: false,
      errors: [expect.objectContaining({ statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK' })],
      created: false,
    });
    expect(rolledBack[1]).toMatchObject({ success: false, created: false });
    expect(await count()).toBe(1);
  });

  it('per-record errors on update name the record id', async () => {
    const [{ id }] = await t.conn.sobject('Account').create([{ Name: 'A' }]);
    const results = await t.conn.sobject('Account').update([{ Id: id!, Name: null }]);
    expect(results[0]).toEqual({
      id,
      success: false,
      errors: [
        { statusCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [Name]', fields: ['Name'] },
      ],
    });
  });

  it('deleting an unknown id is a per-record error; allOrNone delete keeps everything', async () => {
    const [{ id }] = await t.conn.sobject('Account').create([{ Name: 'Keep me' }]);
    const results = await t.conn.sobject('Account').destroy([id!, '001D000000IRFmaIAH'], { allOrNone: true });
    expect(results[0].errors[0]).toMatchObject({ statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK' });
    expect(results[1].errors[0]).toMatchObject({ statusCode: 'INVALID_CROSS_REFERENCE_KEY' });
    expect(await count()).toBe(1);
  });
});
