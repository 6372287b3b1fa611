import { describe, expect, it } from 'vitest';
import { billingAccountNumberSchema, failure, useTestOrg } from './helpers.ts';

describe('describe through jsforce', () => {
  const t = useTestOrg({ customSchema: billingAccountNumberSchema() });

  it('describeGlobal lists the standard objects with key prefixes', async () => {
    const global = await t.conn.describeGlobal();
    expect(global.maxBatchSize).toBe(200);
    const byName = Object.fromEntries(global.sobjects.map((s) => [s.name, s.keyPrefix]));
    expect(byName).toMatchObject({
      Account: '001',
      Contact: '003',
      User: '005',
      Opportunity: '006',
      OpportunityLineItem: '00k',
      Pricebook2: '01s',
      PricebookEntry: '01u',
      Product2: '01t',
      AccountContactRelation: '07k',
    });
  });

  it('field properties are reported as Salesforce reports them', async () => {
    const account = await t.conn.describe('Account');
    const f = (name: string) => account.fields.find((x) => x.name === name)!;
    expect(f('Billing_Account_Number__c')).toMatchObject({
      custom: true,
      type: 'string',
      length: 40,
      externalId: true,
      unique: true,
      idLookup: true,
      nillable: true,
      createable: true,
      updateable: true,
      soapType: 'xsd:string',
    });
    expect(f('ParentId')).toMatchObject({
      type: 'reference',
      referenceTo: ['Account'],
      relationshipName: 'Parent',
      soapType: 'tns:ID',
    });
    expect(f('Name')).toMatchObject({ nillable: false, nameField: true, createable: true });
    expect(f('BillingAddress')).toMatchObject({ type: 'address', createable: false, updateable: false });
    expect(f('BillingCity')).toMatchObject({ compoundFieldName: 'BillingAddress' });
    expect(f('SystemModstamp')).toMatchObject({ type: 'datetime', createable: false, updateable: false });
    expect(account.fields.find((x) => x.name === 'CurrencyIsoCode')).toBeUndefined();
    expect(account.childRelationships).toContainEqual(
      expect.objectContaining({ childSObject: 'Contact', field: 'AccountId', relationshipName: 'Contacts' }),
    );
    for (const key of [
      'aggregatable',
      'calculatedFormula',
      'digits',
      'picklistValues',
      'precision',
      'scale',
      'writeRequiresMasterRead',
    ]) {
      expect(f('Name')).toHaveProperty(key);
    }
  });

  it('picklists and read-only derived fields', async () => {
    const opp = await t.conn.describe('Opportunity');
    const stage = opp.fields.find((x) => x.name === 'StageName')!;
    expect(stage.picklistValues!.map((p) => p.value)).toContain('Closed Won');
    expect(opp.fields.find((x) => x.name === 'IsWon')).toMatchObject({
      createable: false,
      updateable: false,
      type: 'boolean',
    });
    expect(opp.childRelationships).toContainEqual(
      expect.objectContaining({
        childSObject: 'OpportunityLineItem',
        relationshipName: 'OpportunityLineItems',
        cascadeDelete: true,
      }),
    );
  });

  it('Account has the standard fields of a real org, with their describe properties', async () => {
    const account = await t.conn.describe('Account');
    const f = (name: string) => account.fields.find((x) => x.name === name)!;
    const writable = { createable: true, updateable: true, nillable: true };
    const readOnly = { createable: false, updateable: false, nillable: true };
    expect(f('TickerSymbol')).toMatchObject({ type: 'string', length: 20, label: 'Ticker Symbol', ...writable });
    expect(f('Site')).toMatchObject({ type: 'string', length: 80, label: 'Account Site', ...writable });
    expect(f('SicDesc')).toMatchObject({ type: 'string', length: 80, label: 'SIC Description', ...writable });
    expect(f('Jigsaw')).toMatchObject({ type: 'string', length: 20, label: 'Data.com Key', ...writable });
    expect(f('Rating')).toMatchObject({ type: 'picklist', label: 'Account Rating', ...writable });
    expect(f('Rating').picklistValues!.map((p) => p.value)).toEqual(['Hot', 'Warm', 'Cold']);
    expect(f('AccountSource')).toMatchObject({ type: 'picklist', label: 'Account Source', ...writable });
    expect(f('AccountSource').picklistValues!.map((p) => p.value)).toEqual([
      'Web',
      'Phone Inquiry',
      'Partner Referral',
      'Purchased List',
      'Other',
    ]);
    expect(f('JigsawCompanyId')).toMatchObject({ type: 'string', length: 20, ...readOnly });
    expect(f('MasterRecordId')).toMatchObject({
      type: 'reference',
      referenceTo: ['Account'],
      relationshipName: 'MasterRecord',
      soapType: 'tns:ID',
      ...readOnly,
    });
    expect(f('PhotoUrl')).toMatchObject({ type: 'url', ...readOnly });
    expect(f('LastActivityDate')).toMatchObject({ type: 'date', soapType: 'xsd:date', ...readOnly });
    expect(f('LastViewedDate')).toMatchObject({ type: 'datetime', soapType: 'xsd:dateTime', ...readOnly });
    expect(f('LastReferencedDate')).toMatchObject({ type: 'datetime', ...readOnly });

    // Writable ones round-trip; read-only ones are refused like any platform field.
    const { id } = await t.conn.sobject('Account').create({
      Name: 'Fields',
      TickerSymbol: 'FLD',
      Rating: 'Warm',
      Site: 'HQ',
      AccountSource: 'Web',
      SicDesc: 'Software',
      Jigsaw: 'J1',
    });
    const [row] = (
      await t.conn.query(
        `SELECT TickerSymbol, Rating, Site, AccountSource, SicDesc, Jigsaw, JigsawCompanyId, MasterRecordId, MasterRecord.Name, PhotoUrl, LastActivityDate, LastViewedDate FROM Account WHERE Id = '${id}'`,
      )
    ).records;
    expect(row).toMatchObject({
      TickerSymbol: 'FLD',
      Rating: 'Warm',
      Site: 'HQ',
      AccountSource: 'Web',
      SicDesc: 'Software',
      Jigsaw: 'J1',
      JigsawCompanyId: null,
      MasterRecordId: null,
      MasterRecord: null,
      PhotoUrl: null,
      LastActivityDate: null,
      LastViewedDate: null,
    });
    for (const name of ['JigsawCompanyId', 'MasterRecordId', 'PhotoUrl', 'LastActivityDate', 'LastViewedDate']) {
      const err = await failure(t.conn.sobject('Account').update({ Id: id!, [name]: null }));
      expect(err.errorCode).toBe('INVALID_FIELD_FOR_INSERT_UPDATE');
    }
  });

  it('CurrencyIsoCode appears only when the org has multi-currency', async () => {
    await t.http('PATCH', '/__localorg/settings', { multiCurrency: true, currencies: ['USD', 'EUR'] });
    const fresh = await import('./helpers.ts').then((h) => h.connect(t.app));
    const account = await fresh.describe('Account');
    const currency = account.fields.find((x) => x.name === 'CurrencyIsoCode')!;
    expect(currency.picklistValues!.map((p) => p.value)).toEqual(['USD', 'EUR']);
    await t.http('PATCH', '/__localorg/settings', { multiCurrency: false, currencies: ['USD'] });
    const err = await failure(fresh.query('SELECT CurrencyIsoCode FROM Account'));
    expect(err.errorCode).toBe('INVALID_FIELD');
  });

  it('an unknown object is NOT_FOUND', async () => {
    const err = await failure(t.conn.describe('Nope__c'));
    expect(err.errorCode).toBe('NOT_FOUND');
  });
});
