import { beforeAll, describe, expect, it } from 'vitest';
import { syncAccounts } from '../../src/sync/flows/account-push/sync-accounts.ts';
import { useSyncContext } from './sync-helpers.ts';

/**
 * Every seed rule broken from Salesforce: a coded error for that record (and its dependants) in the history
 * and on the Salesforce record, with what to fix; nothing half-written in billing; the rest of the run goes on.
 */
describe('account sync: bad input from Salesforce', () => {
  const h = useSyncContext({ seed: 'empty' });

  interface Row {
    Id: string;
    Name: string;
    Billing_Sync_Status__c: string | null;
    Billing_Sync_Error__c: string | null;
    Billing_Account_Number__c: string | null;
  }
  const state = async (id: string) =>
    (
      await h.sf.query<Row>(
        `SELECT Id, Name, Billing_Sync_Status__c, Billing_Sync_Error__c, Billing_Account_Number__c FROM Account WHERE Id = '${id}'`,
      )
    ).records[0];
  const create = async (fields: Record<string, unknown>) => {
    const r = await h.sf.sobject('Account').create({
      CurrencyIsoCode: 'USD',
      BillingCountry: 'United States',
      Billing_Primary_Email__c: 'billing@example.com',
      Billing_Sync__c: true,
      ...fields,
    });
    return (r as { id: string }).id;
  };
  const billingCount = async () =>
    Number(
      (
        await h.ctx.db
          .selectFrom('accounts')
          .select((e) => e.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const outcomeOf = (result: Awaited<ReturnType<typeof syncAccounts>>, id: string) =>
    result.records.find((r) => r.salesforceId === id)!;

  beforeAll(async () => {
    await fetch(`${h.org.url}/__localorg/settings`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ multiCurrency: true, currencies: ['USD', 'EUR'] }),
    });
  });

  it('refuses what a new billing account cannot be, marks the record, and syncs the rest', async () => {
    const good = await create({ Name: 'Good Root' });
    const noCountry = await create({ Name: 'No Country', BillingCountry: null });
    const atlantis = await create({ Name: 'Atlantis Ltd', BillingCountry: 'Atlantis' });
    const badTerm = await create({ Name: 'Odd Terms', AR_Term__c: null, Bill_Group__c: null });
    // A restricted picklist cannot hold an unknown AR term in Salesforce; a stale one (removed in billing) can.
    await h.ctx.db.deleteFrom('ar_terms').where('code', '=', 'Net 45').execute();
    await h.sf.sobject('Account').update({ Id: badTerm, AR_Term__c: 'Net 45' });
    const eurParent = await create({ Name: 'Euro Parent', CurrencyIsoCode: 'EUR', BillingCountry: 'Germany' });
    const usdChild = await create({ Name: 'Dollar Child', ParentId: eurParent });
    const orphan = await create({ Name: 'Grandchild of Euro', ParentId: usdChild });

    const before = await billingCount();
    const result = await syncAccounts(h.ctx, { trigger: 'test' });
    expect(result.status).toBe('partial');
    const code = (id: string) => outcomeOf(result, id).errorCode ?? outcomeOf(result, id).outcome;
    expect(code(good)).toBe('created');
    expect(code(eurParent)).toBe('created');
    expect(code(noCountry)).toBe('billing_field_missing');
    expect(code(atlantis)).toBe('unknown_country');
    expect(code(badTerm)).toBe('ar_term_unknown');
    expect(code(usdChild)).toBe('currency_mismatch');
    expect(code(orphan)).toBe('parent_sync_failed');
    expect(await billingCount()).toBe(before + 2);

    const marked = await state(atlantis);
    expect(marked.Billing_Sync_Status__c).toBe('Error');
    expect(marked.Billing_Sync_Error__c).toMatch(/^unknown_country: "Atlantis" is not a country/);
    expect(marked.Billing_Account_Number__c).toBeNull();
    expect((await state(orphan)).Billing_Sync_Error__c).toMatch(/^parent_sync_failed: .*currency_mismatch/);
    expect((await state(good)).Billing_Sync_Status__c).toBe('Synced');

    // Fixing the record is all it takes: the next run syncs it and clears the error.
    await h.sf.sobject('Account').update({ Id: atlantis, BillingCountry: 'Atlantis'.replace('Atlantis', 'Canada') });
    const again = await syncAccounts(h.ctx, { trigger: 'test' });
    expect(outcomeOf(again, atlantis).outcome).toBe('created');
    const fixed = await state(atlantis);
    expect(fixed.Billing_Sync_Status__c).toBe('Synced');
    expect(fixed.Billing_Sync_Error__c).toBeNull();
  });

  it('currency is locked once synced; a child may not leave its hierarchy; invoicers stay inside it', async () => {
    const root = await create({ Name: 'Lock Root' });
    const child = await create({ Name: 'Lock Child', ParentId: root });
    const other = await create({ Name: 'Other Root' });
    expect(
      (await syncAccounts(h.ctx, { trigger: 'test' })).records.filter((r) => r.outcome === 'created'),
    ).toHaveLength(3);

    await h.sf.sobject('Account').update({ Id: other, CurrencyIsoCode: 'EUR' });
    await h.sf.sobject('Account').update({ Id: child, ParentId: other });
    const invoiced = await create({ Name: 'Invoiced Elsewhere', ParentId: root, Subscription_Invoicer__c: other });
    const result = await syncAccounts(h.ctx, { trigger: 'test' });
    const code = (id: string) => outcomeOf(result, id).errorCode;
    expect(code(other)).toBe('currency_locked');
    expect(code(child)).toBe('reparent_outside_hierarchy');
    expect(code(invoiced)).toBe('invoicer_outside_hierarchy');
    // Nothing moved in billing.
    const rows = await h.ctx.db.selectFrom('accounts').select(['name', 'currency', 'parent_id']).execute();
    expect(rows.find((r) => r.name === 'Other Root')!.currency).toBe('USD');
    expect(rows.find((r) => r.name === 'Invoiced Elsewhere')).toBeUndefined();
    const rootRow = await h.ctx.db
      .selectFrom('accounts')
      .select('id')
      .where('name', '=', 'Lock Root')
      .executeTakeFirstOrThrow();
    expect(rows.find((r) => r.name === 'Lock Child')!.parent_id).toBe(rootRow.id);
    expect((await state(child)).Billing_Sync_Error__c).toMatch(
      /^reparent_outside_hierarchy: Lock Child is already in billing, so Other Root \(another hierarchy\) cannot become its parent/,
    );
    // Told in Salesforce's terms: the records' names, not billing numbers (the new account's never existed).
    expect((await state(invoiced)).Billing_Sync_Error__c).toMatch(
      /^invoicer_outside_hierarchy: The subscription invoicer Other Root is not in the hierarchy of Invoiced Elsewhere; pick Invoiced Elsewhere itself/,
    );
    expect((await state(other)).Billing_Sync_Error__c).toMatch(
      /^currency_locked: Other Root is already in billing in USD; its currency cannot change to EUR\. Set it back to USD\./,
    );

    const history = await h.ctx.db
      .selectFrom('sync_outcomes')
      .selectAll()
      .where('run_id', '=', BigInt(result.runId))
      .where('salesforce_id', 'in', [other, child, invoiced])
      .execute();
    expect(history.map((o) => o.error_code!).sort()).toEqual([
      'currency_locked',
      'invoicer_outside_hierarchy',
      'reparent_outside_hierarchy',
    ]);
  });

  it('a missing primary email is a warning on the record, not a refusal', async () => {
    const id = await create({ Name: 'No Email Inc', Billing_Primary_Email__c: null });
    const result = await syncAccounts(h.ctx, { trigger: 'test' });
    expect(outcomeOf(result, id)).toMatchObject({
      outcome: 'created',
      warnings: [expect.stringMatching(/Primary Email/)],
    });
    const row = await state(id);
    expect(row.Billing_Sync_Status__c).toBe('Synced');
    expect(row.Billing_Sync_Error__c).toMatch(/^warning: No Billing Primary Email/);
  });

  it('a dry run reports per record what would happen and writes nothing anywhere', async () => {
    const fresh = await create({ Name: 'Dry Run Co' });
    const broken = await create({ Name: 'Dry Broken', BillingCountry: 'Nowhere' });
    // A contact of an account the plan would create: planned as created too (the plan sees that account).
    const contact = (
      (await h.sf.sobject('Contact').create({
        AccountId: fresh,
        LastName: 'Planner',
        Email: 'planner@example.com',
        Billing_Sync__c: true,
      })) as { id: string }
    ).id;
    const mark = await h.mark();
    const before = await billingCount();
    const plan = await syncAccounts(h.ctx, { trigger: 'test', dryRun: true });
    expect(plan.dryRun).toBe(true);
    expect(outcomeOf(plan, fresh).outcome).toBe('created');
    expect(outcomeOf(plan, broken).errorCode).toBe('unknown_country');
    expect(outcomeOf(plan, contact).outcome).toBe('created');
    expect(await billingCount()).toBe(before);
    expect((await h.apiCallsSince(mark)).filter((c) => c.method !== 'GET')).toEqual([]);
    expect((await state(fresh)).Billing_Sync_Status__c).toBeNull();
    // The real run does what the plan said.
    const real = await syncAccounts(h.ctx, { trigger: 'test' });
    expect(real.counts).toEqual(plan.counts);
  });
});
