import { describe, expect, it } from 'vitest';
import type { Org } from '../src/org.ts';
import { expectError, insert, newOrg, row, standardPricebookId, update } from './org-fixture.ts';

// OpportunityLineItem rules: entry integrity, copied fields and exact prices.

/** A product priced at 33.33 in the standard book and 30.00 in a custom book, and an open opportunity. */
function setup(org: Org) {
  const standardBookId = standardPricebookId(org);
  const productId = insert(org, 'Product2', { Name: 'Seat', ProductCode: 'SEAT', IsActive: true });
  const entry = (bookId: string, price: number, extra: Record<string, unknown> = {}) =>
    insert(org, 'PricebookEntry', {
      Pricebook2Id: bookId,
      Product2Id: productId,
      UnitPrice: price,
      IsActive: true,
      ...extra,
    });
  const standardEntryId = entry(standardBookId, 33.33);
  const bookId = insert(org, 'Pricebook2', { Name: 'Partner', IsActive: true });
  const customEntryId = entry(bookId, 30);
  const oppId = insert(org, 'Opportunity', { Name: 'Big Deal', StageName: 'Prospecting', CloseDate: '2025-06-30' });
  return { standardBookId, productId, standardEntryId, bookId, customEntryId, oppId, entry };
}

const line = (org: Org, oppId: string, entryId: string, body: Record<string, unknown>) =>
  insert(org, 'OpportunityLineItem', { OpportunityId: oppId, PricebookEntryId: entryId, ...body });

describe('OpportunityLineItem prices', () => {
  it.each([
    // quantity, unit price, discount → subtotal, total
    [3, 33.33, 10, 99.99, 89.99],
    [3, 33.33, null, 99.99, 99.99],
    [7, 19.99, 12.5, 139.93, 122.44],
    [1.5, 0.33, null, 0.5, 0.5],
    [0.1, 0.2, null, 0.02, 0.02],
    [-2, 10, null, -20, -20],
    [10, 1.15, 100, 11.5, 0],
  ])('%s × %s less %s%% → Subtotal %s, TotalPrice %s (exact)', (Quantity, UnitPrice, Discount, subtotal, total) => {
    const org = newOrg();
    const { oppId, standardEntryId } = setup(org);
    const id = line(org, oppId, standardEntryId, { Quantity, UnitPrice, Discount });
    expect(row(org, 'OpportunityLineItem', id)).toMatchObject({ UnitPrice, Subtotal: subtotal, TotalPrice: total });
  });

  it('sells at list price when neither UnitPrice nor TotalPrice is given, and copies the entry', () => {
    const org = newOrg();
    const { oppId, standardEntryId, productId, standardBookId } = setup(org);
    const id = line(org, oppId, standardEntryId, { Quantity: 2 });
    expect(row(org, 'OpportunityLineItem', id)).toMatchObject({
      Product2Id: productId,
      ProductCode: 'SEAT',
      Name: 'Big Deal Seat',
      ListPrice: 33.33,
      UnitPrice: 33.33,
      TotalPrice: 66.66,
    });
    expect(row(org, 'Opportunity', oppId).Pricebook2Id).toBe(standardBookId);
  });

  it('derives UnitPrice from a given TotalPrice and keeps the total', () => {
    const org = newOrg();
    const { oppId, standardEntryId } = setup(org);
    const id = line(org, oppId, standardEntryId, { Quantity: 3, TotalPrice: 100 });
    expect(row(org, 'OpportunityLineItem', id)).toMatchObject({ UnitPrice: 33.33, Subtotal: 99.99, TotalPrice: 100 });
  });

  it('refuses UnitPrice and TotalPrice together, and a zero or missing quantity', () => {
    const org = newOrg();
    const { oppId, standardEntryId } = setup(org);
    expectError(
      () => line(org, oppId, standardEntryId, { Quantity: 1, UnitPrice: 5, TotalPrice: 5 }),
      'FIELD_INTEGRITY_EXCEPTION',
      'field integrity exception: TotalPrice (total price must not be specified when unit price is specified)',
      ['TotalPrice'],
    );
    expectError(
      () => line(org, oppId, standardEntryId, { Quantity: 0 }),
      'FIELD_INTEGRITY_EXCEPTION',
      'field integrity exception: Quantity (quantity must be non-zero)',
      ['Quantity'],
    );
    expectError(
      () => line(org, oppId, standardEntryId, {}),
      'REQUIRED_FIELD_MISSING',
      'Required fields are missing: [Quantity]',
      ['Quantity'],
    );
  });

  it.each([
    ['Quantity', { Quantity: 4 }, { UnitPrice: 33.33, Subtotal: 133.32, TotalPrice: 119.99 }],
    ['Discount', { Discount: 50 }, { UnitPrice: 33.33, Subtotal: 99.99, TotalPrice: 50 }],
    ['UnitPrice', { UnitPrice: 20 }, { UnitPrice: 20, Subtotal: 60, TotalPrice: 54 }],
    ['TotalPrice', { TotalPrice: 50 }, { UnitPrice: 16.67, Subtotal: 50.01, TotalPrice: 50 }],
  ])('recomputes on an update of %s', (_field, patch, expected) => {
    const org = newOrg();
    const { oppId, standardEntryId } = setup(org);
    const id = line(org, oppId, standardEntryId, { Quantity: 3, Discount: 10 });
    update(org, 'OpportunityLineItem', id, patch);
    expect(row(org, 'OpportunityLineItem', id)).toMatchObject(expected);
  });

  it('refuses changing both prices in one update: INVALID_FIELD', () => {
    const org = newOrg();
    const { oppId, standardEntryId } = setup(org);
    const id = line(org, oppId, standardEntryId, { Quantity: 3 });
    expectError(
      () => update(org, 'OpportunityLineItem', id, { UnitPrice: 1, TotalPrice: 3 }),
      'INVALID_FIELD',
      "Cannot change both 'UnitPrice' and 'TotalPrice' in update call",
      ['UnitPrice'],
    );
  });
});

describe('OpportunityLineItem price book entry', () => {
  const VERSIONS =
    'field integrity exception: PricebookEntryId, unknown (versions 3.0 and higher must specify pricebook entry id; others must specify product id)';

  it('refuses an entry from another price book than the opportunity’s', () => {
    const org = newOrg();
    const { oppId, standardEntryId, customEntryId } = setup(org);
    line(org, oppId, customEntryId, { Quantity: 1 });
    expectError(
      () => line(org, oppId, standardEntryId, { Quantity: 1 }),
      'FIELD_INTEGRITY_EXCEPTION',
      'field integrity exception: PricebookEntryId (pricebook entry is in a different pricebook than the one assigned to the opportunity)',
      ['PricebookEntryId'],
    );
  });

  it('refuses an inactive entry', () => {
    const org = newOrg();
    const { oppId, customEntryId } = setup(org);
    update(org, 'PricebookEntry', customEntryId, { IsActive: false });
    expectError(
      () => line(org, oppId, customEntryId, { Quantity: 1 }),
      'FIELD_INTEGRITY_EXCEPTION',
      'field integrity exception: PricebookEntryId (pricebook entry is inactive)',
      ['PricebookEntryId'],
    );
  });

  it('refuses an entry in another currency than the opportunity’s (multi-currency)', () => {
    const org = newOrg({ multiCurrency: true });
    const { oppId, standardBookId, entry } = setup(org);
    const eurEntry = entry(standardBookId, 31, { CurrencyIsoCode: 'EUR' });
    expect(row(org, 'Opportunity', oppId).CurrencyIsoCode).toBe('USD');
    expectError(
      () => line(org, oppId, eurEntry, { Quantity: 1 }),
      'FIELD_INTEGRITY_EXCEPTION',
      'field integrity exception: PricebookEntryId (pricebook entry currency code does not match opportunity currency code)',
      ['PricebookEntryId'],
    );
    const eurOpp = insert(org, 'Opportunity', {
      Name: 'EU',
      StageName: 'Prospecting',
      CloseDate: '2025-06-30',
      CurrencyIsoCode: 'EUR',
    });
    const id = line(org, eurOpp, eurEntry, { Quantity: 2 });
    expect(row(org, 'OpportunityLineItem', id)).toMatchObject({ CurrencyIsoCode: 'EUR', TotalPrice: 62 });
  });

  it('resolves a Product2Id through the opportunity’s price book, and needs one of the two ids', () => {
    const org = newOrg();
    const { oppId, productId, bookId, customEntryId } = setup(org);
    expectError(
      () => insert(org, 'OpportunityLineItem', { OpportunityId: oppId, Product2Id: productId, Quantity: 1 }),
      'FIELD_INTEGRITY_EXCEPTION',
      VERSIONS,
      ['PricebookEntryId', 'unknown'],
    );
    expectError(
      () => insert(org, 'OpportunityLineItem', { OpportunityId: oppId, Quantity: 1 }),
      'FIELD_INTEGRITY_EXCEPTION',
      VERSIONS,
      ['PricebookEntryId', 'unknown'],
    );
    update(org, 'Opportunity', oppId, { Pricebook2Id: bookId });
    const id = insert(org, 'OpportunityLineItem', { OpportunityId: oppId, Product2Id: productId, Quantity: 1 });
    expect(row(org, 'OpportunityLineItem', id)).toMatchObject({ PricebookEntryId: customEntryId, UnitPrice: 30 });
  });

  it('keeps PricebookEntryId and OpportunityId create-only', () => {
    const org = newOrg();
    const { oppId, customEntryId } = setup(org);
    const id = line(org, oppId, customEntryId, { Quantity: 1 });
    expect(() => update(org, 'OpportunityLineItem', id, { PricebookEntryId: customEntryId })).toThrow(
      /Unable to create\/update fields: PricebookEntryId/,
    );
  });
});
