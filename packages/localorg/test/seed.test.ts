import { describe, expect, it } from 'vitest';
import { sum } from '../src/decimal.ts';
import { type CustomSchema, Org } from '../src/org.ts';
import { DEMO_COUNTS, seedDemo } from '../src/seed/demo.ts';
import { seedStandardRecords } from '../src/seed/standard.ts';
import type { SfRecord } from '../src/store/record-store.ts';
import { billingAccountNumberSchema } from './helpers.ts';
import { NOW, newOrg, rows } from './org-fixture.ts';

const DAY_MS = 86_400_000;

function demoOrg(customSchema?: CustomSchema): Org {
  const org = newOrg({ customSchema });
  seedDemo(org);
  return org;
}

describe('demo seed', () => {
  const org = demoOrg();
  const accounts = rows(org, 'Account');
  const byId = new Map(accounts.map((a) => [a.Id, a]));

  it('creates the promised counts through the write pipeline, with multi-currency on', () => {
    const baseline = new Org();
    seedStandardRecords(baseline);
    for (const [object, count] of Object.entries(DEMO_COUNTS)) {
      expect(org.store.count(object) - baseline.store.count(object), object).toBe(count);
    }
    expect(org.settings).toMatchObject({ multiCurrency: true, currencies: ['USD', 'EUR'] });
  });

  it('is deterministic: two orgs seeded at the same instant hold identical rows', () => {
    const again = demoOrg();
    const dump = (o: Org) => [...o.store.dump()].sort((x, y) => String(x[2]).localeCompare(String(y[2])));
    expect(dump(again)).toEqual(dump(org));
  });

  it('has a three-level account hierarchy in each currency, each in one currency', () => {
    const depth = (a: SfRecord): number => (typeof a.ParentId === 'string' ? 1 + depth(byId.get(a.ParentId)!) : 1);
    const root = (a: SfRecord): SfRecord => (typeof a.ParentId === 'string' ? root(byId.get(a.ParentId)!) : a);
    for (const currency of ['USD', 'EUR']) {
      const deepest = accounts.filter((a) => depth(a) === 3 && a.CurrencyIsoCode === currency);
      expect(deepest.length, currency).toBeGreaterThan(0);
      const family = accounts.filter((a) => root(a).Id === root(deepest[0]).Id);
      expect(new Set(family.map((a) => a.CurrencyIsoCode))).toEqual(new Set([currency]));
    }
    expect(accounts.some((a) => a.Type === 'Prospect' && a.ParentId === null)).toBe(true);
    expect(accounts.every((a) => typeof a.BillingCountry === 'string' && typeof a.BillingCity === 'string')).toBe(true);
  });

  it('has a contact on every account and one contact shared as a billing contact', () => {
    const contacts = rows(org, 'Contact');
    expect(new Set(contacts.map((c) => c.AccountId))).toEqual(new Set(accounts.map((a) => a.Id)));
    const relations = rows(org, 'AccountContactRelation');
    const shared = relations.filter((r) => r.IsDirect === false);
    expect(shared).toHaveLength(1);
    expect(shared[0].Roles).toBe('Billing Contact');
    expect(relations.filter((r) => r.ContactId === shared[0].ContactId)).toHaveLength(2);
  });

  it('prices every product in both currencies in the standard and the revbridge price book', () => {
    const books = rows(org, 'Pricebook2');
    const custom = books.find((b) => b.Name === 'revbridge Price Book')!;
    expect(custom.IsActive).toBe(true);
    const entries = rows(org, 'PricebookEntry');
    for (const product of rows(org, 'Product2')) {
      const keys = entries
        .filter((e) => e.Product2Id === product.Id)
        .map((e) => `${e.Pricebook2Id === custom.Id ? 'custom' : 'standard'}/${e.CurrencyIsoCode}`)
        .sort();
      expect(keys, String(product.Name)).toEqual(['custom/EUR', 'custom/USD', 'standard/EUR', 'standard/USD']);
    }
    expect(new Set(rows(org, 'Product2').map((p) => p.Family))).toEqual(
      new Set(['Subscription', 'Usage', 'Professional Services']),
    );
  });

  it('has won, lost and open opportunities whose Amount is the sum of their lines', () => {
    const opportunities = rows(org, 'Opportunity');
    const lines = rows(org, 'OpportunityLineItem');
    expect(opportunities.filter((o) => o.IsWon === true).length).toBeGreaterThan(0);
    expect(opportunities.filter((o) => o.IsClosed === true && o.IsWon === false).length).toBeGreaterThan(0);
    expect(opportunities.filter((o) => o.IsClosed === false).length).toBeGreaterThanOrEqual(2);
    for (const o of opportunities) {
      const own = lines.filter((l) => l.OpportunityId === o.Id);
      expect(own.length, String(o.Name)).toBeGreaterThan(0);
      expect(o.Amount, String(o.Name)).toBe(
        sum(
          own.map((l) => l.TotalPrice as number),
          2,
        ),
      );
      expect(o.HasOpportunityLineItem).toBe(true);
      expect(o.CurrencyIsoCode).toBe(byId.get(String(o.AccountId))?.CurrencyIsoCode);
    }
    expect(lines.some((l) => (l.UnitPrice as number) < (l.ListPrice as number))).toBe(true);
  });

  it('dates deals around the org clock, so "last 30 days" finds closed business', () => {
    const today = new Date(NOW).toISOString().slice(0, 10);
    const monthAgo = new Date(NOW - 30 * DAY_MS).toISOString().slice(0, 10);
    const recent = rows(org, 'Opportunity').filter(
      (o) => o.IsWon === true && String(o.CloseDate) >= monthAgo && String(o.CloseDate) <= today,
    );
    expect(recent.length).toBeGreaterThan(0);
  });

  it('leaves Account.Billing_Account_Number__c empty for revbridge to assign', () => {
    const withField = demoOrg(billingAccountNumberSchema());
    const seeded = rows(withField, 'Account');
    expect(seeded).toHaveLength(DEMO_COUNTS.Account);
    expect(seeded.every((a) => a.Billing_Account_Number__c === null)).toBe(true);
  });
});

describe('standard records', () => {
  it('every org has the default opportunity stages, read-only, saying which close and which win', () => {
    const org = newOrg();
    const stages = rows(org, 'OpportunityStage').sort((a, b) => Number(a.SortOrder) - Number(b.SortOrder));
    expect(stages.map((s) => [s.ApiName, s.IsClosed, s.IsWon])).toEqual([
      ['Prospecting', false, false],
      ['Qualification', false, false],
      ['Needs Analysis', false, false],
      ['Value Proposition', false, false],
      ['Id. Decision Makers', false, false],
      ['Perception Analysis', false, false],
      ['Proposal/Price Quote', false, false],
      ['Negotiation/Review', false, false],
      ['Closed Won', true, true],
      ['Closed Lost', true, false],
    ]);
    expect(org.schema.get('OpportunityStage')!.def).toMatchObject({ createable: false, updateable: false });
    expect(stages[0]).not.toHaveProperty('IsDeleted');
  });
});
