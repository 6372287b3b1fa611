import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSfdxSchema } from '../src/schema/sfdx-loader.ts';
import { failure, useTestOrg } from './helpers.ts';

const fixture = fileURLToPath(new URL('./fixtures/sfdx-basic/force-app', import.meta.url));

describe('custom schema from SFDX metadata, through jsforce', () => {
  const t = useTestOrg({
    customSchema: loadSfdxSchema(fixture),
    settings: { multiCurrency: true, currencies: ['USD', 'EUR'] },
  });
  let productId: string;
  beforeAll(async () => {
    productId = (await t.conn.sobject('Product2').create({ Name: 'Platform', CurrencyIsoCode: 'EUR' })).id!;
  });

  it('numbers Auto Number names, applies picklist and number defaults, inherits the master currency', async () => {
    const [a, b] = await t.conn.sobject('Product_Service__c').create([
      { Product__c: productId, Unit_Price__c: 10 },
      { Product__c: productId, Unit_Price__c: 20, Billing_Frequency__c: 'Quarterly' },
    ]);
    const rows = (await t.conn.sobject('Product_Service__c').retrieve([a.id!, b.id!], {
      fields: ['Name', 'Billing_Frequency__c', 'Quantity__c', 'CurrencyIsoCode'],
    })) as Array<Record<string, unknown>>;
    expect(rows.map((r) => [r.Name, r.Billing_Frequency__c, r.Quantity__c, r.CurrencyIsoCode])).toEqual([
      ['PS-0001', 'Monthly', 1, 'EUR'],
      ['PS-0002', 'Quarterly', 1, 'EUR'],
    ]);
    const named = await failure(
      t.conn.sobject('Product_Service__c').create({ Product__c: productId, Unit_Price__c: 1, Name: 'x' }),
    );
    expect(named.errorCode).toBe('INVALID_FIELD_FOR_INSERT_UPDATE');
  });

  it('evaluates formula fields with percents as fractions, exactly', async () => {
    const { id } = await t.conn.sobject('Product_Service__c').create({
      Product__c: productId,
      Unit_Price__c: 19.99,
      Quantity__c: 3,
      Discount__c: 10,
    });
    const row = (await t.conn.sobject('Product_Service__c').retrieve(id!)) as { Total__c: number };
    expect(row.Total__c).toBe(53.97);
    const q = await t.conn.query(`SELECT Total__c FROM Product_Service__c WHERE Id = '${id}'`);
    expect(q.records[0].Total__c).toBe(53.97);
  });

  it('rolls up children into summary fields and answers child subqueries by the __r name', async () => {
    const product = (await t.conn.sobject('Product2').retrieve(productId)) as Record<string, number>;
    expect(product.Service_Count__c).toBe(3);
    expect(product.Service_Total__c).toBe(49.99);
    const q = await t.conn.query(
      `SELECT Name, (SELECT Name FROM Product_Services__r ORDER BY Name) FROM Product2 WHERE Id = '${productId}'`,
    );
    const services = q.records[0].Product_Services__r as { totalSize: number; records: Array<{ Name: string }> };
    expect(services.totalSize).toBe(3);
    expect(services.records.map((r) => r.Name)).toEqual(['PS-0001', 'PS-0002', 'PS-0003']);
  });

  it('runs validation rules from the metadata', async () => {
    const err = await failure(
      t.conn.sobject('Product_Service__c').create({ Product__c: productId, Unit_Price__c: 5, Quantity__c: 0 }),
    );
    expect(err.errorCode).toBe('FIELD_CUSTOM_VALIDATION_EXCEPTION');
    expect(err.message).toBe('Quantity must be greater than zero.');
  });

  it('deleting the master deletes its detail records', async () => {
    await t.conn.sobject('Product2').destroy(productId);
    expect((await t.conn.query('SELECT COUNT() FROM Product_Service__c')).totalSize).toBe(0);
  });
});
