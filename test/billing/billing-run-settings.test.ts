import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listEffectiveSettings } from '../../src/billing/billing-run/effective-settings.repo.ts';
import { type HierarchyAccount, effectiveSettings } from '../../src/domain/account-hierarchy.ts';
import type { BillingCycle } from '../../src/domain/billing-period.ts';
import { type TestDb, testDb } from '../db.ts';

/**
 * The billing run computes every account's effective settings with one recursive CTE; the account pages
 * and the rules use `effectiveSettings`, one account at a time. Both must always say the same.
 */
let t: TestDb;
beforeAll(async () => {
  t = await testDb();
});
afterAll(() => t.close());

/** A small deterministic generator, so a failure names a forest that can be rebuilt. */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

const CYCLES: BillingCycle[] = ['monthly', 'quarterly', 'semiannual', 'annual'];

describe('effective settings: recursive CTE vs effectiveSettings()', () => {
  it('agree on every account of a generated forest (hierarchies 4+ deep, sparse settings)', async () => {
    const rnd = random(20260301);
    // Bill groups are billing's list (0009): an account can only name one that exists.
    await t.db
      .insertInto('bill_groups')
      .values([
        { code: 'east', name: 'East' },
        { code: 'west', name: 'West' },
      ])
      .execute();
    const pick = <T>(items: T[]) => items[Math.floor(rnd() * items.length)];
    const rows: { id: bigint; parent: bigint | null; root: bigint; members: bigint[] }[] = [];
    for (let i = 0; i < 300; i++) {
      // A third start a new hierarchy; the rest hang under an earlier account (any depth).
      const parentRow = rows.length === 0 || rnd() < 0.33 ? null : pick(rows);
      const account = await t.db
        .insertInto('accounts')
        .values({ account_number: `H-${i}`, name: `H ${i}`, currency: 'USD', parent_id: parentRow?.id ?? null })
        .returning('id')
        .executeTakeFirstOrThrow();
      const members = parentRow ? parentRow.members : [];
      members.push(account.id);
      rows.push({ id: account.id, parent: parentRow?.id ?? null, root: parentRow?.root ?? account.id, members });
    }
    // Settings on some accounts only, invoicers and tax accounts within the same hierarchy.
    for (const row of rows) {
      const maybe = <T>(value: () => T) => (rnd() < 0.3 ? value() : null);
      await t.db
        .updateTable('accounts')
        .set({
          subscription_invoicer_id: maybe(() => pick(row.members)),
          usage_invoicer_id: maybe(() => pick(row.members)),
          tax_account_id: maybe(() => pick(row.members)),
          ar_term_days: maybe(() => pick([0, 15, 45, 60])),
          billing_cycle: maybe(() => pick(CYCLES)),
          bill_group: maybe(() => pick(['east', 'west'])),
        })
        .where('id', '=', row.id)
        .execute();
    }

    const stored = await t.db.selectFrom('accounts').selectAll().execute();
    const byId = new Map<string, HierarchyAccount>(
      stored.map((a) => [
        a.id.toString(),
        {
          id: a.id.toString(),
          accountNumber: a.account_number,
          parentId: a.parent_id?.toString() ?? null,
          currency: a.currency,
          synced: false,
          billed: false,
          subscriptionInvoicerId: a.subscription_invoicer_id?.toString() ?? null,
          usageInvoicerId: a.usage_invoicer_id?.toString() ?? null,
          taxAccountId: a.tax_account_id?.toString() ?? null,
          arTermDays: a.ar_term_days,
          billingCycle: a.billing_cycle,
          billGroup: a.bill_group,
        },
      ]),
    );
    const fromSql = await listEffectiveSettings(t.db);
    expect(fromSql).toHaveLength(300);
    const depths = new Set<number>();
    for (const row of fromSql) {
      const id = row.account_id.toString();
      expect(
        {
          subscriptionInvoicerId: row.subscription_invoicer_id.toString(),
          usageInvoicerId: row.usage_invoicer_id.toString(),
          taxAccountId: row.tax_account_id.toString(),
          arTermDays: row.ar_term_days,
          billingCycle: row.billing_cycle,
          billGroup: row.bill_group,
        },
        `account ${id}`,
      ).toEqual(effectiveSettings(id, byId));
      expect(row.root_id).toBe(rows.find((r) => r.id === row.account_id)!.root);
      let depth = 0;
      for (let p = byId.get(id)!.parentId; p !== null; p = byId.get(p)!.parentId) depth++;
      depths.add(depth);
    }
    // The forest really is deep and really inherits: otherwise the agreement would prove little.
    expect(Math.max(...depths)).toBeGreaterThanOrEqual(4);
    expect(fromSql.filter((r) => r.subscription_invoicer_id !== r.account_id).length).toBeGreaterThan(50);
  });
});
