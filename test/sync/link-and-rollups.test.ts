import { beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/billing/accounts/create-account.ts';
import { runBilling } from '../../src/billing/billing-run/run-billing.ts';
import { recordPayment } from '../../src/billing/payments/record-payment.ts';
import { changeProductQuantity } from '../../src/billing/products/change-product-quantity.ts';
import { orderProduct } from '../../src/billing/products/order-product.ts';
import { linkAccount } from '../../src/sync/flows/account-push/link-account.ts';
import { syncAccounts } from '../../src/sync/flows/account-push/sync-accounts.ts';
import { syncRollups } from '../../src/sync/flows/invoice-summary/sync-rollups.ts';
import { seedSmallCatalog } from '../billing/helpers.ts';
import { useSyncContext } from './sync-helpers.ts';

interface Row {
  Id: string;
  Name: string;
  Billing_Account_Number__c: string | null;
  Billing_Account_Id__c: string | null;
  Billing_Primary_Email__c: string | null;
  Billing_Cycle__c: string | null;
  Billing_Cycle_Id__c: string | null;
  Billing_Account_Category__c: string | null;
  Billing_Account_Category_Id__c: string | null;
  Billing_Sync_Status__c: string | null;
  Total_Amount_Billed__c: number | null;
  First_Invoice_Amount__c: number | null;
  First_Invoice_Date__c: string | null;
  Latest_Invoice_Amount__c: number | null;
  Latest_Invoice_Date__c: string | null;
  Due_Amount__c: number | null;
  Past_Due_Amount__c: number | null;
}

describe('billing → Salesforce: linking and invoice roll-ups (seed 003)', () => {
  const h = useSyncContext({ seed: 'empty' });
  const read = async (id: string) =>
    (
      await h.sf.query<Row>(
        `SELECT Id, Name, Billing_Account_Number__c, Billing_Account_Id__c, Billing_Primary_Email__c, Billing_Cycle__c, Billing_Cycle_Id__c, Billing_Account_Category__c, Billing_Account_Category_Id__c, Billing_Sync_Status__c, Total_Amount_Billed__c, First_Invoice_Amount__c, First_Invoice_Date__c, Latest_Invoice_Amount__c, Latest_Invoice_Date__c, Due_Amount__c, Past_Due_Amount__c FROM Account WHERE Id = '${id}'`,
      )
    ).records[0];
  const sfAccount = async (fields: Record<string, unknown>) =>
    (
      (await h.sf.sobject('Account').create({ CurrencyIsoCode: 'USD', BillingCountry: 'US', ...fields })) as {
        id: string;
      }
    ).id;

  beforeAll(async () => {
    await fetch(`${h.org.url}/__localorg/settings`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ multiCurrency: true, currencies: ['USD', 'EUR'] }),
    });
  });

  it("link: billing's email, cycle and category overwrite Salesforce's; no second billing account", async () => {
    const billing = await createAccount(h.ctx, {
      name: 'Initech (billing)',
      accountNumber: 'INITECH',
      currency: 'USD',
      primaryEmail: 'ap@initech.example.com',
      billingCycle: 'quarterly',
      accountCategory: 'Business',
      address: { country: 'US' },
    });
    const id = await sfAccount({
      Name: 'Initech Labs',
      Billing_Primary_Email__c: 'old@initech.example.com',
      Billing_Cycle__c: 'Monthly',
    });
    const result = await linkAccount(h.ctx, { salesforceId: id, account: 'INITECH' });
    expect(result.records).toMatchObject([{ salesforceId: id, outcome: 'updated', billingId: BigInt(billing.id) }]);
    const row = await read(id);
    expect(row).toMatchObject({
      Billing_Account_Number__c: 'INITECH',
      Billing_Account_Id__c: billing.id,
      Billing_Primary_Email__c: 'ap@initech.example.com',
      Billing_Cycle__c: 'Quarterly',
      Billing_Cycle_Id__c: 'quarterly',
      Billing_Account_Category__c: 'Business',
      Billing_Sync_Status__c: 'Synced',
    });
    expect(row.Billing_Account_Category_Id__c).toMatch(/^\d+$/);
    // Salesforce owns the name: it reached billing.
    const after = await h.ctx.db
      .selectFrom('accounts')
      .selectAll()
      .where('account_number', '=', 'INITECH')
      .executeTakeFirstOrThrow();
    expect(after.name).toBe('Initech Labs');
    expect(after.synced_at).not.toBeNull();
    // Linking again is harmless; linking another record to it is refused.
    await linkAccount(h.ctx, { salesforceId: id, account: 'INITECH' });
    const other = await sfAccount({ Name: 'Initech Duplicate' });
    await expect(linkAccount(h.ctx, { salesforceId: other, account: 'INITECH' })).rejects.toMatchObject({
      code: 'already_linked',
    });
    expect(await h.ctx.db.selectFrom('accounts').select('id').where('name', 'like', 'Initech%').execute()).toHaveLength(
      1,
    );
  });

  it('first sync links an account that already carries a billing account number, not a duplicate', async () => {
    await createAccount(h.ctx, {
      name: 'Globex',
      accountNumber: 'GLOBEX',
      currency: 'USD',
      address: { country: 'US' },
    });
    const id = await sfAccount({
      Name: 'Globex Retail Corp.',
      Billing_Account_Number__c: 'GLOBEX',
      Billing_Sync__c: true,
    });
    const result = await syncAccounts(h.ctx, { trigger: 'test' });
    expect(result.records.find((r) => r.salesforceId === id)).toMatchObject({ outcome: 'updated' });
    expect(await h.ctx.db.selectFrom('accounts').select('id').where('name', 'like', 'Globex%').execute()).toHaveLength(
      1,
    );
    expect((await read(id)).Billing_Account_Id__c).toMatch(/^\d+$/);
  });

  it('roll-ups after a billing run and after a payment, only for accounts whose figures changed', async () => {
    await seedSmallCatalog(h.ctx);
    await orderProduct(h.ctx, { accountId: 'INITECH', package: 'PLAT', quantity: 3, startDate: '2026-01-01' });
    await runBilling(h.ctx, { date: '2026-01-15' });

    const mark = await h.mark();
    const first = await syncRollups(h.ctx, { trigger: 'test' });
    expect(first.counts).toMatchObject({ updated: 2, failed: 0 });
    const writes = (await h.apiCallsSince(mark)).filter((c) => c.method !== 'GET');
    expect(writes).toHaveLength(1); // both accounts in one collection call, no reads
    const sfId = first.records.find((r) => r.label === 'INITECH')!.salesforceId!;
    const billed = await read(sfId);
    const invoice = await h.ctx.db
      .selectFrom('invoices')
      .selectAll()
      .where('account_id', '=', first.records.find((r) => r.label === 'INITECH')!.billingId!)
      .executeTakeFirstOrThrow();
    // Salesforce returns currency fields as JSON numbers; 2-decimal amounts this size are exact there.
    const total = Number(invoice.total_minor) / 100;
    expect(billed).toMatchObject({
      Total_Amount_Billed__c: total,
      First_Invoice_Amount__c: total,
      First_Invoice_Date__c: '2026-01-15',
      Latest_Invoice_Amount__c: total,
      Latest_Invoice_Date__c: '2026-01-15',
      Due_Amount__c: total,
      Past_Due_Amount__c: 0,
    });

    await recordPayment(h.ctx, {
      accountId: 'INITECH',
      invoiceId: invoice.invoice_number,
      amount: '10.00',
      currency: 'USD',
      receivedOn: '2026-01-20',
    });
    const second = await syncRollups(h.ctx, { trigger: 'test' });
    expect(second.counts).toMatchObject({ updated: 1, unchanged: 1 });
    expect((await read(sfId)).Due_Amount__c).toBe(total - 10);

    const mark2 = await h.mark();
    const third = await syncRollups(h.ctx, { trigger: 'test' });
    expect(third.counts).toMatchObject({ updated: 0, unchanged: 2 });
    expect(await h.apiCallsSince(mark2)).toEqual([]);
  });

  it('roll-ups across periods: a quantity change mid-February, a skipped run, March billed once; past due moves with the date', async () => {
    // Continues the previous test: INITECH billed in January (3 × PLAT), 10.00 paid.
    const initech = await h.ctx.db
      .selectFrom('accounts')
      .select('id')
      .where('account_number', '=', 'INITECH')
      .executeTakeFirstOrThrow();
    const product = await h.ctx.db
      .selectFrom('account_products')
      .select('id')
      .where('account_id', '=', initech.id)
      .executeTakeFirstOrThrow();
    await changeProductQuantity(h.ctx, { productId: product.id.toString(), quantity: 5, effectiveFrom: '2026-02-10' });
    // No run in February; March's catches up.
    h.clock.set(new Date('2026-03-15T12:00:00Z'));
    await runBilling(h.ctx, { date: '2026-03-15' });
    await runBilling(h.ctx, { date: '2026-03-15' }); // again: nothing billed twice

    const rollups = await syncRollups(h.ctx, { trigger: 'test' });
    const sfId = rollups.records.find((r) => r.label === 'INITECH')!.salesforceId!;
    expect(rollups.records.find((r) => r.label === 'INITECH')!.outcome).toBe('updated');

    // What billing holds, summed here from the invoices themselves.
    const invoices = await h.ctx.db
      .selectFrom('invoices')
      .selectAll()
      .where('account_id', '=', initech.id)
      .where('voided_at', 'is', null)
      .orderBy('invoice_date')
      .orderBy('sequence')
      .execute();
    // January's, and one in March that catches up February: the second March run issued none.
    expect(invoices.map((i) => i.invoice_date)).toEqual(['2026-01-15', '2026-03-15']);
    const open = (i: (typeof invoices)[number]) => i.total_minor - i.paid_minor;
    const sum = (values: bigint[]) => values.reduce((a, b) => a + b, 0n);
    const amount = (minor: bigint) => Number(minor) / 100;
    const first = invoices[0];
    const latest = invoices[invoices.length - 1];
    expect(await read(sfId)).toMatchObject({
      Total_Amount_Billed__c: amount(sum(invoices.map((i) => i.total_minor))),
      First_Invoice_Amount__c: amount(first.total_minor),
      First_Invoice_Date__c: '2026-01-15',
      Latest_Invoice_Amount__c: amount(latest.total_minor),
      Latest_Invoice_Date__c: '2026-03-15',
      Due_Amount__c: amount(sum(invoices.map(open))),
      Past_Due_Amount__c: amount(sum(invoices.filter((i) => i.due_date < '2026-03-15').map(open))),
    });
    // January's balance is past due by now; March's is not yet.
    expect(first.due_date < '2026-03-15').toBe(true);
    expect((await read(sfId)).Past_Due_Amount__c).toBe(amount(open(first)));

    // The second run on the same day issued nothing more, so the roll-ups have nothing to write.
    const again = await syncRollups(h.ctx, { trigger: 'test' });
    expect(again.counts).toMatchObject({ updated: 0 });
    h.clock.set(new Date('2026-01-15T12:00:00Z'));
  });
});
