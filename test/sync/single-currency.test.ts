import { describe, expect, it } from 'vitest';
import { crmOf } from '../../src/sync/engine/sync-context.ts';
import { readFields } from '../../src/sync/flows/account-push/read-accounts.ts';
import { syncAccounts } from '../../src/sync/flows/account-push/sync-accounts.ts';
import { ACCOUNT_MAPPING } from '../../src/sync/mappings/account-mapping.ts';
import { CONTACT_MAPPING } from '../../src/sync/mappings/contact-mapping.ts';
import { showMappings } from '../../src/sync/mappings/show-mappings.ts';
import { assertMappingsValid } from '../../src/sync/mappings/validate-mapping.ts';
import { revbridge } from './revbridge-cli.ts';
import { type RequestLogEntry, useSyncContext } from './sync-helpers.ts';

/** Every request the hub made to the org's APIs since `mark`: REST and the partner SOAP endpoint. */
async function apiRequestsSince(orgUrl: string, mark: number): Promise<RequestLogEntry[]> {
  const log = (await (await fetch(`${orgUrl}/__localorg/requests?since=${mark}`)).json()) as {
    requests: RequestLogEntry[];
  };
  return log.requests.filter((r) => r.path.startsWith('/services/data/v') || r.path.startsWith('/services/Soap/'));
}

describe('the mapping check against a single-currency org', () => {
  const h = useSyncContext({ seed: 'demo', org: { singleCurrency: true, currency: 'EUR' } });

  it("passes, and returns the account mapping without CurrencyIsoCode and with the org's currency", async () => {
    const mark = await h.mark();
    const crm = await crmOf(h.ctx);
    const [account, contact] = await assertMappingsValid(crm, [ACCOUNT_MAPPING, CONTACT_MAPPING]);
    // Two describes and one partner SOAP call (getUserInfo) for the currency.
    expect((await apiRequestsSince(h.org.url, mark)).map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /services/data/v62.0/sobjects/Account/describe',
      'POST /services/Soap/u/62.0',
      'GET /services/data/v62.0/sobjects/Contact/describe',
    ]);
    expect(crm.calls).toBe(3);
    expect(account.constants).toEqual({ currency: 'EUR' });
    expect(account.fields.map((f) => f.salesforce)).not.toContain('CurrencyIsoCode');
    expect(contact).toBe(CONTACT_MAPPING);
    // What a flow reads through the effective mapping, the org answers.
    const fields = readFields(account);
    expect(fields).not.toContain('CurrencyIsoCode');
    const pages = crm.queryPages(`SELECT ${fields.join(', ')} FROM Account LIMIT 5`);
    for await (const page of pages) expect(page.length).toBeGreaterThan(0);
  });

  it('costs nothing more for the next runs of the process: the currency is cached like the describes', async () => {
    const mark = await h.mark();
    // Each run opens its own connection; the process's DescribeCache answers the second check.
    await assertMappingsValid(await crmOf(h.ctx), [ACCOUNT_MAPPING, CONTACT_MAPPING]);
    await assertMappingsValid(await crmOf(h.ctx), [ACCOUNT_MAPPING, CONTACT_MAPPING]);
    // The first test already described both objects and asked the currency: nothing more.
    expect(await apiRequestsSince(h.org.url, mark)).toEqual([]);
  });

  it('mappings show --check: no problem, and the currency comes from the org', async () => {
    const view = await showMappings(h.ctx, { check: true });
    expect(view.problems).toEqual([]);
    const currency = view.rows.find((r) => r.mapping === 'account' && r.billingField === 'currency');
    expect(currency).toMatchObject({
      salesforceField: 'CurrencyIsoCode',
      absentInOrg: 'org_currency',
      orgValue: 'EUR',
    });
    expect(view.rows.filter((r) => r.orgValue !== undefined)).toHaveLength(1);
    const plain = await showMappings(h.ctx);
    expect(plain.rows.find((r) => r.billingField === 'currency')?.orgValue).toBeUndefined();
  });

  it('revbridge mappings show --check says so', async () => {
    const run = await revbridge(h, ['mappings', 'show', '--check']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("the org's currency, EUR (no Account.CurrencyIsoCode)");
    expect(run.stdout).toContain('The org has every mapped field, writable where revbridge writes.');
  });
});

describe('the account sync against a single-currency org', () => {
  const h = useSyncContext({ seed: 'empty', org: { singleCurrency: true, currency: 'EUR' } });

  it("creates the hierarchy in the org's currency, and a second run finds it unchanged", async () => {
    const base = { BillingCountry: 'Germany', Billing_Primary_Email__c: 'billing@example.com' };
    const parent = ((await h.sf.sobject('Account').create({ Name: 'Kessler Holding', ...base })) as { id: string }).id;
    const child = (
      (await h.sf
        .sobject('Account')
        .create({ Name: 'Kessler Berlin', ParentId: parent, Billing_Sync__c: true, ...base })) as {
        id: string;
      }
    ).id;
    const first = await syncAccounts(h.ctx, { trigger: 'test' });
    expect(first.error).toBeUndefined();
    expect(first.objects.Account).toMatchObject({ created: 2, failed: 0 });
    const billing = await h.ctx.db
      .selectFrom('accounts')
      .select(['name', 'currency', 'country'])
      .orderBy('id')
      .execute();
    expect(billing).toEqual([
      { name: 'Kessler Holding', currency: 'EUR', country: 'DE' },
      { name: 'Kessler Berlin', currency: 'EUR', country: 'DE' },
    ]);
    const records = await h.sf.query<{ Id: string; Billing_Sync_Status__c: string }>(
      `SELECT Id, Billing_Sync_Status__c FROM Account WHERE Id IN ('${parent}', '${child}')`,
    );
    expect(records.records.map((r) => r.Billing_Sync_Status__c)).toEqual(['Synced', 'Synced']);
    const again = await syncAccounts(h.ctx, { trigger: 'test' });
    expect(again.objects.Account).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
  });
});

describe('the mapping check against a multi-currency org', () => {
  const h = useSyncContext({ seed: 'demo' });

  it('runs the mappings as written and never asks for the currency', async () => {
    const mark = await h.mark();
    const mappings = await assertMappingsValid(await crmOf(h.ctx), [ACCOUNT_MAPPING, CONTACT_MAPPING]);
    expect(mappings).toEqual([ACCOUNT_MAPPING, CONTACT_MAPPING]);
    expect(mappings[0]).toBe(ACCOUNT_MAPPING);
    const requests = await apiRequestsSince(h.org.url, mark);
    expect(requests.map((r) => r.path.replace(/\?.*/, ''))).toEqual([
      '/services/data/v62.0/sobjects/Account/describe',
      '/services/data/v62.0/sobjects/Contact/describe',
    ]);
    const view = await showMappings(h.ctx, { check: true });
    expect(view.problems).toEqual([]);
    expect(view.rows.filter((r) => r.orgValue !== undefined)).toEqual([]);
  });
});
