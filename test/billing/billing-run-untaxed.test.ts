import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { runBilling } from '../../src/billing/billing-run/run-billing.ts';
import { createAccount, createPackage, orderProduct, setTaxRate } from '../scenarios/billing-fixtures.ts';
import { useFixtureContext } from './helpers.ts';

/** Lines taxed 0 because the tax account has no country, or no rate is in force: the run says so. */
const t = useFixtureContext();

describe('runBilling: accounts invoiced without tax', () => {
  it('counts them with the reason, names the first ones, and warns in the log', async () => {
    await setTaxRate(t.db, 'US-CA', '0.0725');
    await setTaxRate(t.db, 'DE', '0.19', '2026-06-01'); // not yet in force on the run date
    const { packageId } = await createPackage(t.db, 'UNTAXED', [
      { code: 'seat', kind: 'recurring', prices: [{ from: '2025-01-01', recurring: 1000n }] },
    ]);
    const taxed = await createAccount(t.db, 'U-TAXED', { country: 'US', region: 'CA' });
    const nowhere = await createAccount(t.db, 'U-NOWHERE');
    const britain = await createAccount(t.db, 'U-GB', { country: 'GB' });
    const germany = await createAccount(t.db, 'U-DE', { country: 'DE' });
    // The child's lines are taxed by its parent's address (the parent is the tax account for both).
    const parent = await createAccount(t.db, 'U-PARENT');
    await t.db.updateTable('accounts').set({ tax_account_id: parent }).where('id', '=', parent).execute();
    const child = await createAccount(t.db, 'U-PARENT-1', { parent_id: parent, country: 'US', region: 'CA' });
    // Untaxed but with nothing to bill: not reported.
    await createAccount(t.db, 'U-IDLE');
    for (const a of [taxed, nowhere, britain, germany, child]) {
      await orderProduct(t.db, a, packageId, { start: '2026-01-01' });
    }

    const lines: string[] = [];
    const logger = pino(
      { level: 'warn' },
      new Writable({ write: (chunk, _enc, done) => done(void lines.push(String(chunk))) }),
    );
    const result = await runBilling({ ...t.ctx, logger }, { date: '2026-01-31', allowFutureDate: true });
    expect(result.untaxed).toEqual({
      accounts: 4,
      examples: [
        { accountNumber: 'U-DE', taxAccountNumber: 'U-DE', reason: 'no_rate', jurisdiction: 'DE' },
        { accountNumber: 'U-GB', taxAccountNumber: 'U-GB', reason: 'no_rate', jurisdiction: 'GB' },
        { accountNumber: 'U-NOWHERE', taxAccountNumber: 'U-NOWHERE', reason: 'no_country', jurisdiction: null },
        { accountNumber: 'U-PARENT-1', taxAccountNumber: 'U-PARENT', reason: 'no_country', jurisdiction: null },
      ],
    });
    const warning = lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'accounts invoiced without tax');
    expect(warning).toMatchObject({ level: 40, untaxed: { accounts: 4 }, date: '2026-01-31' });

    // Nothing new to bill: nothing reported.
    expect((await runBilling(t.ctx, { date: '2026-01-31', allowFutureDate: true })).untaxed).toEqual({
      accounts: 0,
      examples: [],
    });
    // From June DE has a rate.
    const june = await runBilling(t.ctx, { date: '2026-06-30', allowFutureDate: true });
    expect(june.untaxed.accounts).toBe(3);
    expect(june.untaxed.examples.map((e) => e.accountNumber)).not.toContain('U-DE');
  });

  it('lists at most 10 examples but counts them all', async () => {
    const { packageId } = await createPackage(t.db, 'MANY', [
      { code: 'seat', kind: 'recurring', prices: [{ from: '2025-01-01', recurring: 100n }] },
    ]);
    for (let i = 0; i < 12; i++) {
      const a = await createAccount(t.db, `M-${String(i).padStart(2, '0')}`, { country: 'FR' });
      await orderProduct(t.db, a, packageId, { start: '2027-01-01' });
    }
    const result = await runBilling(t.ctx, { date: '2027-01-31', allowFutureDate: true });
    // The 12 new ones plus the 3 of the first test still untaxed in 2027 (DE has a rate by then).
    expect(result.untaxed.accounts).toBe(15);
    expect(result.untaxed.examples).toHaveLength(10);
    expect(result.untaxed.examples[0]).toEqual({
      accountNumber: 'M-00',
      taxAccountNumber: 'M-00',
      reason: 'no_rate',
      jurisdiction: 'FR',
    });
  });
});
