import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/app-context.ts';
import { createAccount, createAccountWithin } from '../../src/billing/accounts/create-account.ts';
import type { AccountDetail } from '../../src/billing/accounts/accounts.views.ts';
import { NewAccountBatch, type NewAccountInput } from '../../src/billing/accounts/create-accounts.ts';
import { addBillGroup } from '../../src/billing/reference-lists/add-bill-group.ts';
import { RevbridgeError } from '../../src/domain/errors.ts';
import type { Db } from '../../src/store/db.ts';
import { useBillingContext } from './helpers.ts';

/**
 * `NewAccountBatch` checks in memory what `createAccountWithin` checks against the store. The two must agree
 * on every seed rule: each case below goes through both (each in a transaction rolled back afterwards) and
 * must come out the same, as an account (ids and numbers aside) or as the same coded refusal.
 */
describe('new accounts in a batch', () => {
  const b = useBillingContext();
  const ids: Record<string, bigint> = {};

  beforeAll(async () => {
    await addBillGroup(b.ctx, { code: 'Enterprise' });
    const root = await createAccount(b.ctx, { name: 'Root', accountNumber: 'ROOT', currency: 'USD', arTermDays: 45 });
    const child = await createAccount(b.ctx, {
      name: 'Child',
      accountNumber: 'CHILD',
      currency: 'USD',
      parentId: 'ROOT',
      billingCycle: 'quarterly',
    });
    const other = await createAccount(b.ctx, { name: 'Other', accountNumber: 'OTHER', currency: 'EUR' });
    Object.assign(ids, { root: BigInt(root.id), child: BigInt(child.id), other: BigInt(other.id) });
  });

  const base = (over: Partial<NewAccountInput>): NewAccountInput => ({
    name: 'New',
    currency: 'USD',
    parentId: null,
    subscriptionInvoicerId: null,
    usageInvoicerId: null,
    taxAccountId: null,
    ...over,
  });

  /** The single-account use-case's answer: the account, or its refusal's code. */
  const one = (input: NewAccountInput) =>
    inRollback(b.ctx, (trx) =>
      createAccountWithin(trx, b.ctx, {
        ...input,
        parentId: input.parentId?.toString() ?? null,
        subscriptionInvoicerId: input.subscriptionInvoicerId?.toString() ?? null,
        usageInvoicerId: input.usageInvoicerId?.toString() ?? null,
        taxAccountId: input.taxAccountId?.toString() ?? null,
      }),
    );
  const batched = (input: NewAccountInput) =>
    inRollback(b.ctx, async (trx) => {
      const refs = [input.parentId, input.subscriptionInvoicerId, input.usageInvoicerId, input.taxAccountId];
      const batch = await NewAccountBatch.open(
        trx,
        b.ctx,
        refs.filter((r): r is bigint => typeof r === 'bigint'),
        1,
      );
      const { id } = batch.add(input);
      return (await batch.insert()).get(id)!;
    });

  const cases: Array<[string, () => Partial<NewAccountInput>, string | null]> = [
    ['a root with every default', () => ({}), null],
    ['a child inherits its parent’s settings', () => ({ parentId: ids.child }), null],
    [
      'a child in another currency than its parent',
      () => ({ parentId: ids.root, currency: 'EUR' }),
      'currency_mismatch',
    ],
    ['an invoicer within the hierarchy', () => ({ parentId: ids.child, subscriptionInvoicerId: ids.root }), null],
    [
      'an invoicer outside the hierarchy',
      () => ({ parentId: ids.root, usageInvoicerId: ids.other }),
      'invoicer_outside_hierarchy',
    ],
    ['a root whose tax account is another root', () => ({ taxAccountId: ids.root }), 'invoicer_outside_hierarchy'],
    ['self as invoicer', () => ({ parentId: ids.root, subscriptionInvoicerId: 'self', taxAccountId: 'self' }), null],
    ['a bill group in another case', () => ({ billGroup: 'enterprise' }), null],
    ['a bill group billing does not define', () => ({ billGroup: 'Gold' }), 'bill_group_unknown'],
    ['an account category billing does not define', () => ({ accountCategory: 'Partner' }), 'account_category_unknown'],
    ['a country people write', () => ({ address: { country: 'Deutschland', city: 'Berlin' } }), null],
    ['a country that does not exist', () => ({ address: { country: 'Atlantis' } }), 'unknown_country'],
    ['a bad email', () => ({ primaryEmail: 'not an email' }), 'validation_failed'],
    ['a blank name', () => ({ name: '  ' }), 'validation_failed'],
    ['a currency that does not exist', () => ({ currency: 'XYZ' }), 'unknown_currency'],
    ['suspended from the start', () => ({ status: 'suspended', arTermDays: 10 }), null],
    ['a parent billing does not have', () => ({ parentId: 999_999n }), 'account_not_found'],
  ];

  it.each(cases)('%s: the batch agrees with createAccount', async (_name, input, code) => {
    const [single, batch] = [await one(base(input())), await batched(base(input()))];
    if (code === null) {
      expect(single).toMatchObject({ ok: true });
      expect(comparable(batch)).toEqual(comparable(single));
    } else {
      expect(single).toMatchObject({ ok: false, code });
      expect(batch).toMatchObject({ ok: false, code });
    }
  });

  it('parents and children of one batch: one statement, numbers in order, a refused one leaves no gap', async () => {
    await b.ctx.db
      .transaction()
      .execute(async (trx) => {
        // A number the counter does not know about (written by an import) is skipped, not collided with.
        const before = await createAccountWithin(trx, b.ctx, { name: 'Seq', currency: 'USD' });
        const next = Number(before.accountNumber.slice(2)) + 1;
        await sql`INSERT INTO accounts (account_number, name, currency, created_at, updated_at)
                VALUES (${`A-${next + 1}`}, 'Imported', 'USD', now(), now())`.execute(trx);
        const batch = await NewAccountBatch.open(trx, b.ctx, [ids.root], 4);
        const top = batch.add(base({ name: 'Top', arTermDays: 5 }));
        const mid = batch.add(base({ name: 'Mid', parentId: top.id, usageInvoicerId: top.id }));
        expect(() => batch.add(base({ name: 'Wrong', parentId: mid.id, currency: 'EUR' }))).toThrow(RevbridgeError);
        const leaf = batch.add(base({ name: 'Leaf', parentId: mid.id, taxAccountId: 'self' }));
        expect([top, mid, leaf].map((a) => a.accountNumber)).toEqual([`A-${next}`, `A-${next + 2}`, `A-${next + 3}`]);
        const details = await batch.insert();
        expect(details.get(leaf.id)).toMatchObject({
          parentId: mid.id.toString(),
          currencyLocked: false,
          effective: { arTermDays: 5, usageInvoicerId: top.id.toString(), taxAccountId: leaf.id.toString() },
        });
        const after = await createAccountWithin(trx, b.ctx, { name: 'After', currency: 'USD' });
        expect(after.accountNumber).toBe(`A-${next + 4}`);
        throw new Rollback();
      })
      .catch((e: unknown) => {
        if (!(e instanceof Rollback)) throw e;
      });
  });
});

class Rollback extends Error {}

type Outcome = ({ ok: true } & AccountDetail) | { ok: false; code: string };

async function inRollback(ctx: AppContext, work: (trx: Db) => Promise<AccountDetail>): Promise<Outcome> {
  let outcome: Outcome | undefined;
  await ctx.db
    .transaction()
    .execute(async (trx) => {
      try {
        outcome = { ok: true, ...(await work(trx)) };
      } catch (error) {
        if (!(error instanceof RevbridgeError)) throw error;
        outcome = { ok: false, code: error.code };
      }
      throw new Rollback();
    })
    .catch((e: unknown) => {
      if (!(e instanceof Rollback)) throw e;
    });
  return outcome!;
}

/** An account as both paths must agree on: its own id and number differ by construction. */
function comparable(outcome: Outcome) {
  if (!outcome.ok) return outcome;
  const { id, accountNumber, ...rest } = outcome;
  const self = (v: string | null) => (v === id ? 'self' : v);
  return {
    ...rest,
    subscriptionInvoicerId: self(rest.subscriptionInvoicerId),
    usageInvoicerId: self(rest.usageInvoicerId),
    taxAccountId: self(rest.taxAccountId),
    effective: {
      ...rest.effective,
      subscriptionInvoicerId: self(rest.effective.subscriptionInvoicerId),
      usageInvoicerId: self(rest.effective.usageInvoicerId),
      taxAccountId: self(rest.effective.taxAccountId),
    },
    numbered: /^A-\d+$/.test(accountNumber),
  };
}
