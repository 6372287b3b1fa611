import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/billing/accounts/create-account.ts';
import { runBilling } from '../../src/billing/billing-run/run-billing.ts';
import { addPackageService } from '../../src/billing/catalog/add-package-service.ts';
import { createPackage } from '../../src/billing/catalog/create-package.ts';
import { setServicePrice } from '../../src/billing/catalog/set-service-price.ts';
import { accountSummary } from '../../src/billing/invoices/account-summary.ts';
import { getInvoice } from '../../src/billing/invoices/get-invoice.ts';
import { listInvoices } from '../../src/billing/invoices/list-invoices.ts';
import { toJsonView } from '../../src/billing/json-view.ts';
import { recordPayment } from '../../src/billing/payments/record-payment.ts';
import { setPricePlan } from '../../src/billing/price-plans/set-price-plan.ts';
import { orderProduct } from '../../src/billing/products/order-product.ts';
import { recordUsage } from '../../src/billing/usage/record-usage.ts';
import type { AppContext } from '../../src/app-context.ts';
import { FixedClock, today } from '../../src/domain/clock.ts';
import { type TestDb, testDb } from '../db.ts';
import { billingContext, setTaxRate } from './billing-fixtures.ts';

/**
 * Northwind, a three-level hierarchy: NW-HQ (California) pays every subscription, NW-WEST (its region)
 * pays the usage of its stores, NW-STORE-7 orders seats and API calls and pays nothing itself; tax comes
 * from HQ's jurisdiction. Beside them Globex (Germany, negotiated seat price) and Initech (New York, taxed
 * at the US rate). The clock walks from March to June 2026; every amount is checked to the cent.
 */
let t: TestDb;
let ctx: AppContext;
const clock = new FixedClock(new Date('2026-03-01T08:00:00Z'));
const ids: Record<string, string> = {};

const setDay = (day: string) => clock.set(`${day}T08:00:00Z`);
const runToday = () => runBilling(ctx, { date: today(clock) });

/** An account's invoices as people read them: number, kind, dates, totals and lines. */
async function invoicesOf(account: string) {
  const page = await listInvoices(ctx, { accountId: account });
  return Promise.all(
    page.invoices.map(async (i) => {
      const inv = toJsonView(await getInvoice(ctx, i.invoiceNumber));
      return {
        number: inv.invoiceNumber,
        kind: inv.kind,
        date: inv.invoiceDate,
        due: inv.dueDate,
        totals: [inv.subtotal.amount, inv.tax.amount, inv.total.amount],
        lines: inv.lines.map((l) => [l.accountNumber, l.description, l.amount.amount, l.tax.amount]),
      };
    }),
  );
}

beforeAll(async () => {
  t = await testDb();
  ctx = billingContext(t.db, clock);
  await setTaxRate(t.db, 'US', '0.05');
  await setTaxRate(t.db, 'US-CA', '0.0725');
  await setTaxRate(t.db, 'DE', '0.19');

  const service = async (pkg: string, code: string, kind: string, price: Record<string, string>) => {
    const s = await addPackageService(ctx, { packageIdOrCode: pkg, code, name: code.toLowerCase(), kind });
    await setServicePrice(ctx, { serviceId: s.id, effectiveFrom: '2026-01-01', ...price });
    ids[code] = s.id;
  };
  for (const code of ['PLATFORM', 'ONBOARDING', 'API']) {
    await createPackage(ctx, { code, name: code, currency: 'USD', frequency: 'monthly' });
  }
  await service('PLATFORM', 'SEATS', 'recurring', { recurring: '50.00' });
  await service('ONBOARDING', 'SETUP', 'one_time', { oneTime: '500.00' });
  await service('API', 'CALLS', 'usage', { usageRate: '0.01', includedQuantity: '10000', overageRate: '0.008' });

  const account = async (accountNumber: string, more: Record<string, unknown>) => {
    const a = await createAccount(ctx, { name: accountNumber, accountNumber, currency: 'USD', ...more });
    ids[accountNumber] = a.id;
  };
  await account('NW-HQ', {
    subscriptionInvoicerId: 'self',
    taxAccountId: 'self',
    arTermDays: 30,
    address: { country: 'United States', region: 'CA' },
  });
  await account('NW-WEST', { parentId: 'NW-HQ', usageInvoicerId: 'self', arTermDays: 15 });
  await account('NW-STORE-7', { parentId: 'NW-WEST', address: { country: 'US', region: 'TX' } });
  await account('GLOBEX', { address: { country: 'Germany' } });
  await account('INITECH', { address: { country: 'USA', region: 'NY' } });
});
afterAll(() => t.close());

describe('Northwind billing, March to June 2026', () => {
  it('March: routes a 3-level hierarchy, prorates a mid-cycle start, rates overage, honours a price plan', async () => {
    const order = (accountId: string, pkg: string, quantity: string, startDate: string) =>
      orderProduct(ctx, { accountId, package: pkg, quantity, startDate });
    await order('NW-HQ', 'PLATFORM', '10', '2026-03-01');
    await order('NW-HQ', 'ONBOARDING', '1', '2026-03-01');
    await order('NW-WEST', 'PLATFORM', '1', '2026-03-16'); // 16 of 31 days
    await order('NW-STORE-7', 'PLATFORM', '2', '2026-03-01');
    await order('NW-STORE-7', 'API', '1', '2026-03-01');
    await setPricePlan(ctx, {
      accountId: 'GLOBEX',
      serviceId: ids.SEATS,
      effectiveFrom: '2026-01-01',
      recurring: '40.00',
    });
    await order('GLOBEX', 'PLATFORM', '5', '2026-03-01');
    await order('INITECH', 'PLATFORM', '3', '2026-03-01');
    const use = (usedOn: string, quantity: string) =>
      recordUsage(ctx, { accountId: 'NW-STORE-7', serviceId: ids.CALLS, quantity, usedOn });
    await use('2026-03-05', '5000');
    await use('2026-03-20', '7500'); // 12,500 calls: 10,000 included, 2,500 × 0.008

    setDay('2026-03-31');
    const run = await runToday();
    expect(run).toMatchObject({ invoicesCreated: 4, linesCreated: 7, unpricedCharges: 0 });
    expect(toJsonView(run.totalsByCurrency)).toEqual({
      USD: {
        invoices: 4,
        subtotal: { amount: '1495.81', currency: 'USD' },
        tax: { amount: '128.57', currency: 'USD' },
        total: { amount: '1624.38', currency: 'USD' },
      },
    });

    // Subscriptions of the whole hierarchy go to the top (HQ), all taxed at HQ's US-CA 7.25 %.
    expect(await invoicesOf('NW-HQ')).toEqual([
      {
        number: 'NW-HQ-0001',
        kind: 'subscription',
        date: '2026-03-31',
        due: '2026-04-30',
        totals: ['1125.81', '81.62', '1207.43'],
        lines: [
          ['NW-HQ', 'seats', '500.00', '36.25'],
          ['NW-HQ', 'setup (one-time)', '500.00', '36.25'],
          ['NW-WEST', 'seats (2026-03-16 to 2026-03-31)', '25.81', '1.87'],
          ['NW-STORE-7', 'seats', '100.00', '7.25'],
        ],
      },
    ]);
    // The store's usage goes to the middle account, due on its own net-15 term.
    expect(await invoicesOf('NW-WEST')).toEqual([
      {
        number: 'NW-WEST-0001',
        kind: 'usage',
        date: '2026-03-31',
        due: '2026-04-15',
        totals: ['20.00', '1.45', '21.45'],
        lines: [['NW-STORE-7', 'calls: 12500 used, 10000 included', '20.00', '1.45']],
      },
    ]);
    expect(await invoicesOf('NW-STORE-7')).toEqual([]);
    // 5 × 40.00 negotiated (list is 50.00), German VAT 19 %; New York falls back to the US rate.
    expect((await invoicesOf('GLOBEX'))[0]).toMatchObject({
      number: 'GLOBEX-0001',
      totals: ['200.00', '38.00', '238.00'],
      lines: [['GLOBEX', 'seats', '200.00', '38.00']],
    });
    expect((await invoicesOf('INITECH'))[0].totals).toEqual(['150.00', '7.50', '157.50']);
  });

  it('running the same billing run again creates nothing', async () => {
    const again = await runToday();
    expect(again).toMatchObject({ invoicesCreated: 0, linesCreated: 0, totalsByCurrency: {} });
    expect((await listInvoices(ctx)).invoices).toHaveLength(4);
  });

  it('April: a list price change leaves March alone and bills April at the new price; setup is not billed again', async () => {
    setDay('2026-04-02');
    await setServicePrice(ctx, { serviceId: ids.SEATS, effectiveFrom: '2026-04-01', recurring: '55.00' });
    await recordUsage(ctx, { accountId: 'NW-STORE-7', serviceId: ids.CALLS, quantity: '10400', usedOn: '2026-04-28' });

    setDay('2026-04-30');
    expect(await runToday()).toMatchObject({ invoicesCreated: 4, linesCreated: 6 });
    const hq = await invoicesOf('NW-HQ');
    expect(hq[0].totals).toEqual(['1125.81', '81.62', '1207.43']); // issued in March, unchanged
    expect(hq[1]).toEqual({
      number: 'NW-HQ-0002',
      kind: 'subscription',
      date: '2026-04-30',
      due: '2026-05-30',
      totals: ['715.00', '51.85', '766.85'],
      lines: [
        ['NW-HQ', 'seats', '550.00', '39.88'],
        ['NW-WEST', 'seats', '55.00', '3.99'],
        ['NW-STORE-7', 'seats', '110.00', '7.98'],
      ],
    });
    expect((await invoicesOf('NW-WEST'))[1]).toMatchObject({
      number: 'NW-WEST-0002',
      totals: ['3.20', '0.23', '3.43'],
    });
    // Globex's negotiated price does not follow the list price.
    expect((await invoicesOf('GLOBEX'))[1].totals).toEqual(['200.00', '38.00', '238.00']);
    expect((await invoicesOf('INITECH'))[1].totals).toEqual(['165.00', '8.25', '173.25']);
  });

  it('payments are applied and recorded once; the summary turns past due when the due date passes', async () => {
    setDay('2026-04-10');
    const wire = {
      accountId: 'NW-HQ',
      invoiceId: 'NW-HQ-0001',
      amount: '1207.43',
      currency: 'USD',
      receivedOn: today(clock),
      reference: 'WIRE-1',
    };
    expect((await recordPayment(ctx, wire)).created).toBe(true);
    expect((await recordPayment(ctx, wire)).created).toBe(false);
    await expect(recordPayment(ctx, { ...wire, reference: 'WIRE-2' })).rejects.toMatchObject({
      code: 'payment_exceeds_due',
    });
    const partial = await recordPayment(ctx, {
      accountId: 'GLOBEX',
      amount: '300.00',
      currency: 'USD',
      receivedOn: '2026-05-02',
    });
    expect(toJsonView(partial.payment.appliedTo).map((a) => [a.invoiceNumber, a.amount.amount])).toEqual([
      ['GLOBEX-0001', '238.00'],
      ['GLOBEX-0002', '62.00'],
    ]);
    await expect(
      recordPayment(ctx, { accountId: 'GLOBEX', amount: '10.00', currency: 'EUR', receivedOn: '2026-05-02' }),
    ).rejects.toMatchObject({ code: 'currency_mismatch' });

    setDay('2026-05-01');
    const summary = async (account: string) => {
      const s = toJsonView(await accountSummary(ctx, account));
      return [s.totalBilled.amount, s.firstInvoice, s.latestInvoice, s.due.amount, s.pastDue.amount];
    };
    const usd = (amount: string) => ({ amount, currency: 'USD' });
    expect(await summary('NW-HQ')).toEqual([
      '1974.28',
      { date: '2026-03-31', amount: usd('1207.43') },
      { date: '2026-04-30', amount: usd('766.85') },
      '766.85',
      '0.00',
    ]);
    // NW-WEST-0001 was due 2026-04-15 and is unpaid.
    expect(await summary('NW-WEST')).toEqual([
      '24.88',
      { date: '2026-03-31', amount: usd('21.45') },
      { date: '2026-04-30', amount: usd('3.43') },
      '24.88',
      '21.45',
    ]);
    expect((await summary('NW-STORE-7'))[0]).toBe('0.00');
    expect((await summary('GLOBEX')).slice(3)).toEqual(['176.00', '0.00']);

    setDay('2026-05-31'); // NW-HQ-0002 was due 2026-05-30
    expect((await summary('NW-HQ')).slice(3)).toEqual(['766.85', '766.85']);
    expect((await summary('GLOBEX')).slice(3)).toEqual(['176.00', '176.00']);
  });

  it('June: the skipped May run is caught up, May and June on one invoice, each month once', async () => {
    setDay('2026-06-30');
    const june = await runToday();
    expect(june).toMatchObject({
      invoicesCreated: 3,
      linesCreated: 10,
      lines: { charges: 10, adjustments: 0, lateUsage: 0 },
      period: { start: '2026-06-01', end: '2026-06-30' },
    });
    expect((await invoicesOf('NW-HQ')).map((i) => i.number)).toEqual(['NW-HQ-0001', 'NW-HQ-0002', 'NW-HQ-0003']);
    const hq3 = (await invoicesOf('NW-HQ'))[2];
    expect(hq3.lines.every((l) => l[1] === 'seats')).toBe(true);
    expect(hq3.lines).toHaveLength(6); // the hierarchy's 3 seat products × May and June
    expect((await runToday()).linesCreated).toBe(0);
    // No usage in June: the store's usage invoicer gets nothing new.
    expect(await invoicesOf('NW-WEST')).toHaveLength(2);
  });
});
