import { describe, expect, it } from 'vitest';
import { getTaxRate } from '../../src/billing/tax/get-tax-rate.ts';
import { listTaxRates } from '../../src/billing/tax/list-tax-rates.ts';
import { setTaxRate } from '../../src/billing/tax/set-tax-rate.ts';
import { RevbridgeError } from '../../src/domain/errors.ts';
import { expectRefused, useBillingContext } from './helpers.ts';

describe('tax rates: effective-dated versions per jurisdiction', () => {
  const b = useBillingContext();

  it('adds versions; a repeat is a no-op; the list shows when each ends', async () => {
    const first = await setTaxRate(b.ctx, {
      jurisdiction: 'usa-ca',
      rate: '0.0725',
      effectiveFrom: '2026-01-01',
      name: 'California sales tax',
    });
    expect(first).toEqual({
      created: true,
      taxRate: {
        jurisdiction: 'US-CA',
        effectiveFrom: '2026-01-01',
        effectiveTo: null,
        rate: '0.0725',
        name: 'California sales tax',
      },
    });
    const repeat = await setTaxRate(b.ctx, { jurisdiction: 'US-CA', rate: '0.07250', effectiveFrom: '2026-01-01' });
    expect(repeat.created).toBe(false);
    expect(repeat.taxRate.name).toBe('California sales tax');
    await setTaxRate(b.ctx, { jurisdiction: 'US-CA', rate: '0.075', effectiveFrom: '2026-07-01' });
    await setTaxRate(b.ctx, { jurisdiction: 'Germany', rate: '0.19', effectiveFrom: '2025-01-01' });
    await setTaxRate(b.ctx, { jurisdiction: 'DE', rate: '0', effectiveFrom: '2026-03-01', name: 'no tax' });

    expect((await listTaxRates(b.ctx)).map((r) => [r.jurisdiction, r.effectiveFrom, r.effectiveTo, r.rate])).toEqual([
      ['DE', '2025-01-01', '2026-02-28', '0.19'],
      ['DE', '2026-03-01', null, '0'],
      ['US-CA', '2026-01-01', '2026-06-30', '0.0725'],
      ['US-CA', '2026-07-01', null, '0.075'],
    ]);
    expect((await listTaxRates(b.ctx, { on: '2026-02-28' })).map((r) => [r.jurisdiction, r.rate])).toEqual([
      ['DE', '0.19'],
      ['US-CA', '0.0725'],
    ]);
    expect((await listTaxRates(b.ctx, { on: '2024-12-31' })).length).toBe(0);
    expect((await listTaxRates(b.ctx, { jurisdiction: 'us-ca' })).map((r) => r.rate)).toEqual(['0.0725', '0.075']);

    const ca = await getTaxRate(b.ctx, { jurisdiction: 'US-CA', on: '2026-08-01' });
    expect(ca).toMatchObject({ jurisdiction: 'US-CA', on: '2026-08-01', current: { rate: '0.075' } });
    expect(ca.versions).toHaveLength(2);
    // Today is 2026-01-15 on the test clock.
    expect((await getTaxRate(b.ctx, { jurisdiction: 'DE' })).current?.rate).toBe('0.19');
    expect((await getTaxRate(b.ctx, { jurisdiction: 'US-CA', on: '2025-06-01' })).current).toBeNull();
  });

  it('never changes a version: another rate on a day that has one is refused', async () => {
    await setTaxRate(b.ctx, { jurisdiction: 'FR', rate: '0.2', effectiveFrom: '2026-01-01' });
    await expectRefused(b.ctx, 'validation_failed', () =>
      setTaxRate(b.ctx, { jurisdiction: 'FR', rate: '0.21', effectiveFrom: '2026-01-01' }),
    );
    await expectRefused(b.ctx, 'validation_failed', () =>
      setTaxRate(b.ctx, { jurisdiction: 'FR', rate: '0.2', effectiveFrom: '2026-01-01', name: 'TVA' }),
    );
    const err = await setTaxRate(b.ctx, { jurisdiction: 'FR', rate: '0.21', effectiveFrom: '2026-01-01' }).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ details: { field: 'effectiveFrom' } });
  });

  it.each<[string, Record<string, string>, string]>([
    ['7 decimals', { rate: '0.0725001' }, 'rate'],
    ['a percentage', { rate: '7.25' }, 'rate'],
    ['a rate of 1', { rate: '1' }, 'rate'],
    ['a negative rate', { rate: '-0.1' }, 'rate'],
    ['an unknown country', { jurisdiction: 'Atlantis' }, 'jurisdiction'],
    ['a region that is not a code', { jurisdiction: 'US-California' }, 'jurisdiction'],
    ['a date that does not exist', { effectiveFrom: '2026-02-30' }, 'effectiveFrom'],
  ])('refuses %s with validation_failed naming the field', async (_label, change, field) => {
    const input = { jurisdiction: 'NL', rate: '0.21', effectiveFrom: '2026-01-01', ...change };
    await expectRefused(b.ctx, 'validation_failed', () => setTaxRate(b.ctx, input));
    const error = await setTaxRate(b.ctx, input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RevbridgeError);
    expect((error as RevbridgeError).details).toMatchObject({ field });
  });

  it('a jurisdiction without versions is tax_rate_not_found', async () => {
    await expect(getTaxRate(b.ctx, { jurisdiction: 'JP' })).rejects.toMatchObject({ code: 'tax_rate_not_found' });
  });

  it('two callers setting the same version at once both succeed, one creates it', async () => {
    const results = await Promise.all(
      [1, 2, 3].map(() => setTaxRate(b.ctx, { jurisdiction: 'IE', rate: '0.23', effectiveFrom: '2026-01-01' })),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
  });
});
