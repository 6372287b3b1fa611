import { describe, expect, it } from 'vitest';
import { useCli } from './helpers.ts';

describe('revbridge billing, invoice, payment and account summary commands', () => {
  const run = useCli('t_brcli');

  it('runs billing, shows invoices, records a payment and summarises the account', async () => {
    const setup = [
      [
        'catalog',
        'package',
        'create',
        '--code',
        'CLI-PKG',
        '--name',
        'CLI',
        '--currency',
        'USD',
        '--frequency',
        'monthly',
      ],
      ['account', 'create', '--name', 'Cli Corp', '--number', 'CLI-1', '--currency', 'USD', '--ar-term', '20'],
    ];
    for (const args of setup) expect((await run(...args)).code).toBe(0);
    const svc = (
      await run(
        'catalog',
        'service',
        'add',
        'CLI-PKG',
        '--code',
        'SEATS',
        '--name',
        'Seats',
        '--kind',
        'recurring',
        '--json',
      )
    ).json();
    expect((await run('catalog', 'price', 'set', svc.id, '--from', '2026-01-01', '--recurring', '30.00')).code).toBe(0);
    expect((await run('product', 'order', 'CLI-1', 'CLI-PKG', '--quantity', '2', '--start', '2026-01-10')).code).toBe(
      0,
    );

    const billed = await run('billing', 'run', '--date', '2026-01-31', '--json');
    expect(billed.code).toBe(0);
    // 2 × 30.00 × 22/31 days = 42.580… → 42.58
    expect(billed.json()).toMatchObject({
      invoicesCreated: 1,
      linesCreated: 1,
      totalsByCurrency: { USD: { total: { amount: '42.58', currency: 'USD' } } },
    });
    const again = await run('billing', 'run', '--date', '2026-01-31');
    expect(again.stdout).toMatch(/billing run \d+ for 2026-01-31: 0 invoices, 0 lines/);

    const list = await run('invoice', 'list', '--account', 'CLI-1');
    expect(list.stdout).toMatch(
      /CLI-1-0001\s+subscription\s+2026-01-31\s+2026-02-20\s+42.58 USD\s+42.58 USD\s+(open|past_due)/,
    );
    const shown = await run('invoice', 'show', 'CLI-1-0001');
    expect(shown.stdout).toContain('Seats (2026-01-10 to 2026-01-31)');
    expect((await run('invoice', 'show', 'CLI-1-0001', '--json')).json().lines).toHaveLength(1);

    const paid = await run(
      'payment',
      'record',
      'CLI-1',
      '--amount',
      '40.00',
      '--currency',
      'USD',
      '--received-on',
      '2026-02-01',
      '--invoice',
      'CLI-1-0001',
      '--reference',
      'CHK-1',
      '--json',
    );
    expect(paid.json()).toMatchObject({
      created: true,
      appliedTo: [{ invoiceNumber: 'CLI-1-0001', amount: { amount: '40.00' } }],
    });
    const over = await run(
      'payment',
      'record',
      'CLI-1',
      '--amount',
      '5.00',
      '--currency',
      'USD',
      '--received-on',
      '2026-02-01',
      '--json',
    );
    expect([over.code, over.json().error.code]).toEqual([1, 'payment_exceeds_due']);
    expect(over.stderr).toContain('error payment_exceeds_due');

    const summary = await run('account', 'summary', 'CLI-1', '--as-of', '2026-02-21', '--json');
    expect(summary.json()).toMatchObject({
      totalBilled: { amount: '42.58' },
      latestInvoice: { date: '2026-01-31' },
      due: { amount: '2.58' },
      pastDue: { amount: '2.58' },
    });
    expect((await run('account', 'summary', 'CLI-1', '--as-of', '2026-02-20')).stdout).toMatch(/past due\s+0\.00 USD/);
    const missing = await run('invoice', 'show', 'NOPE-0001');
    expect([missing.code, missing.stderr]).toEqual([1, expect.stringContaining('error invoice_not_found')]);
  });
});
