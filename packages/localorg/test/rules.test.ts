import { describe, expect, it } from 'vitest';
import type { Org } from '../src/org.ts';
import { expectError, failure, insert, newOrg, remove, row, standardPricebookId, update } from './org-fixture.ts';

// Catalog rules: Pricebook2, PricebookEntry, Product2.

function catalog(org: Org) {
  const productId = insert(org, 'Product2', { Name: 'Platform', ProductCode: 'PLAT', IsActive: true });
  const standardEntryId = insert(org, 'PricebookEntry', {
    Pricebook2Id: standardPricebookId(org),
    Product2Id: productId,
    UnitPrice: 120,
    IsActive: true,
  });
  const bookId = insert(org, 'Pricebook2', { Name: 'Partner', IsActive: true });
  return { productId, standardEntryId, bookId };
}

describe('Pricebook2', () => {
  it('has exactly one standard price book, which the API cannot create or delete', () => {
    const org = newOrg();
    expect([...org.store.scan('Pricebook2')].filter((b) => b.IsStandard === true)).toHaveLength(1);
    expect(failure(() => insert(org, 'Pricebook2', { Name: 'Second', IsStandard: true })).errorCode).toBe(
      'INVALID_FIELD_FOR_INSERT_UPDATE',
    );
    expectError(
      () => remove(org, standardPricebookId(org)),
      'INVALID_OPERATION',
      'Cannot delete the standard price book',
    );
    expect(org.store.get('Pricebook2', standardPricebookId(org))).toBeDefined();
  });

  it('takes its entries with it when a custom price book is deleted', () => {
    const org = newOrg();
    const { productId, bookId, standardEntryId } = catalog(org);
    const entryId = insert(org, 'PricebookEntry', { Pricebook2Id: bookId, Product2Id: productId, UnitPrice: 100 });
    remove(org, bookId);
    expect(org.store.get('PricebookEntry', entryId)).toBeUndefined();
    expect(org.store.get('PricebookEntry', standardEntryId)).toBeDefined();
  });
});

describe('PricebookEntry', () => {
  it('copies Name and ProductCode from the product, read-only, and follows product renames', () => {
    const org = newOrg();
    const { productId, standardEntryId } = catalog(org);
    expect(row(org, 'PricebookEntry', standardEntryId)).toMatchObject({ Name: 'Platform', ProductCode: 'PLAT' });
    expect(failure(() => update(org, 'PricebookEntry', standardEntryId, { Name: 'X' })).errorCode).toBe(
      'INVALID_FIELD_FOR_INSERT_UPDATE',
    );
    org.clock.advance(60_000);
    update(org, 'Product2', productId, { Name: 'Platform Plus', ProductCode: 'PLAT+' });
    expect(row(org, 'PricebookEntry', standardEntryId)).toMatchObject({
      Name: 'Platform Plus',
      ProductCode: 'PLAT+',
      SystemModstamp: '2025-05-15T12:01:00.000+0000',
    });
  });

  it('defaults IsActive to false, like Product2.IsActive', () => {
    const org = newOrg();
    const productId = insert(org, 'Product2', { Name: 'Inactive by default' });
    const entryId = insert(org, 'PricebookEntry', {
      Pricebook2Id: standardPricebookId(org),
      Product2Id: productId,
      UnitPrice: 1,
    });
    expect(row(org, 'Product2', productId).IsActive).toBe(false);
    expect(row(org, 'PricebookEntry', entryId).IsActive).toBe(false);
  });

  it.each([
    [
      'for a product without standard price',
      false,
      (org: Org) => ({ Product2Id: insert(org, 'Product2', { Name: 'X' }) }),
    ],
    [
      'in a currency without standard price',
      true,
      (_org: Org, productId: string) => ({ Product2Id: productId, CurrencyIsoCode: 'EUR' }),
    ],
  ])('refuses a custom entry %s: STANDARD_PRICE_NOT_DEFINED', (_case, multiCurrency, target) => {
    const org = newOrg({ multiCurrency });
    const { bookId, productId } = catalog(org);
    const body = { Pricebook2Id: bookId, UnitPrice: 1, ...target(org, productId) };
    expectError(
      () => insert(org, 'PricebookEntry', body),
      'STANDARD_PRICE_NOT_DEFINED',
      'No standard price defined for this product',
    );
  });

  it('accepts a custom entry when the standard entry exists but is inactive', () => {
    const org = newOrg();
    const { productId, bookId, standardEntryId } = catalog(org);
    update(org, 'PricebookEntry', standardEntryId, { IsActive: false });
    expect(insert(org, 'PricebookEntry', { Pricebook2Id: bookId, Product2Id: productId, UnitPrice: 99 })).toMatch(
      /^01u/,
    );
  });

  it.each([
    ['standard', true],
    ['custom', false],
  ])('allows one %s entry per product and currency: DUPLICATE_VALUE', (_kind, standard) => {
    const org = newOrg({ multiCurrency: true });
    const { productId, bookId } = catalog(org);
    const book = standard ? standardPricebookId(org) : bookId;
    if (!standard) insert(org, 'PricebookEntry', { Pricebook2Id: book, Product2Id: productId, UnitPrice: 100 });
    const again = { Pricebook2Id: book, Product2Id: productId, UnitPrice: 90, CurrencyIsoCode: 'USD' };
    expectError(
      () => insert(org, 'PricebookEntry', again),
      'DUPLICATE_VALUE',
      'This price definition already exists in this price book',
    );
    // Another currency is another price definition.
    const eur = {
      Pricebook2Id: standardPricebookId(org),
      Product2Id: productId,
      UnitPrice: 110,
      CurrencyIsoCode: 'EUR',
    };
    expect(insert(org, 'PricebookEntry', eur)).toMatch(/^01u/);
  });

  it('refuses UseStandardPrice on a standard entry: FIELD_INTEGRITY_EXCEPTION', () => {
    const org = newOrg();
    const productId = insert(org, 'Product2', { Name: 'P' });
    const body = {
      Pricebook2Id: standardPricebookId(org),
      Product2Id: productId,
      UnitPrice: 1,
      UseStandardPrice: true,
    };
    expectError(
      () => insert(org, 'PricebookEntry', body),
      'FIELD_INTEGRITY_EXCEPTION',
      'field integrity exception: UseStandardPrice (standard price book entries cannot use the standard price)',
      ['UseStandardPrice'],
    );
  });

  it('mirrors the standard price on a custom entry with UseStandardPrice, and follows its changes', () => {
    const org = newOrg();
    const { productId, bookId, standardEntryId } = catalog(org);
    const entryId = insert(org, 'PricebookEntry', {
      Pricebook2Id: bookId,
      Product2Id: productId,
      UseStandardPrice: true,
    });
    expect(row(org, 'PricebookEntry', entryId).UnitPrice).toBe(120);
    update(org, 'PricebookEntry', standardEntryId, { UnitPrice: 125.5 });
    expect(row(org, 'PricebookEntry', entryId).UnitPrice).toBe(125.5);
    expectError(
      () => update(org, 'PricebookEntry', entryId, { UnitPrice: 99 }),
      'FIELD_INTEGRITY_EXCEPTION',
      'field integrity exception',
    );
    update(org, 'PricebookEntry', entryId, { UseStandardPrice: false });
    update(org, 'PricebookEntry', entryId, { UnitPrice: 99 });
    expect(row(org, 'PricebookEntry', entryId).UnitPrice).toBe(99);
  });

  it('requires UnitPrice unless UseStandardPrice', () => {
    const org = newOrg();
    const { productId, bookId } = catalog(org);
    expectError(
      () => insert(org, 'PricebookEntry', { Pricebook2Id: bookId, Product2Id: productId }),
      'REQUIRED_FIELD_MISSING',
      'Required fields are missing: [UnitPrice]',
      ['UnitPrice'],
    );
  });

  it('defaults CurrencyIsoCode to the corporate currency and never changes it', () => {
    const org = newOrg({ multiCurrency: true });
    const { standardEntryId } = catalog(org);
    expect(row(org, 'PricebookEntry', standardEntryId).CurrencyIsoCode).toBe('USD');
    expect(failure(() => update(org, 'PricebookEntry', standardEntryId, { CurrencyIsoCode: 'EUR' })).errorCode).toBe(
      'INVALID_FIELD_FOR_INSERT_UPDATE',
    );
  });

  it('keeps a standard entry while custom entries depend on it; a product delete takes them all', () => {
    const org = newOrg();
    const { productId, bookId, standardEntryId } = catalog(org);
    const customId = insert(org, 'PricebookEntry', { Pricebook2Id: bookId, Product2Id: productId, UnitPrice: 100 });
    expectError(
      () => remove(org, standardEntryId),
      'DELETE_FAILED',
      'Your attempt to delete Platform could not be completed because it is associated with the following price books: Partner',
    );
    remove(org, productId);
    expect(org.store.get('PricebookEntry', standardEntryId)).toBeUndefined();
    expect(org.store.get('PricebookEntry', customId)).toBeUndefined();
  });

  it('cannot be deleted while a line item uses it', () => {
    const org = newOrg();
    const { standardEntryId } = catalog(org);
    const opp = insert(org, 'Opportunity', { Name: 'Deal', StageName: 'Prospecting', CloseDate: '2025-06-30' });
    insert(org, 'OpportunityLineItem', { OpportunityId: opp, PricebookEntryId: standardEntryId, Quantity: 1 });
    expect(failure(() => remove(org, standardEntryId)).errorCode).toBe('DELETE_FAILED');
  });
});
