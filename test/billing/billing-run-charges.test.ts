import { describe, expect, it } from 'vitest';
import { runBilling } from '../../src/billing/billing-run/run-billing.ts';
import { type BillingCycle, periodContaining } from '../../src/domain/billing-period.ts';
import { prorate, rangeShare } from '../../src/domain/proration.ts';
import { rateUsage } from '../../src/domain/usage-rating.ts';
import {
  addListPrice,
  createAccount,
  createPackage,
  invoiceLinesOf,
  orderProduct,
  recordUsage,
} from '../scenarios/billing-fixtures.ts';
import { useFixtureContext } from './helpers.ts';

/**
 * The billing run's SQL against the pure domain rules it mirrors: every amount here is computed twice, once
 * by PostgreSQL and once by `prorate`, `rateUsage`, `taxMinor`, `invoiceNumber`, `dueDate`, and must agree.
 */
const t = useFixtureContext();
const linesOf = (accountId: bigint) => invoiceLinesOf(t.db, accountId);

describe('runBilling: charges', () => {
  it('bills the share of a package-frequency price that each range covers, like rangeShare(), catching up from the start', async () => {
    const cases: Array<{ frequency: BillingCycle; cycle: BillingCycle; start: string; expected: bigint[] }> = [
      // 1,200.00 a year on a monthly account: 100.00 a month, January to April caught up
      { frequency: 'annual', cycle: 'monthly', start: '2026-01-01', expected: [10_000n, 10_000n, 10_000n, 10_000n] },
      { frequency: 'annual', cycle: 'monthly', start: '2026-04-16', expected: [5_000n] }, // half of April
      { frequency: 'monthly', cycle: 'quarterly', start: '2026-01-01', expected: [360_000n, 360_000n] }, // × 3
      { frequency: 'quarterly', cycle: 'annual', start: '2026-07-01', expected: [240_000n] }, // × 4 × 6/12 months
      { frequency: 'semiannual', cycle: 'quarterly', start: '2026-04-01', expected: [60_000n] }, // half
      // a part of a month is its days over that month's days: 1,200.00 a quarter, Feb 15 to Mar 31
      { frequency: 'quarterly', cycle: 'quarterly', start: '2026-02-15', expected: [60_000n, 120_000n] },
    ];
    for (const [i, c] of cases.entries()) {
      const { packageId } = await createPackage(
        t.db,
        `FREQ-${i}`,
        [{ code: 'base', kind: 'recurring', prices: [{ from: '2025-01-01', recurring: 120_000n }] }],
        'USD',
        c.frequency,
      );
      const account = await createAccount(t.db, `FQ-${i}`, { billing_cycle: c.cycle });
      await orderProduct(t.db, account, packageId, { quantity: '1', start: c.start });
      await runBilling(t.ctx, { date: '2026-04-20', allowFutureDate: true });
      const lines = await linesOf(account);
      for (const line of lines) {
        const share = rangeShare(line.period_start, line.period_end, c.frequency);
        expect(line.amount_minor, `case ${i}`).toBe(prorate(120_000n, '1', share, 'USD'));
        expect(periodContaining(line.period_start, c.cycle).end >= line.period_end, `case ${i}`).toBe(true);
      }
      expect(
        lines.map((l) => l.amount_minor),
        `case ${i}`,
      ).toEqual(c.expected);
    }
  });

  it('prorates starts and ends inside the period exactly like prorate(), ties included', async () => {
    const { packageId } = await createPackage(t.db, 'PRORATE', [
      { code: 'seat', kind: 'recurring', prices: [{ from: '2025-01-01', recurring: 999n }] },
    ]);
    const cases = [
      { qty: '3', start: '2026-04-14', end: undefined },
      { qty: '1', start: '2026-04-01', end: '2026-04-15' }, // 999 × 15/30 = 499.5 → 500
      { qty: '2.5', start: '2026-03-01', end: '2026-04-10' },
      { qty: '0.3333', start: '2026-04-30', end: undefined },
      { qty: '7', start: '2026-01-01', end: undefined },
    ];
    const accounts: bigint[] = [];
    for (const [i, c] of cases.entries()) {
      const a = await createAccount(t.db, `PR-${i}`);
      accounts.push(a);
      await orderProduct(t.db, a, packageId, { quantity: c.qty, start: c.start, end: c.end });
    }
    await runBilling(t.ctx, { date: '2026-04-20', allowFutureDate: true });
    for (const [i, c] of cases.entries()) {
      const lines = await linesOf(accounts[i]);
      const april = lines.find((l) => l.period_start >= '2026-04-01')!;
      const factor = rangeShare(c.start > '2026-04-01' ? c.start : '2026-04-01', c.end ?? '2026-04-30', 'monthly');
      expect(april.amount_minor, `case ${i}`).toBe(prorate(999n, c.qty, factor, 'USD'));
      expect(april.period_end).toBe(c.end ?? '2026-04-30');
      for (const line of lines) {
        expect(line.amount_minor).toBe(
          prorate(999n, c.qty, rangeShare(line.period_start, line.period_end, 'monthly'), 'USD'),
        );
      }
    }
    expect((await linesOf(accounts[1]))[0].amount_minor).toBe(500n);
    expect((await linesOf(accounts[4])).map((l) => l.period_start)).toEqual([
      '2026-01-01',
      '2026-02-01',
      '2026-03-01',
      '2026-04-01',
    ]);
  });

  it('rates usage per account and service like rateUsage(): included first, then overage (else usage rate)', async () => {
    const { packageId, services } = await createPackage(t.db, 'METER', [
      {
        code: 'calls',
        kind: 'usage',
        prices: [{ from: '2025-01-01', usageRate: '0.01', included: '1000', overageRate: '0.0125' }],
      },
      { code: 'gb', kind: 'usage', prices: [{ from: '2025-01-01', usageRate: '0.333', included: '10' }] },
    ]);
    const cases = [
      { calls: ['400', '500'], gb: ['9.5'] }, // all included
      { calls: ['999.5', '0.9', '2000'], gb: ['10.0001', '5'] }, // overage; usage rate beyond included
      { calls: ['1000'], gb: ['12.5'] },
    ];
    const accounts: bigint[] = [];
    for (const [i, c] of cases.entries()) {
      const a = await createAccount(t.db, `US-${i}`);
      accounts.push(a);
      await orderProduct(t.db, a, packageId, { start: '2026-01-01' });
      for (const q of c.calls) await recordUsage(t.db, a, services.calls, q, '2026-05-10');
      for (const q of c.gb) await recordUsage(t.db, a, services.gb, q, '2026-05-31');
      await recordUsage(t.db, a, services.calls, '99999', '2026-06-01'); // a period not ended: not billed now
    }
    // Usage is billed in arrears: mid-May bills nothing of May, the last day of May bills all of it.
    await runBilling(t.ctx, { date: '2026-05-15', allowFutureDate: true });
    for (const a of accounts) expect((await linesOf(a)).filter((l) => l.charge_kind === 'usage')).toEqual([]);
    await runBilling(t.ctx, { date: '2026-05-31', allowFutureDate: true });
    const sum = (qs: string[]) => qs.reduce((s, q) => s + Number(q), 0).toFixed(4);
    for (const [i, c] of cases.entries()) {
      const lines = await linesOf(accounts[i]);
      expect(lines.map((l) => l.charge_kind)).toEqual(['usage', 'usage']);
      const calls = rateUsage({
        quantity: sum(c.calls),
        includedQuantity: '1000',
        rate: '0.01',
        overageRate: '0.0125',
        currency: 'USD',
      });
      const gb = rateUsage({
        quantity: sum(c.gb),
        includedQuantity: '10',
        rate: '0.333',
        overageRate: null,
        currency: 'USD',
      });
      expect(lines[0].amount_minor, `calls ${i}`).toBe(calls.amountMinor);
      expect(lines[1].amount_minor, `gb ${i}`).toBe(gb.amountMinor);
      expect(Number(lines[0].quantity)).toBe(Number(calls.billableQuantity));
      expect(lines[0].account_product_id).toBeNull();
    }
  });

  it('bills one-time charges once, state-based prices by the product state, in JPY with no decimals', async () => {
    const { packageId } = await createPackage(
      t.db,
      'ONCE-JPY',
      [
        { code: 'setup', kind: 'one_time', prices: [{ from: '2025-01-01', oneTime: 5000n }] },
        {
          code: 'line',
          kind: 'state_based',
          prices: [{ from: '2025-01-01', states: { active: '1001', suspended: '99' } }],
        },
      ],
      'JPY',
    );
    const active = await createAccount(t.db, 'JP-1', { currency: 'JPY' });
    const suspended = await createAccount(t.db, 'JP-2', { currency: 'JPY' });
    await orderProduct(t.db, active, packageId, { quantity: '2', start: '2026-06-16' });
    await orderProduct(t.db, suspended, packageId, { start: '2026-06-01', state: 'suspended' });
    await runBilling(t.ctx, { date: '2026-06-30', allowFutureDate: true });
    const [setup, line] = await linesOf(active);
    // one onboarding fee, not two: a one-time service counts 1 unless its own quantity says otherwise
    expect(setup).toMatchObject({ charge_kind: 'one_time', amount_minor: 5000n });
    expect(line.amount_minor).toBe(prorate(1001n, '2', rangeShare('2026-06-16', '2026-06-30', 'monthly'), 'JPY'));
    expect((await linesOf(suspended))[1].amount_minor).toBe(99n);

    await runBilling(t.ctx, { date: '2026-07-31', allowFutureDate: true });
    const july = await linesOf(active);
    expect(july.filter((l) => l.charge_kind === 'one_time')).toHaveLength(1);
    expect(july.filter((l) => l.charge_kind === 'state_based').map((l) => l.amount_minor)).toEqual([
      line.amount_minor,
      2002n,
    ]);
  });

  it('leaves out and counts a charge whose service has no price on the day', async () => {
    const { packageId, services } = await createPackage(t.db, 'LATE-PRICE', [
      { code: 'seat', kind: 'recurring', prices: [{ from: '2026-09-01', recurring: 100n }] },
    ]);
    const a = await createAccount(t.db, 'NP-1');
    await orderProduct(t.db, a, packageId, { start: '2026-08-01' });
    const august = await runBilling(t.ctx, { date: '2026-08-31', allowFutureDate: true });
    expect(august.unpricedCharges).toBe(1);
    expect(await linesOf(a)).toEqual([]);
    await addListPrice(t.db, services.seat, { from: '2026-08-01', recurring: 90n });
    await runBilling(t.ctx, { date: '2026-08-31', allowFutureDate: true });
    expect((await linesOf(a)).map((l) => l.amount_minor)).toEqual([90n]);
  });
});
