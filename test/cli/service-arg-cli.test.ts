import { describe, expect, it } from 'vitest';
import { useCli } from '../billing/helpers.ts';

describe('services named by PACKAGE/SERVICE codes in the CLI', () => {
  const run = useCli('t_svcarg');

  it('sets prices, price plans and usage by codes, and says which part of a bad name is wrong', async () => {
    const setup = [
      'catalog package create --code SVC-USD --name Svc --currency USD --frequency monthly',
      'catalog service add SVC-USD --code CALLS --name Calls --kind usage',
      'catalog price set SVC-USD/CALLS --usage-rate 0.01 --from 2026-01-01',
      'account create --number SVC-1 --name Svc --currency USD',
      'product order SVC-1 SVC-USD --quantity 1 --start 2026-01-01',
      'price-plan set SVC-1 SVC-USD/CALLS --usage-rate 0.005 --from 2026-01-01',
      'usage record SVC-1 SVC-USD/CALLS --quantity 40 --on 2026-01-05',
    ];
    for (const line of setup) expect([line, (await run(...line.split(' '))).stderr]).toEqual([line, '']);

    const listed = await run('usage', 'list', 'SVC-1', '--service', 'SVC-USD/CALLS', '--json');
    expect(listed.json().records.map((r: { quantity: string }) => r.quantity)).toEqual(['40']);
    // The id works as before.
    const id = listed.json().records[0].serviceId as string;
    expect((await run('usage', 'record', 'SVC-1', id, '--quantity', '2', '--on', '2026-01-06')).code).toBe(0);

    const noService = await run('usage', 'record', 'SVC-1', 'SVC-USD/SEATS', '--quantity', '1', '--on', '2026-01-06');
    expect(noService.code).toBe(1);
    expect(noService.stderr).toBe(
      'error service_not_found: <service>: Package SVC-USD has no service "SEATS" (its services: CALLS).\n',
    );
    const noPackage = await run(
      'price-plan',
      'set',
      'SVC-1',
      'NOPE/CALLS',
      '--usage-rate',
      '1',
      '--from',
      '2026-01-01',
    );
    expect(noPackage.stderr).toMatch(/^error package_not_found: .*"NOPE"/);
    const half = await run('catalog', 'price', 'set', 'SVC-USD/', '--usage-rate', '1', '--from', '2026-01-01');
    expect(half.stderr).toBe(
      'error validation_failed: <service> takes a service id or PACKAGE/SERVICE codes, got "SVC-USD/".\n',
    );
  });

  it('prints only the new API key with apikey create --quiet', async () => {
    const created = await run('apikey', 'create', '--name', 'script', '--role', 'viewer', '--quiet');
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^rb_[A-Za-z0-9_-]{43}\n$/);
  });
});
