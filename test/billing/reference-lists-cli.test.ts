import { describe, expect, it } from 'vitest';
import { useCli } from './helpers.ts';

describe('revbridge bill-group, ar-term, account-category', () => {
  const run = useCli('t_refcli');

  it('lists the defaults, adds, refuses an unknown value on an account naming the flag, removes what is unused', async () => {
    const groups = await run('bill-group', 'list');
    expect(groups.stdout).toMatch(/CODE\s+NAME\s+ACCOUNTS\nDefault\s+Default\s+0/);
    expect((await run('bill-group', 'add', 'West', '--name', 'West coast')).stdout.trim()).toBe(
      'bill group West (West coast) added',
    );
    expect((await run('bill-group', 'add', 'West')).stdout.trim()).toBe('bill group West (West coast) already there');
    const taken = await run('bill-group', 'add', 'WEST');
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain(
      'error bill_group_taken: <code>: Bill group "West" already exists, named "West coast".',
    );

    const unknown = await run('account', 'create', '--name', 'Acme', '--currency', 'USD', '--bill-group', 'North');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain(
      'error bill_group_unknown: --bill-group: bill group "North" is not defined in billing; the bill groups are "Default", "West".',
    );
    const category = await run('account', 'create', '--name', 'Acme', '--currency', 'USD', '--category', 'SMB');
    expect(category.stderr).toContain('error account_category_unknown: --category: account category "SMB"');

    const created = await run(
      ...['account', 'create', '--number', 'ACME', '--name', 'Acme', '--currency', 'USD'],
      ...['--bill-group', 'west', '--category', 'Residential', '--ar-term', '45'],
    );
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/bill group\s+West\ncategory\s+Residential/);
    const cleared = await run('account', 'update', 'ACME', '--category', 'none');
    expect(cleared.stdout).toMatch(/category\s+-/);
    expect((await run('account', 'update', 'ACME', '--category', 'residential')).code).toBe(0);
    expect((await run('bill-group', 'list')).stdout).toMatch(/West\s+West coast\s+1/);
    const inUse = await run('bill-group', 'remove', 'West');
    expect(inUse.stderr).toContain('error bill_group_in_use: Bill group "West" is set on 1 account(s), e.g. ACME;');
    expect((await run('bill-group', 'remove', 'Default')).stdout.trim()).toBe('bill group Default removed');
  });

  it('AR terms by days, account categories with their ids', async () => {
    expect((await run('ar-term', 'add', 'Net 90', '--days', '90')).stdout.trim()).toBe(
      'AR term Net 90 = 90 days added',
    );
    const badDays = await run('ar-term', 'add', 'Net 400', '--days', '400');
    expect(badDays.stderr).toContain('error validation_failed: --days must be a whole number of days from 0 to 365');
    const terms = await run('ar-term', 'list');
    expect(terms.stdout).toMatch(/CODE\s+DAYS\s+ACCOUNTS/);
    expect(terms.stdout).toMatch(/Net 45\s+45\s+1\nNet 60\s+60\s+0\nNet 90\s+90\s+0/);
    expect((await run('ar-term', 'remove', 'Net 45')).stderr).toContain('error ar_term_in_use');
    expect((await run('ar-term', 'remove', 'Net 120')).stderr).toContain('error ar_term_unknown');

    const added = await run('--json', 'account-category', 'add', 'Government');
    expect(added.json()).toMatchObject({ code: 'Government', name: 'Government', created: true });
    expect((await run('account-category', 'list')).stdout).toMatch(/ID\s+CODE\s+NAME\s+ACCOUNTS/);
    expect((await run('account-category', 'remove', 'Government')).stdout.trim()).toBe(
      'account category Government removed',
    );
    expect((await run('account-category', 'remove', 'Residential')).stderr).toContain('error account_category_in_use');
  });
});
