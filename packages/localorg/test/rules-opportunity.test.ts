import { describe, expect, it } from 'vitest';
import type { Org } from '../src/org.ts';
import { insertRecord } from '../src/records/write.ts';
import { expectError, insert, newOrg, remove, row, standardPricebookId, update, write } from './org-fixture.ts';

// Opportunity rules: stage derivations, fiscal period, Amount roll-up, price book/currency locks.

const opportunity = (org: Org, body: Record<string, unknown> = {}) =>
  insert(org, 'Opportunity', { Name: 'Deal', StageName: 'Prospecting', CloseDate: '2025-06-30', ...body });

/** Two products in the standard price book (USD) and an opportunity to sell them on. */
function setup(org: Org) {
  const standardBookId = standardPricebookId(org);
  const entry = (name: string, price: number) => {
    const productId = insert(org, 'Product2', { Name: name, IsActive: true });
    return insert(org, 'PricebookEntry', {
      Pricebook2Id: standardBookId,
      Product2Id: productId,
      UnitPrice: price,
      IsActive: true,
    });
  };
  return { standardBookId, a: entry('A', 0.1), b: entry('B', 0.2), oppId: opportunity(org) };
}

const line = (org: Org, oppId: string, entryId: string, Quantity = 1) =>
  insert(org, 'OpportunityLineItem', { OpportunityId: oppId, PricebookEntryId: entryId, Quantity });

describe('Opportunity stage', () => {
  it.each([
    ['Prospecting', false, false, 10, 'Pipeline'],
    ['Negotiation/Review', false, false, 90, 'Commit'],
    ['Closed Won', true, true, 100, 'Closed'],
    ['Closed Lost', true, false, 0, 'Omitted'],
  ])(
    '%s → IsClosed %s, IsWon %s, Probability %s, %s',
    (StageName, IsClosed, IsWon, Probability, ForecastCategoryName) => {
      const org = newOrg();
      const id = opportunity(org, { StageName });
      expect(row(org, 'Opportunity', id)).toMatchObject({ IsClosed, IsWon, Probability, ForecastCategoryName });
    },
  );

  it('keeps a Probability the request sets, and defaults it again only when the stage changes', () => {
    const org = newOrg();
    const id = opportunity(org, { Probability: 35 });
    expect(row(org, 'Opportunity', id).Probability).toBe(35);
    update(org, 'Opportunity', id, { Description: 'no stage change' });
    expect(row(org, 'Opportunity', id).Probability).toBe(35);
    update(org, 'Opportunity', id, { StageName: 'Value Proposition' });
    expect(row(org, 'Opportunity', id)).toMatchObject({ Probability: 50, ForecastCategoryName: 'Pipeline' });
    update(org, 'Opportunity', id, { StageName: 'Closed Won', Probability: 95 });
    expect(row(org, 'Opportunity', id)).toMatchObject({
      Probability: 95,
      IsWon: true,
      IsClosed: true,
      ForecastCategoryName: 'Closed',
    });
  });

  it('refuses writes to the derived flags', () => {
    const org = newOrg();
    expect(() => opportunity(org, { IsWon: true })).toThrow(/Unable to create\/update fields: IsWon/);
  });

  it.each([
    ['2025-01-01', 2025, 1],
    ['2025-03-31', 2025, 1],
    ['2025-04-01', 2025, 2],
    ['2024-09-15', 2024, 3],
    ['2026-12-31', 2026, 4],
  ])('CloseDate %s → FiscalYear %s, FiscalQuarter %s', (CloseDate, FiscalYear, FiscalQuarter) => {
    const org = newOrg();
    const id = opportunity(org);
    update(org, 'Opportunity', id, { CloseDate });
    expect(row(org, 'Opportunity', id)).toMatchObject({ FiscalYear, FiscalQuarter });
  });

  it('takes the corporate currency when none is given (multi-currency)', () => {
    const org = newOrg({ multiCurrency: true });
    expect(row(org, 'Opportunity', opportunity(org)).CurrencyIsoCode).toBe('USD');
  });
});

describe('Opportunity Amount with products', () => {
  it('is the exact sum of line TotalPrice after every insert, update and delete of a line', () => {
    const org = newOrg();
    const { a, b, oppId } = setup(org);
    update(org, 'Opportunity', oppId, { Amount: 500 });
    expect(row(org, 'Opportunity', oppId)).toMatchObject({ Amount: 500, HasOpportunityLineItem: false });
    const first = line(org, oppId, a);
    const second = line(org, oppId, b);
    expect(row(org, 'Opportunity', oppId)).toMatchObject({ Amount: 0.3, HasOpportunityLineItem: true });
    update(org, 'OpportunityLineItem', second, { Quantity: 3 });
    expect(row(org, 'Opportunity', oppId).Amount).toBe(0.7);
    remove(org, first);
    expect(row(org, 'Opportunity', oppId).Amount).toBe(0.6);
    remove(org, second);
    expect(row(org, 'Opportunity', oppId)).toMatchObject({ Amount: 0, HasOpportunityLineItem: false });
    update(org, 'Opportunity', oppId, { Amount: 42 });
    expect(row(org, 'Opportunity', oppId).Amount).toBe(42);
  });

  it('ignores writes to Amount while lines exist, and applies the rest of the update', () => {
    const org = newOrg();
    const { a, oppId } = setup(org);
    line(org, oppId, a, 5);
    update(org, 'Opportunity', oppId, { Amount: 999, Description: 'renegotiated' });
    expect(row(org, 'Opportunity', oppId)).toMatchObject({ Amount: 0.5, Description: 'renegotiated' });
  });

  it('moves the opportunity’s SystemModstamp with every line change', () => {
    const org = newOrg();
    const { a, oppId } = setup(org);
    const id = line(org, oppId, a);
    org.clock.advance(60_000);
    update(org, 'OpportunityLineItem', id, { Description: 'only a note' });
    expect(row(org, 'Opportunity', oppId)).toMatchObject({
      SystemModstamp: '2025-05-15T12:01:00.000+0000',
      LastModifiedDate: '2025-05-15T12:01:00.000+0000',
    });
  });

  it('locks Pricebook2Id and CurrencyIsoCode while lines exist', () => {
    const org = newOrg({ multiCurrency: true });
    const { a, oppId } = setup(org);
    const bookId = insert(org, 'Pricebook2', { Name: 'Other', IsActive: true });
    const id = line(org, oppId, a);
    expectError(
      () => update(org, 'Opportunity', oppId, { Pricebook2Id: bookId }),
      'FIELD_INTEGRITY_EXCEPTION',
      'field integrity exception: Pricebook2Id (price book cannot be changed on an opportunity that has products)',
      ['Pricebook2Id'],
    );
    expectError(
      () => update(org, 'Opportunity', oppId, { CurrencyIsoCode: 'EUR' }),
      'FIELD_INTEGRITY_EXCEPTION',
      'field integrity exception: CurrencyIsoCode (currency cannot be changed on an opportunity that has products)',
      ['CurrencyIsoCode'],
    );
    remove(org, id);
    update(org, 'Opportunity', oppId, { Pricebook2Id: bookId, CurrencyIsoCode: 'EUR' });
    expect(row(org, 'Opportunity', oppId)).toMatchObject({ Pricebook2Id: bookId, CurrencyIsoCode: 'EUR' });
  });

  it('deletes its lines with the opportunity', () => {
    const org = newOrg();
    const { a, oppId } = setup(org);
    const id = line(org, oppId, a);
    remove(org, oppId);
    expect(org.store.get('OpportunityLineItem', id)).toBeUndefined();
    expect(org.store.getSlot('OpportunityLineItem', id)?.location).toBe('bin');
  });
});

describe('failed writes', () => {
  it('leave nothing behind when a later write of the transaction fails', () => {
    const org = newOrg();
    const { a, b, oppId } = setup(org);
    line(org, oppId, a);
    const before = { opp: { ...row(org, 'Opportunity', oppId) }, lines: org.store.count('OpportunityLineItem') };
    update(org, 'PricebookEntry', b, { IsActive: false });
    org.clock.advance(60_000);
    expect(() =>
      write(org, (ctx) => {
        insertRecord(ctx, 'Opportunity', { Name: 'New', StageName: 'Prospecting', CloseDate: '2025-07-01' });
        insertRecord(ctx, 'OpportunityLineItem', { OpportunityId: oppId, PricebookEntryId: a, Quantity: 9 });
        insertRecord(ctx, 'OpportunityLineItem', { OpportunityId: oppId, PricebookEntryId: b, Quantity: 1 });
      }),
    ).toThrow(/pricebook entry is inactive/);
    expect(row(org, 'Opportunity', oppId)).toEqual(before.opp);
    expect(org.store.count('OpportunityLineItem')).toBe(before.lines);
    expect(org.store.count('Opportunity')).toBe(1);
  });
});
