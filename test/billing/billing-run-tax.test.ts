import { describe, expect, it } from 'vitest';
import { runBilling } from '../../src/billing/billing-run/run-billing.ts';
import { getInvoice } from '../../src/billing/invoices/get-invoice.ts';
import { setTaxRate } from '../../src/billing/tax/set-tax-rate.ts';
import { type TaxRateVersion, taxMinor, taxRateOn } from '../../src/domain/tax.ts';
import { createAccount, createPackage, orderProduct, setTaxRate as putTaxRate } from '../scenarios/billing-fixtures.ts';
import { useFixtureContext } from './helpers.ts';

/**
 * Effective-dated tax in the billing run: stageAccounts' SQL picks each jurisdiction's version in force on
 * the run date, `taxRateOn` does the same for one address; every line issued must carry the rate the domain
 * picks for its tax account on its invoice date, and keep it whatever version is added later.
 */
const t = useFixtureContext();

/** A small deterministic generator, so a failure names data that can be rebuilt. */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

/** "0.072500" → "0.0725": numeric(8, 6) text against the domain's canonical decimal. */
const canon = (rate: string) => (rate.includes('.') ? rate.replace(/\.?0+$/, '') : rate);

describe('runBilling: tax rate in force on the invoice date', () => {
  it('agrees with taxRateOn() on every line over generated rate histories, addresses and run dates', async () => {
    const rnd = random(20260501);
    const pick = <T>(items: readonly T[]) => items[Math.floor(rnd() * items.length)];
    const jurisdictions = ['US', 'US-CA', 'US-NY', 'CA', 'CA-QC', 'DE', 'FR'];
    const rates = ['0', '0.000001', '0.05', '0.0725', '0.123456', '0.19', '0.999999'];
    const versions: TaxRateVersion[] = [];
    for (let i = 0; i < 25; i++) {
      const month = String(1 + Math.floor(rnd() * 12)).padStart(2, '0');
      const day = String(1 + Math.floor(rnd() * 28)).padStart(2, '0');
      const v = {
        jurisdiction: pick(jurisdictions),
        effectiveFrom: `${pick(['2025', '2026'])}-${month}-${day}`,
        rate: pick(rates),
      };
      if (versions.some((x) => x.jurisdiction === v.jurisdiction && x.effectiveFrom === v.effectiveFrom)) continue;
      versions.push(v);
      await putTaxRate(t.db, v.jurisdiction, v.rate, v.effectiveFrom);
    }

    const { packageId } = await createPackage(t.db, 'GEN-TAX', [
      { code: 'seat', kind: 'recurring', prices: [{ from: '2025-01-01', recurring: 12_345n }] },
    ]);
    const countries = [null, '', 'US', 'CA', 'DE', 'FR', 'GB'];
    const regions = [null, '', 'CA', 'ca', 'NY', 'QC', 'ON', 'BY'];
    /** account id → the address its tax is decided by (its own, or its parent's when the parent is the tax account) */
    const addressOf = new Map<string, { country: string | null; region: string | null }>();
    for (let i = 0; i < 60; i++) {
      const address = { country: pick(countries), region: pick(regions) };
      const account = await createAccount(t.db, `GT-${i}`, address);
      addressOf.set(account.toString(), address);
      await orderProduct(t.db, account, packageId, { start: '2025-01-01' });
      if (rnd() < 0.3) {
        // A child without an address inherits its parent's tax account.
        const child = await createAccount(t.db, `GT-${i}-C`, { parent_id: account });
        await t.db.updateTable('accounts').set({ tax_account_id: account }).where('id', '=', account).execute();
        addressOf.set(child.toString(), address);
        await orderProduct(t.db, child, packageId, { start: '2025-01-01' });
      }
    }

    const runDates = ['2024-12-31', '2025-03-31', '2025-06-30', '2025-09-30', '2025-12-31', '2026-02-28', '2026-05-31'];
    runDates.push('2026-07-15', '2026-12-31', '2027-01-31');
    let untaxedReported = 0;
    let untaxedExpected = 0;
    for (const date of runDates) {
      const result = await runBilling(t.ctx, { date, allowFutureDate: true });
      untaxedReported += result.untaxed.accounts;
      const charged = new Set(
        (
          await t.db
            .selectFrom('invoice_lines')
            .innerJoin('invoices', 'invoices.id', 'invoice_lines.invoice_id')
            .select('invoice_lines.account_id')
            .where('invoices.billing_run_id', '=', BigInt(result.runId))
            .execute()
        ).map((r) => r.account_id.toString()),
      );
      for (const id of charged) {
        const a = addressOf.get(id)!;
        if (taxRateOn(a.country, a.region, versions, date).untaxed) untaxedExpected++;
      }
    }
    expect(untaxedReported).toBe(untaxedExpected);

    const lines = await t.db
      .selectFrom('invoice_lines')
      .innerJoin('invoices', 'invoices.id', 'invoice_lines.invoice_id')
      .select([
        'invoice_lines.account_id',
        'invoice_lines.amount_minor',
        'invoice_lines.tax_minor',
        'invoice_lines.tax_rate',
        'invoices.invoice_date',
      ])
      .execute();
    expect(lines.length).toBeGreaterThan(500);
    const mismatches = lines.filter((l) => {
      const a = addressOf.get(l.account_id.toString())!;
      const expected = taxRateOn(a.country, a.region, versions, l.invoice_date);
      return canon(l.tax_rate!) !== expected.rate || l.tax_minor !== taxMinor(l.amount_minor, expected.rate, 'USD');
    });
    expect(mismatches).toEqual([]);
    // The generated data exercises every branch: each reason, a region rate, a country rate.
    const choices = lines.map((l) => {
      const a = addressOf.get(l.account_id.toString())!;
      return taxRateOn(a.country, a.region, versions, l.invoice_date);
    });
    expect(choices.some((c) => c.untaxed === 'no_country')).toBe(true);
    expect(choices.some((c) => c.untaxed === 'no_rate')).toBe(true);
    expect(choices.some((c) => c.jurisdiction?.includes('-') && c.untaxed === null)).toBe(true);
    expect(choices.some((c) => c.jurisdiction?.length === 2 && c.untaxed === null && c.rate !== '0')).toBe(true);
  });

  it('an invoice keeps the rate it was issued with; the next run uses the new version', async () => {
    const { packageId } = await createPackage(t.db, 'KEEP-TAX', [
      { code: 'seat', kind: 'recurring', prices: [{ from: '2025-01-01', recurring: 10_000n }] },
    ]);
    const account = await createAccount(t.db, 'KEEP-1', { country: 'NL', region: 'NH' });
    await orderProduct(t.db, account, packageId, { start: '2030-01-01' });
    await setTaxRate(t.ctx, { jurisdiction: 'NL', rate: '0.21', effectiveFrom: '2030-01-01', name: 'BTW' });

    // (The runs also bill the generated accounts above; only KEEP-1's invoices are looked at.)
    await runBilling(t.ctx, { date: '2030-01-31', allowFutureDate: true });
    // A new version from February, and one back-dated into January after January was invoiced.
    await setTaxRate(t.ctx, { jurisdiction: 'NL', rate: '0.09', effectiveFrom: '2030-02-01' });
    await setTaxRate(t.ctx, { jurisdiction: 'NL', rate: '0.3', effectiveFrom: '2030-01-15' });
    await runBilling(t.ctx, { date: '2030-02-28', allowFutureDate: true });

    const invoices = await t.db
      .selectFrom('invoices')
      .select(['invoice_number', 'tax_minor'])
      .where('account_id', '=', account)
      .orderBy('sequence')
      .execute();
    expect(invoices).toEqual([
      { invoice_number: 'KEEP-1-0001', tax_minor: 2100n },
      { invoice_number: 'KEEP-1-0002', tax_minor: 900n },
    ]);
    const first = await getInvoice(t.ctx, 'KEEP-1-0001');
    expect(first.lines.map((l) => [l.taxRate, l.tax])).toEqual([['0.21', { minor: 2100n, currency: 'USD' }]]);
    const second = await getInvoice(t.ctx, 'KEEP-1-0002');
    expect(second.lines.map((l) => l.taxRate)).toEqual(['0.09']);
  });
});
