import { describe, expect, it } from 'vitest';
import type { CrmConnection, CrmFieldDescribe, CrmObjectDescribe } from '../../src/crm/crm.port.ts';
import { RevbridgeError } from '../../src/domain/errors.ts';
import { ACCOUNT_MAPPING } from '../../src/sync/mappings/account-mapping.ts';
import { CONTACT_MAPPING } from '../../src/sync/mappings/contact-mapping.ts';
import type { ObjectMapping } from '../../src/sync/mappings/field-mapping.ts';
import {
  absentFields,
  assertMappingsValid,
  effectiveMapping,
  mappingProblems,
} from '../../src/sync/mappings/validate-mapping.ts';

/** A describe with every field the mapping names, writable, minus `without`. */
function describeFor(mapping: ObjectMapping, without: string[] = []): CrmObjectDescribe {
  const names = [mapping.syncFlag, ...Object.values(mapping.state), ...mapping.fields.map((f) => f.salesforce)];
  const fields = new Map<string, CrmFieldDescribe>();
  for (const name of names) {
    if (without.includes(name)) continue;
    fields.set(name, {
      name,
      type: 'string',
      createable: true,
      updateable: true,
      calculated: false,
      externalId: false,
      referenceTo: [],
      picklistValues: [],
    });
  }
  return { name: mapping.salesforceObject, fields };
}

/** Only what the mapping check uses: describe, and the org's currency (counted). */
function fakeCrm(describes: Record<string, CrmObjectDescribe>, currency = 'EUR') {
  const asked = { orgCurrency: 0 };
  const crm = {
    describe: (object: string) => Promise.resolve(describes[object]),
    orgCurrency: () => {
      asked.orgCurrency++;
      return Promise.resolve(currency);
    },
  } as unknown as CrmConnection;
  return { crm, asked };
}

describe('the mapping as an org runs it', () => {
  const singleCurrency = describeFor(ACCOUNT_MAPPING, ['CurrencyIsoCode']);

  it('a multi-currency org runs the mapping as written (the same object, no constants)', () => {
    const describe = describeFor(ACCOUNT_MAPPING);
    expect(absentFields(ACCOUNT_MAPPING, describe)).toEqual([]);
    expect(effectiveMapping(ACCOUNT_MAPPING, describe, undefined)).toBe(ACCOUNT_MAPPING);
  });

  it('a single-currency org: no CurrencyIsoCode in the fields, the org currency as the constant currency', () => {
    const runs = effectiveMapping(ACCOUNT_MAPPING, singleCurrency, 'eur');
    expect(runs.fields.map((f) => f.salesforce)).not.toContain('CurrencyIsoCode');
    expect(runs.fields).toHaveLength(ACCOUNT_MAPPING.fields.length - 1);
    expect(runs.constants).toEqual({ currency: 'EUR' });
    // Everything else is the mapping as written; the written mapping is untouched.
    expect({ ...runs, fields: undefined, constants: undefined }).toEqual({
      ...ACCOUNT_MAPPING,
      fields: undefined,
      constants: undefined,
    });
    expect(ACCOUNT_MAPPING.fields.map((f) => f.salesforce)).toContain('CurrencyIsoCode');
    expect(ACCOUNT_MAPPING.constants).toBeUndefined();
    expect(mappingProblems(runs, singleCurrency)).toEqual([]);
  });

  it('the org currency is needed only when a field falls back to it', () => {
    expect(() => effectiveMapping(ACCOUNT_MAPPING, singleCurrency, undefined)).toThrow(
      "Account.CurrencyIsoCode falls back to the org's currency",
    );
  });

  it('a missing field without a fallback is still a problem, and a missing fallback field is not', () => {
    const describe = describeFor(ACCOUNT_MAPPING, ['CurrencyIsoCode', 'Bill_Group__c']);
    const runs = effectiveMapping(ACCOUNT_MAPPING, describe, 'USD');
    expect(mappingProblems(runs, describe)).toEqual([
      'Account.Bill_Group__c does not exist in the org (deploy salesforce/force-app)',
    ]);
    // As written, the mapping names CurrencyIsoCode too.
    expect(mappingProblems(ACCOUNT_MAPPING, describe)).toHaveLength(2);
  });

  it('assertMappingsValid returns the mappings as the org runs them, asking the currency once', async () => {
    const { crm, asked } = fakeCrm({ Account: singleCurrency, Contact: describeFor(CONTACT_MAPPING) });
    const [account, contact] = await assertMappingsValid(crm, [ACCOUNT_MAPPING, CONTACT_MAPPING]);
    expect(account.constants).toEqual({ currency: 'EUR' });
    expect(account.fields.map((f) => f.salesforce)).not.toContain('CurrencyIsoCode');
    expect(contact).toBe(CONTACT_MAPPING);
    expect(asked.orgCurrency).toBe(1);
  });

  it('assertMappingsValid does not ask the currency of an org that has CurrencyIsoCode', async () => {
    const { crm, asked } = fakeCrm({ Account: describeFor(ACCOUNT_MAPPING), Contact: describeFor(CONTACT_MAPPING) });
    const mappings = await assertMappingsValid(crm, [ACCOUNT_MAPPING, CONTACT_MAPPING]);
    expect(mappings).toEqual([ACCOUNT_MAPPING, CONTACT_MAPPING]);
    expect(asked.orgCurrency).toBe(0);
  });

  it('assertMappingsValid still refuses what the org lacks with mapping_invalid', async () => {
    const { crm } = fakeCrm({
      Account: describeFor(ACCOUNT_MAPPING, ['CurrencyIsoCode', 'Billing_Sync__c']),
      Contact: describeFor(CONTACT_MAPPING),
    });
    const error = await assertMappingsValid(crm, [ACCOUNT_MAPPING, CONTACT_MAPPING]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RevbridgeError);
    expect(error).toMatchObject({
      code: 'mapping_invalid',
      details: { problems: ['Account.Billing_Sync__c does not exist in the org (deploy salesforce/force-app)'] },
    });
  });
});
