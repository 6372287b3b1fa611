import { beforeAll, describe, expect, it } from 'vitest';
import { createAccount as createBillingAccount } from '../../src/billing/accounts/create-account.ts';
import { runBilling } from '../../src/billing/billing-run/run-billing.ts';
import { addPackageService } from '../../src/billing/catalog/add-package-service.ts';
import { createPackage } from '../../src/billing/catalog/create-package.ts';
import { setServicePrice } from '../../src/billing/catalog/set-service-price.ts';
import { changeProductQuantity } from '../../src/billing/products/change-product-quantity.ts';
import { orderProduct } from '../../src/billing/products/order-product.ts';
import { importContracts } from '../../src/revenue/import/import-contracts.ts';
import { reconcile } from '../../src/revenue/reconcile/reconcile.ts';
import { syncAccounts } from '../../src/sync/flows/account-push/sync-accounts.ts';
import { useSyncContext } from '../sync/sync-helpers.ts';
import { createCatalog, createDeal, orgSettings } from './revenue-helpers.ts';

describe('booked vs billed: contracts from Salesforce against what a billing run invoiced', () => {
  const h = useSyncContext({ seed: 'empty' });
  const sf: Record<string, string> = {};

  beforeAll(async () => {
    await orgSettings(h, { multiCurrency: true, currencies: ['USD', 'EUR'] });
    // Billing's catalog: a subscription at 100.00 per seat and month.
    await createPackage(h.ctx, { code: 'SUB', name: 'Subscription', currency: 'USD', frequency: 'monthly' });
    const seats = await addPackageService(h.ctx, {
      packageIdOrCode: 'SUB',
      code: 'SEATS',
      name: 'Seats',
      kind: 'recurring',
    });
    await setServicePrice(h.ctx, { serviceId: seats.id, effectiveFrom: '2026-01-01', recurring: '100.00' });

    const account = async (name: string, flagged: boolean) =>
      (
        (await h.sf.sobject('Account').create({
          Name: name,
          CurrencyIsoCode: 'USD',
          BillingCountry: 'United States',
          Billing_Primary_Email__c: `billing@${name.toLowerCase()}.example`,
          Billing_Sync__c: flagged,
        })) as { id: string }
      ).id;
    sf.acme = await account('Acme', true);
    sf.globex = await account('Globex', true);
    sf.initech = await account('Initech', false);
    sf.soylent = await account('Soylent', true);
    expect((await syncAccounts(h.ctx, { trigger: 'test' })).counts.created).toBe(3);
    await createBillingAccount(h.ctx, { name: 'Hooli', accountNumber: 'HOOLI', currency: 'USD' });
    const number = async (id: string) =>
      (
        await h.sf.query<{ Billing_Account_Number__c: string }>(
          `SELECT Billing_Account_Number__c FROM Account WHERE Id = '${id}'`,
        )
      ).records[0].Billing_Account_Number__c;

    // Contracts sold in Salesforce: 12,000.00 a year each for Acme and Globex, 6,000.00 for Initech.
    const catalog = await createCatalog(h, [{ code: 'SUB', recurring: true }]);
    const year = { start: '2026-01-01', end: '2026-12-31' };
    await createDeal(h, catalog, { Name: 'Acme 2026', AccountId: sf.acme }, [
      { code: 'SUB', quantity: 10, total: 12000, ...year },
    ]);
    await createDeal(h, catalog, { Name: 'Globex 2026', AccountId: sf.globex }, [
      { code: 'SUB', quantity: 10, total: 12000, ...year },
    ]);
    await createDeal(h, catalog, { Name: 'Initech 2026', AccountId: sf.initech }, [
      { code: 'SUB', total: 6000, ...year },
    ]);
    await createDeal(h, catalog, { Name: 'Soylent 2026', AccountId: sf.soylent }, [
      { code: 'SUB', quantity: 10, total: 12000, ...year },
    ]);
    expect((await importContracts(h.ctx, { trigger: 'test' })).objects.Opportunity.created).toBe(4);

    // Billing as operated: Acme billed as sold, Globex for 8 seats instead of 10, Hooli with no contract.
    await orderProduct(h.ctx, {
      accountId: await number(sf.acme),
      package: 'SUB',
      quantity: 10,
      startDate: '2026-01-01',
    });
    await orderProduct(h.ctx, {
      accountId: await number(sf.globex),
      package: 'SUB',
      quantity: 8,
      startDate: '2026-01-01',
    });
    await orderProduct(h.ctx, { accountId: 'HOOLI', package: 'SUB', quantity: 1, startDate: '2026-01-01' });
    // Soylent starts at 8 seats; once February is billed, it is found to have had 10 from 15 February: the
    // March run adjusts February (+100.00, 14 of 28 days of 2 seats) beside billing March at 10.
    const soylent = await orderProduct(h.ctx, {
      accountId: await number(sf.soylent),
      package: 'SUB',
      quantity: 8,
      startDate: '2026-01-01',
    });
    h.clock.set('2026-04-01T12:00:00Z');
    for (const date of ['2026-01-31', '2026-02-28']) await runBilling(h.ctx, { date });
    await changeProductQuantity(h.ctx, { productId: soylent.id, quantity: 10, effectiveFrom: '2026-02-15' });
    await runBilling(h.ctx, { date: '2026-03-31' });
  });

  it('lists every account that differs, with why, and the totals', async () => {
    const result = await reconcile(h.ctx, { from: '2026-01-01', to: '2026-03-31' });
    expect(result.totals).toEqual({ booked: '10500.00', billed: '8400.00', difference: '-2100.00' });
    expect(result.accounts.map((a) => [a.name, a.status, a.booked, a.billed, a.difference])).toEqual([
      ['Acme', 'matched', '3000.00', '3000.00', '0.00'],
      ['Globex', 'amount_differs', '3000.00', '2400.00', '-600.00'],
      ['Hooli', 'contract_missing', '0.00', '300.00', '300.00'],
      ['Initech', 'not_in_billing', '1500.00', '0.00', '-1500.00'],
      // January 800.00, February 800.00 + 100.00 adjusted in March's run, March 1,000.00.
      ['Soylent', 'amount_differs', '3000.00', '2700.00', '-300.00'],
    ]);
    expect(result.differences.map((d) => d.name)).toEqual(['Globex', 'Hooli', 'Initech', 'Soylent']);
    expect(result.accounts[0]).toMatchObject({ arr: '12000.00', salesforceId: sf.acme });
  });

  it('one month: the contracts cut to the month the way billing prorates', async () => {
    const result = await reconcile(h.ctx, { from: '2026-02-01', to: '2026-02-28' });
    expect(result.accounts.find((a) => a.name === 'Acme')).toMatchObject({
      booked: '1000.00',
      billed: '1000.00',
      status: 'matched',
    });
  });

  it('a bad period is refused', async () => {
    await expect(reconcile(h.ctx, { from: '2026-03-01', to: '2026-02-01' })).rejects.toMatchObject({
      code: 'invalid_period',
    });
    await expect(reconcile(h.ctx, { from: '2026-02-30' })).rejects.toMatchObject({ code: 'validation_failed' });
  });
});
