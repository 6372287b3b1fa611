import { describe, expect, it } from 'vitest';
import { runBilling } from '../../src/billing/billing-run/run-billing.ts';
import { type BillingCycle, periodContaining } from '../../src/domain/billing-period.ts';
import { cycleShareFactor, prorate, prorationFactor } from '../../src/domain/proration.ts';
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
  it('bills the share of a package-frequency price that the account cycle covers, like cycleShareFactor()', async () => {
    const cases: Array<{ frequency: BillingCycle; cycle: BillingCycle; start: string; expected: bigint }> = [
      { frequency: 'annual', cycle: 'monthly', start: '2026-01-01', expected: 10_000n }, // 1,200.00 a year → 100.00
      { frequency: 'annual', cycle: 'monthly', start: '2026-04-16', expected: 5_000n }, // half of April
      { frequency: 'monthly', cycle: 'quarterly', start: '2026-01-01', expected: 360_000n }, // 1,200.00 × 3
      { frequency: 'quarterly', cycle: 'annual', start: '2026-07-01', expected: 241_973n }, // × 4 × 184/365
      { frequency: 'semiannual', cycle: 'quarterly', start: '2026-04-01', expected: 60_000n }, // half
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
      await runBilling(t.ctx, { date: '2026-04-20' });
      const [line] = await linesOf(account);
      const period = periodContaining('2026-04-20', c.cycle);
      const factor = cycleShareFactor(prorationFactor(period, c.start, null), c.frequency, c.cycle);
      expect(line.amount_minor, `case ${i}`).toBe(prorate(120_000n, '1', factor, 'USD'));
      expect(line.amount_minor, `case ${i}`).toBe(c.expected);
    }
  });

  it('prorates starts and ends inside the period exactly like prorate(), ties included', async () => {
    // 1000 × 3 × 17/31 = 1645.16…; 333 × 1.5 × 1/2 style ties need exact division to round up.
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
    const period = periodContaining('2026-04-20', 'monthly');
    const accounts: bigint[] = [];
    for (const [i, c] of cases.entries()) {
      const a = await createAccount(t.db, `PR-${i}`);
      accounts.push(a);
      await orderProduct(t.db, a, packageId, { quantity: c.qty, start: c.start, end: c.end });
    }
    await runBilling(t.ctx, { date: '2026-04-20' });
    for (const [i, c] of cases.entries()) {
      const [line] = await linesOf(accounts[i]);
      const factor = prorationFactor(period, c.start, c.end ?? null);
      expect(line.amount_minor, `case ${i}`).toBe(prorate(999n, c.qty, factor, 'USD'));
      expect(line.period_start).toBe('2026-04-01');
    }
    expect((await linesOf(accounts[1]))[0].amount_minor).toBe(500n);
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
      await recordUsage(t.db, a, services.calls, '99999', '2026-04-30'); // another period: not billed now
    }
    await runBilling(t.ctx, { date: '2026-05-15' });
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
    await runBilling(t.ctx, { date: '2026-06-30' });
    const june = periodContaining('2026-06-30', 'monthly');
    const [setup, line] = await linesOf(active);
    expect(setup).toMatchObject({ charge_kind: 'one_time', amount_minor: 10000n });
    expect(line.amount_minor).toBe(prorate(1001n, '2', prorationFactor(june, '2026-06-16', null), 'JPY'));
    expect((await linesOf(suspended))[1].amount_minor).toBe(99n);

    await runBilling(t.ctx, { date: '2026-07-31' });
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
    const august = await runBilling(t.ctx, { date: '2026-08-31' });
    expect(august.unpricedCharges).toBe(1);
    expect(await linesOf(a)).toEqual([]);
    await addListPrice(t.db, services.seat, { from: '2026-08-01', recurring: 90n });
    await runBilling(t.ctx, { date: '2026-08-31' });
    expect((await linesOf(a)).map((l) => l.amount_minor)).toEqual([90n]);
  });
});
