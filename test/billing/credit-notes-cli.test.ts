import { describe, expect, it } from 'vitest';
import { useCli } from './helpers.ts';

describe('revbridge invoice void and credit-note commands', () => {
  const run = useCli('t_cncli');

  it('voids an invoice, issues credit notes by line and by amount, lists and shows them', async () => {
    const setup = [
      [
        'catalog',
        'package',
        'create',
        '--code',
        'CN-PKG',
        '--name',
        'CN',
        '--currency',
        'USD',
        '--frequency',
        'monthly',
      ],
      ['account', 'create', '--name', 'Credit Corp', '--number', 'CN-1', '--currency', 'USD'],
    ];
    for (const args of setup) expect((await run(...args)).code).toBe(0);
    const add = async (code: string) =>
      (
        await run(
          'catalog',
          'service',
          'add',
          'CN-PKG',
          '--code',
          code,
          '--name',
          code,
          '--kind',
          'recurring',
          '--json',
        )
      ).json().id as string;
    const seats = await add('SEATS');
    const support = await add('SUPPORT');
    await run('catalog', 'price', 'set', seats, '--from', '2026-01-01', '--recurring', '30.00');
    await run('catalog', 'price', 'set', support, '--from', '2026-01-01', '--recurring', '20.00');
    expect((await run('product', 'order', 'CN-1', 'CN-PKG', '--quantity', '1', '--start', '2026-01-01')).code).toBe(0);
    for (const date of ['2026-01-31', '2026-02-28']) expect((await run('billing', 'run', '--date', date)).code).toBe(0);

    const voided = await run('invoice', 'void', 'CN-1-0002', '--reason', 'sent by mistake');
    expect(voided.code).toBe(0);
    expect(voided.stdout).toMatch(/voided CN-1-0002\n.*: void\n/);
    expect(voided.stdout).toContain('sent by mistake');
    const twice = await run('invoice', 'void', 'CN-1-0002', '--reason', 'again', '--json');
    expect([twice.code, twice.json().error.code]).toEqual([1, 'invoice_already_void']);

    const shown = (await run('invoice', 'show', 'CN-1-0001', '--json')).json();
    const seatLine = shown.lines.find((l: { serviceCode: string }) => l.serviceCode === 'SEATS').id;
    expect((await run('invoice', 'show', 'CN-1-0001')).stdout).toMatch(
      new RegExp(`^\\s*${seatLine}\\s+CN-1\\s+SEATS`, 'm'),
    );

    const byLine = await run('credit-note', 'issue', 'CN-1-0001', '--line', `${seatLine}:10.00`, '--reason', 'outage');
    expect(byLine.code).toBe(0);
    expect(byLine.stdout).toContain('issued credit note CN-1-CN-0001 on invoice CN-1-0001');
    const byAmount = (
      await run('credit-note', 'issue', 'CN-1-0001', '--amount', '5.00', '--reason', 'goodwill', '--json')
    ).json();
    expect(byAmount).toMatchObject({ created: true, creditNoteNumber: 'CN-1-CN-0002', total: { amount: '5.00' } });
    // Left: seats 20.00 and support 20.00, so 5.00 spreads 2.50 each.
    expect(byAmount.lines.map((l: { amount: { amount: string } }) => l.amount.amount)).toEqual(['2.50', '2.50']);

    const over = await run('credit-note', 'issue', 'CN-1-0001', '--amount', '35.01', '--reason', 'x');
    expect([over.code, over.stderr]).toEqual([1, expect.stringContaining('error credit_exceeds_invoice')]);
    const both = await run('credit-note', 'issue', 'CN-1-0001', '--amount', '1', '--line', seatLine, '--reason', 'x');
    expect([both.code, both.stderr]).toEqual([1, expect.stringContaining('error validation_failed')]);
    const onVoid = await run('credit-note', 'issue', 'CN-1-0002', '--reason', 'x');
    expect([onVoid.code, onVoid.stderr]).toEqual([1, expect.stringContaining('error invoice_voided')]);

    const list = await run('credit-note', 'list', '--invoice', 'CN-1-0001');
    expect(list.stdout).toMatch(/CN-1-CN-0001\s+\S+\s+10\.00 USD\s+0\.00 USD\s+10\.00 USD\s+outage/);
    expect(list.stdout).toMatch(/CN-1-CN-0002\s+\S+\s+5\.00 USD/);
    const show = await run('credit-note', 'show', 'CN-1-CN-0002');
    expect(show.stdout).toContain('credit note CN-1-CN-0002 on invoice CN-1-0001 to CN-1');
    expect((await run('invoice', 'show', 'CN-1-0001')).stdout).toContain('credited 15.00 USD  due 35.00 USD');

    const summary = (await run('account', 'summary', 'CN-1', '--as-of', '2026-02-01', '--json')).json();
    expect(summary).toMatchObject({
      invoiceCount: 1,
      totalBilled: { amount: '35.00' },
      totalCredited: { amount: '15.00' },
      due: { amount: '35.00' },
    });
  });
});
