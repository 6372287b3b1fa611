import type { ArTerm } from './ar-term.ts';
import { ACCOUNT_STATUS_LABELS, BILLING_CYCLE_LABELS } from './picklist-labels.ts';

/** One value of a picklist: `value` is what the API reads and writes (the metadata's fullName), `label` what people see. */
export interface PicklistEntry {
  value: string;
  label: string;
}

/**
 * A global value set billing defines. Picklist values in a Salesforce org change only through the Metadata
 * API, so billing publishes them as SFDX source an admin deploys (`revbridge salesforce metadata`), and checks
 * every value it is sent anyway (a value set deployed late or edited by hand cannot sneak a value in).
 */
export interface ValueSet {
  /** The GlobalValueSet's API name, also its file name: `Billing_Bill_Group`. */
  name: string;
  masterLabel: string;
  /** The Account fields bound to it. */
  fields: string[];
  values: PicklistEntry[];
}

export interface BillingLists {
  billGroups: readonly { code: string; name: string }[];
  arTerms: readonly ArTerm[];
  accountCategories: readonly { code: string; name: string }[];
}

export const VALUE_SET_DESCRIPTION =
  'Values defined in revbridge billing; regenerate with `revbridge salesforce metadata`.';

/**
 * The five value sets from billing's lists, in a fixed order with values in a fixed order (AR terms by days,
 * bill groups and categories by code), so the same lists always give the same files.
 */
export function salesforceValueSets(lists: BillingLists): ValueSet[] {
  const coded = (rows: readonly { code: string; name: string }[]) =>
    [...rows].sort((a, b) => byCode(a.code, b.code)).map((r) => ({ value: r.code, label: r.name }));
  const fixed = (labels: Readonly<Record<string, string>>) =>
    Object.values(labels).map((label) => ({ value: label, label }));
  return [
    {
      name: 'Billing_Status',
      masterLabel: 'Billing Status',
      fields: ['Account.Billing_Status__c'],
      values: fixed(ACCOUNT_STATUS_LABELS),
    },
    {
      name: 'Billing_Cycle',
      masterLabel: 'Billing Cycle',
      fields: ['Account.Billing_Cycle__c', 'Product2.Billing_Frequency__c'],
      values: fixed(BILLING_CYCLE_LABELS),
    },
    {
      name: 'Billing_AR_Term',
      masterLabel: 'AR Term',
      fields: ['Account.AR_Term__c'],
      values: [...lists.arTerms].sort((a, b) => a.days - b.days).map((t) => ({ value: t.code, label: t.code })),
    },
    {
      name: 'Billing_Bill_Group',
      masterLabel: 'Bill Group',
      fields: ['Account.Bill_Group__c'],
      values: coded(lists.billGroups),
    },
    {
      name: 'Billing_Account_Category',
      masterLabel: 'Billing Account Category',
      fields: ['Account.Billing_Account_Category__c'],
      values: coded(lists.accountCategories),
    },
  ];
}

/** Case-insensitive, then by code point: an order that does not depend on the machine's locale. */
function byCode(a: string, b: string): number {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The SFDX source file of a value set (`globalValueSets/<name>.globalValueSet-meta.xml`), byte for byte. */
export function globalValueSetXml(set: ValueSet): string {
  const values = set.values.map(
    (v) =>
      '    <customValue>\n' +
      `        <fullName>${xmlText(v.value)}</fullName>\n` +
      '        <default>false</default>\n' +
      `        <label>${xmlText(v.label)}</label>\n` +
      '    </customValue>\n',
  );
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<GlobalValueSet xmlns="http://soap.sforce.com/2006/04/metadata">\n' +
    values.join('') +
    `    <description>${xmlText(VALUE_SET_DESCRIPTION)}</description>\n` +
    `    <masterLabel>${xmlText(set.masterLabel)}</masterLabel>\n` +
    '    <sorted>false</sorted>\n' +
    '</GlobalValueSet>\n'
  );
}

export function globalValueSetFileName(set: ValueSet): string {
  return `${set.name}.globalValueSet-meta.xml`;
}

function xmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
