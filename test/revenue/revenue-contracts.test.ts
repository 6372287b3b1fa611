import { beforeAll, describe, expect, it } from 'vitest';
import { listContracts } from '../../src/revenue/contracts/list-contracts.ts';
import { linkContracts } from '../../src/revenue/contracts/link-contracts.ts';
import { createContract, deleteContract, updateContract } from '../../src/revenue/contracts/manage-contracts.ts';
import { importContracts } from '../../src/revenue/import/import-contracts.ts';
import { revenueMetrics } from '../../src/revenue/metrics/revenue-metrics.ts';
import { useSyncContext } from '../sync/sync-helpers.ts';
import { createAccount } from '../sync/opportunity-helpers.ts';
import { createCatalog, createDeal, orgSettings } from './revenue-helpers.ts';

describe('contracts made in revbridge: a renewal recorded outside Salesforce', () => {
  const h = useSyncContext({ seed: 'empty' });
  let account: string;
  let imported: string;

  beforeAll(async () => {
    await orgSettings(h, { multiCurrency: true, currencies: ['USD', 'EUR'] });
    const catalog = await createCatalog(h, [
      { code: 'SUB', recurring: true },
      { code: 'SETUP', recurring: false },
    ]);
    account = await createAccount(h, { Name: 'Umbrella' });
    imported = (
      await createDeal(h, catalog, { Name: 'Umbrella 2025', AccountId: account }, [
        { code: 'SUB', total: 12000, start: '2025-01-01', end: '2025-12-31' },
      ])
    ).id;
    await importContracts(h.ctx, { trigger: 'test' });
  });

  const renewal = () => ({
    account,
    accountName: 'Umbrella',
    name: 'Umbrella 2026 renewal',
    stage: 'Closed Won',
    closeDate: '2025-12-15',
    lines: [
      { product: 'SUB', quantity: '12', revenue: '14400.00', start: '2026-01-01', end: '2026-12-31' },
      { product: 'SETUP', revenue: '500.00', start: '2026-01-01', end: '2026-01-01' },
    ],
  });

  it('creates one by the same rules as an import, links it as a renewal, and it counts', async () => {
    const created = await createContract(h.ctx, renewal());
    expect(created).toMatchObject({
      opportunityId: null,
      status: 'booked',
      start: '2026-01-01',
      end: '2026-12-31',
      arr: '14400.00',
      acv: '14900.00',
      account: { salesforceId: account, name: 'Umbrella' },
    });
    const linked = await linkContracts(h.ctx, 'renewal', imported, created.contractId);
    expect(linked.earlier.renewedBy).toBe(created.contractId);
    expect((await revenueMetrics(h.ctx, '2026-03-01')).arr).toBe('14400.00');
    // Made without the account's name, it takes the one revbridge knows the account by.
    const unnamed = await createContract(h.ctx, { ...renewal(), accountName: undefined, name: 'Umbrella unnamed' });
    expect(unnamed.account).toEqual({ salesforceId: account, name: 'Umbrella' });
    await deleteContract(h.ctx, unnamed.contractId);
  });

  it('updates it: lines given replace every line; an imported contract is refused', async () => {
    const [made] = (await listContracts(h.ctx, { limit: 10 })).filter((c) => c.opportunityId === null);
    const updated = await updateContract(h.ctx, made.contractId, {
      lines: [{ product: 'SUB', quantity: '15', revenue: '18000.00', start: '2026-01-01', end: '2026-12-31' }],
    });
    expect(updated).toMatchObject({
      arr: '18000.00',
      start: '2026-01-01',
      lines: [expect.objectContaining({ quantity: '15' })],
    });
  });

  it('a change to one field leaves the rest as it was: a line starting mid-term keeps its dates and its ARR', async () => {
    const made = await createContract(h.ctx, {
      ...renewal(),
      name: 'Umbrella seats add-on',
      lines: [
        { product: 'SUB', quantity: '10', revenue: '12000.00', start: '2026-01-01', end: '2026-12-31' },
        { product: 'SUB', quantity: '2', revenue: '1800.00', start: '2026-04-01', end: '2026-12-31' },
      ],
    });
    const before = (await listContracts(h.ctx, { asOf: '2026-02-01', limit: 10 })).find(
      (c) => c.contractId === made.contractId,
    )!;
    expect(before).toMatchObject({ start: '2026-01-01', end: '2026-12-31', arr: '12000.00' });
    await updateContract(h.ctx, made.contractId, { name: 'Umbrella seats add-on (renamed)' });
    const after = (await listContracts(h.ctx, { asOf: '2026-02-01', limit: 10 })).find(
      (c) => c.contractId === made.contractId,
    )!;
    expect(after).toMatchObject({ name: 'Umbrella seats add-on (renamed)', arr: before.arr, lines: before.lines });
    // A term given is the contract's own and overrides its lines', field by field, as on an opportunity.
    const moved = await updateContract(h.ctx, made.contractId, { end: '2027-03-31' });
    expect(moved.lines.map((l) => [l.start, l.end])).toEqual([
      ['2026-01-01', '2027-03-31'],
      ['2026-04-01', '2027-03-31'],
    ]);
    await deleteContract(h.ctx, made.contractId);
  });

  it('changes an imported contract in revbridge, pending a push; its lines in Salesforce stay there', async () => {
    const renamed = await updateContract(h.ctx, imported, { name: 'Umbrella 2025 (renamed)' });
    expect(renamed).toMatchObject({ name: 'Umbrella 2025 (renamed)', pushPending: true, arr: '12000.00' });
    await expect(updateContract(h.ctx, imported, { lines: [] })).rejects.toMatchObject({
      code: 'revenue_no_products',
    });
    await expect(
      updateContract(h.ctx, imported, {
        lines: [{ product: 'SETUP', revenue: '10.00', start: '2025-01-01', end: '2025-01-01' }],
      }),
    ).rejects.toMatchObject({ code: 'revenue_line_in_salesforce' });
    await expect(updateContract(h.ctx, imported, { account: '001000000000000AAA' })).rejects.toMatchObject({
      code: 'contract_from_salesforce',
    });
    // The import holds the change: it is revbridge's until a push sends it.
    await importContracts(h.ctx, { trigger: 'test', full: true });
    const [kept] = (await listContracts(h.ctx, { limit: 10 })).filter((c) => c.opportunityId === imported);
    expect(kept).toMatchObject({ name: 'Umbrella 2025 (renamed)', pushPending: true });
  });

  it('refuses what an import would refuse, and writes nothing', async () => {
    const before = (await listContracts(h.ctx, { limit: 10 })).length;
    const refusal = (change: Record<string, unknown>) =>
      createContract(h.ctx, { ...renewal(), ...change }).then(
        () => null,
        (e: { code: string }) => e.code,
      );
    expect(await refusal({ lines: [{ product: 'NOPE', revenue: '1.00' }] })).toBe('revenue_product_unknown');
    expect(await refusal({ stage: 'Signed' })).toBe('revenue_stage_unknown');
    expect(await refusal({ lines: [{ product: 'SUB', revenue: '1.00' }] })).toBe('revenue_term_missing');
    // The remedy names what the person making the contract sets, not an opportunity they never saw.
    await expect(createContract(h.ctx, { ...renewal(), lines: [{ product: 'SUB', revenue: '1.00' }] })).rejects.toThrow(
      /line 1 \(SUB\) is recurring but has no term start date; give the contract a start and an end, or the line its own\./,
    );
    expect(await refusal({ assignedArr: '100.00' })).toBe('revenue_assigned_incomplete');
    expect(await refusal({ lines: [{ product: 'SETUP', revenue: '1.005' }] })).toBe('malformed_money');
    expect(await refusal({ account: 'Umbrella' })).toBe('validation_failed');
    expect(await refusal({ closeDate: '2026-02-30' })).toBe('validation_failed');
    expect(await refusal({ lines: [] })).toBe('revenue_no_products');
    // Nothing the store cannot keep, nothing Salesforce would refuse on the push.
    const line = { product: 'SUB', start: '2026-01-01', end: '2026-12-31' };
    expect(await refusal({ lines: [{ ...line, revenue: '99999999999999999999999.00' }] })).toBe('validation_failed');
    // A line's amount is named like its other fields: the line, then the field.
    await expect(
      createContract(h.ctx, {
        ...renewal(),
        lines: [
          { ...line, revenue: '1.00' },
          { ...line, revenue: '1e5' },
        ],
      }),
    ).rejects.toMatchObject({
      code: 'malformed_money',
      message: expect.stringMatching(/^Line 2: revenue: "1e5" is not an amount in USD/),
      details: { line: 2, field: 'revenue', value: '1e5' },
    });
    expect(await refusal({ assignedArr: '10000000000000.00', assignedMrr: '1.00' })).toBe('validation_failed');
    expect(await refusal({ lines: [{ ...line, quantity: '0', revenue: '10.00' }] })).toBe('validation_failed');
    // Each amount at the largest, on a day's term: each line's ARR is 372 times it, and 25 of them no bigint holds.
    const largest = { ...line, revenue: '9999999999999.99', end: '2026-01-01' };
    expect(await refusal({ lines: Array.from({ length: 25 }, () => largest) })).toBe('validation_failed');
    expect((await listContracts(h.ctx, { limit: 10 })).length).toBe(before);
  });

  it('deletes one made in revbridge; an imported one is never deleted from here', async () => {
    const [made] = (await listContracts(h.ctx, { limit: 10 })).filter((c) => c.opportunityId === null);
    expect(await deleteContract(h.ctx, made.contractId)).toEqual({ contractId: made.contractId, deleted: true });
    await expect(deleteContract(h.ctx, imported)).rejects.toMatchObject({ code: 'contract_from_salesforce' });
    await expect(deleteContract(h.ctx, made.contractId)).rejects.toMatchObject({ code: 'contract_not_found' });
    expect((await listContracts(h.ctx, { limit: 10 })).map((c) => c.opportunityId)).toEqual([imported]);
  });
});
