import { describe, expect, it } from 'vitest';
import { useCli } from './helpers.ts';

describe('billing commands of the revbridge CLI', () => {
  const run = useCli('t_bcli');

  it('builds a catalog, an account hierarchy, a price plan, an order and usage', async () => {
    expect((await run('catalog', 'seed-demo', '--json')).json().created.packages).toBe(6);
    const created = await run(
      'catalog',
      'package',
      'create',
      '--code',
      'SUPPORT',
      '--name',
      'Support',
      '--currency',
      'USD',
      '--frequency',
      'annual',
      '--json',
    );
    expect(created.code).toBe(0);
    const svc = (
      await run(
        'catalog',
        'service',
        'add',
        'SUPPORT',
        '--code',
        'PREMIUM',
        '--name',
        'Premium',
        '--kind',
        'recurring',
        '--json',
      )
    ).json();
    const price = await run(
      'catalog',
      'price',
      'set',
      svc.id,
      '--from',
      '2026-01-01',
      '--recurring',
      '1200.00',
      '--json',
    );
    expect(price.json()).toMatchObject({ created: true, recurring: { amount: '1200.00', currency: 'USD' } });
    const shown = await run('catalog', 'package', 'show', 'SUPPORT');
    expect(shown.stdout).toContain('1200.00 USD recurring');
    expect((await run('catalog', 'package', 'list', '--currency', 'EUR')).stdout).toContain('PLATFORM-EUR');

    expect(
      (
        await run(
          'account',
          'create',
          '--name',
          'Wayne Ent',
          '--number',
          'WAYNE',
          '--currency',
          'USD',
          '--ar-term',
          '60',
          '--country',
          'usa',
        )
      ).code,
    ).toBe(0);
    const child = (
      await run('account', 'create', '--name', 'Wayne Labs', '--currency', 'USD', '--parent', 'WAYNE', '--json')
    ).json();
    expect(child.effective.arTermDays).toBe(60);
    expect((await run('account', 'tree', child.accountNumber)).stdout).toMatch(/WAYNE .*\n\s+└ A-1 /);
    expect((await run('account', 'show', 'A-1')).stdout).toContain('60 days (inherited/default)');
    const refused = await run('account', 'update', 'WAYNE', '--parent', 'A-1', '--json');
    expect(refused.code).toBe(1);
    expect(refused.json().error.code).toBe('hierarchy_cycle');
    expect(refused.stderr).toContain('error hierarchy_cycle');

    const contact = (await run('contact', 'create', '--last-name', 'Pennyworth', '--json')).json();
    await run('contact', 'link', 'WAYNE', contact.id, '--role', 'billing', '--primary');
    expect((await run('contact', 'link', 'A-1', contact.id, '--json')).json().accountIds).toHaveLength(2);

    const demo = (await run('catalog', 'package', 'show', 'PLATFORM-USD', '--json')).json();
    const seats = demo.services.find((s: { code: string }) => s.code === 'SEATS');
    await run(
      'price-plan',
      'set',
      'WAYNE',
      seats.id,
      '--from',
      '2026-01-01',
      '--recurring',
      '20.00',
      '--source',
      'opportunity:006X',
    );
    expect(
      (await run('product', 'order', 'WAYNE', 'PLATFORM-USD', '--quantity', '10', '--start', '2026-01-01')).code,
    ).toBe(0);
    const products = (await run('product', 'list', 'WAYNE', '--on', '2026-02-01', '--json')).json();
    expect(products[0].services.find((s: { code: string }) => s.code === 'SEATS')).toMatchObject({
      source: 'price_plan',
      price: { recurring: { amount: '20.00', currency: 'USD' } },
    });
    const bad = await run('product', 'order', 'WAYNE', 'NOPE', '--quantity', '1', '--start', '2026-01-01');
    expect([bad.code, bad.stderr]).toEqual([1, expect.stringContaining('error package_not_found')]);

    const apiPkg = (await run('catalog', 'package', 'show', 'API-USD', '--json')).json();
    await run('product', 'order', 'WAYNE', 'API-USD', '--quantity', '1', '--start', '2026-01-01');
    const calls = apiPkg.services[0].id;
    // The same external id twice: recorded once.
    const recordU1 = () =>
      run(
        'usage',
        'record',
        'WAYNE',
        calls,
        '--quantity',
        '150000',
        '--on',
        '2026-01-05',
        '--external-id',
        'u1',
        '--json',
      );
    const first = await recordU1();
    expect(first.json().created).toBe(true);
    expect((await recordU1()).json().created).toBe(false);
    expect((await run('usage', 'list', 'WAYNE')).stdout).toContain('total: API-CALLS: 150000');
  });
});
