import { describe, expect, it } from 'vitest';
import { useCli } from './helpers.ts';

describe('revbridge tax-rate', () => {
  const run = useCli('t_taxcli');

  it('sets versions from a date, lists them, shows one, and refuses what it cannot store', async () => {
    const set = await run(
      'tax-rate',
      'set',
      'us-ca',
      '0.0725',
      '--from',
      '2026-01-01',
      '--name',
      'California sales tax',
    );
    expect(set.code).toBe(0);
    expect(set.stdout).toContain('US-CA 0.0725 from 2026-01-01');
    const again = await run('tax-rate', 'set', 'US-CA', '0.0725', '--from', '2026-01-01');
    expect(again.stdout).toContain('(already set)');
    expect((await run('tax-rate', 'set', 'US-CA', '0.08', '--from', '2026-07-01')).code).toBe(0);
    expect((await run('tax-rate', 'set', 'DE', '0.19', '--from', '2025-01-01')).code).toBe(0);

    const list = await run('tax-rate', 'list');
    expect(list.stdout).toMatch(/JURISDICTION\s+RATE\s+FROM\s+TO\s+NAME/);
    expect(list.stdout).toMatch(/US-CA\s+0\.0725\s+2026-01-01\s+2026-06-30\s+California sales tax/);
    expect(list.stdout).toMatch(/US-CA\s+0\.08\s+2026-07-01/);
    const on = await run('--json', 'tax-rate', 'list', '--on', '2026-03-31');
    expect(on.json().map((r: { jurisdiction: string; rate: string }) => [r.jurisdiction, r.rate])).toEqual([
      ['DE', '0.19'],
      ['US-CA', '0.0725'],
    ]);
    const show = await run('tax-rate', 'show', 'US-CA', '--on', '2026-08-01');
    expect(show.stdout).toContain('US-CA on 2026-08-01: 0.08');

    const precise = await run('tax-rate', 'set', 'DE', '0.1234567', '--from', '2026-01-01');
    expect(precise.code).toBe(1);
    expect(precise.stderr).toMatch(/error validation_failed: <rate> has 7 decimals/);
    const changed = await run('tax-rate', 'set', 'DE', '0.16', '--from', '2025-01-01');
    expect(changed.code).toBe(1);
    expect(changed.stderr).toContain('error validation_failed');
    expect((await run('tax-rate', 'show', 'JP')).stderr).toContain('error tax_rate_not_found');
  });

  it('billing run warns about accounts invoiced without tax', async () => {
    const setup = [
      ['catalog', 'package', 'create', '--code', 'TXP', '--name', 'Tax', '--currency', 'USD', '--frequency', 'monthly'],
      ['account', 'create', '--name', 'No Address', '--number', 'NOADDR', '--currency', 'USD'],
    ];
    for (const args of setup) expect((await run(...args)).code).toBe(0);
    const svc = (
      await run('catalog', 'service', 'add', 'TXP', '--code', 'S', '--name', 'Seat', '--kind', 'recurring', '--json')
    ).json();
    expect((await run('catalog', 'price', 'set', svc.id, '--from', '2026-01-01', '--recurring', '10.00')).code).toBe(0);
    expect((await run('product', 'order', 'NOADDR', 'TXP', '--quantity', '1', '--start', '2026-01-01')).code).toBe(0);
    const billed = await run('billing', 'run', '--date', '2026-01-31');
    expect(billed.code).toBe(0);
    expect(billed.stdout).toContain('warning: 1 account invoiced without tax: NOADDR (no country on NOADDR)');
    const shown = await run('invoice', 'show', 'NOADDR-0001');
    expect(shown.stdout).toMatch(/RATE/);
  });
});
