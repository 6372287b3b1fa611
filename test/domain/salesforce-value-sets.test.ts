import { describe, expect, it } from 'vitest';
import { globalValueSetXml, salesforceValueSets } from '../../src/domain/salesforce-value-sets.ts';

const LISTS = {
  billGroups: [
    { code: 'west', name: 'West' },
    { code: 'East', name: 'East & Co <1>' },
    { code: 'Default', name: 'Default' },
  ],
  arTerms: [
    { code: 'Net 60', days: 60 },
    { code: 'Net 0', days: 0 },
    { code: 'Net 30', days: 30 },
  ],
  accountCategories: [{ code: 'Résidentiel', name: 'Résidentiel' }],
};

describe('salesforceValueSets — billing’s values as the Account picklists’ global value sets', () => {
  it('gives the five sets in a fixed order, values in a fixed order', () => {
    const sets = salesforceValueSets(LISTS);
    expect(sets.map((s) => [s.name, s.fields, s.values.map((v) => v.value)])).toEqual([
      ['Billing_Status', ['Account.Billing_Status__c'], ['Active', 'Suspended', 'Closed']],
      [
        'Billing_Cycle',
        ['Account.Billing_Cycle__c', 'Product2.Billing_Frequency__c'],
        ['Monthly', 'Quarterly', 'Semiannual', 'Annual'],
      ],
      ['Billing_AR_Term', ['Account.AR_Term__c'], ['Net 0', 'Net 30', 'Net 60']],
      ['Billing_Bill_Group', ['Account.Bill_Group__c'], ['Default', 'East', 'west']],
      ['Billing_Account_Category', ['Account.Billing_Account_Category__c'], ['Résidentiel']],
    ]);
    // The same lists in another order give the same sets.
    const reversed = {
      billGroups: [...LISTS.billGroups].reverse(),
      arTerms: [...LISTS.arTerms].reverse(),
      accountCategories: LISTS.accountCategories,
    };
    expect(salesforceValueSets(reversed)).toEqual(sets);
  });

  it('writes the code as the API value and the name as the label', () => {
    const groups = salesforceValueSets(LISTS).find((s) => s.name === 'Billing_Bill_Group')!;
    expect(groups.values[1]).toEqual({ value: 'East', label: 'East & Co <1>' });
  });

  it('renders SFDX source with XML escaped, one customValue per value', () => {
    const xml = globalValueSetXml(salesforceValueSets(LISTS).find((s) => s.name === 'Billing_Bill_Group')!);
    expect(xml).toContain('        <fullName>East</fullName>\n        <default>false</default>\n');
    expect(xml).toContain('<label>East &amp; Co &lt;1&gt;</label>');
    expect(xml.match(/<customValue>/g)).toHaveLength(3);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<GlobalValueSet ')).toBe(true);
    expect(xml).toContain('<masterLabel>Bill Group</masterLabel>');
    expect(xml.endsWith('</GlobalValueSet>\n')).toBe(true);
  });
});
