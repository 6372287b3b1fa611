import type { AppContext } from '../../app-context.ts';
import { fail, RevbridgeError } from '../../domain/errors.ts';
import { type AccountRow, findAccountsByIds } from '../accounts/accounts.repo.ts';
import { requireText } from '../input/text-input.ts';
import { markForRerateMany } from '../products/dated-changes.repo.ts';
import { findAccountPricePlansBySource, upsertAccountPricePlans, upsertPricePlans } from './price-plans.repo.ts';
import { type AccountPricePlanInput, planPriceValues, rerateScopes, servicesOf } from './set-account-price-plan.ts';

/** What became of one plan of a batch: its id, or why it was refused. */
export type BatchPlanResult =
  { source: string; planId: string; error?: undefined } | { source: string; planId?: undefined; error: RevbridgeError };

/** Price rows per statement: 12 parameters a row stays well under PostgreSQL's 65,535. */
const ROWS_PER_STATEMENT = 2_000;

/**
 * Many account price plans at once (a batch of Closed-Won opportunities), `accountId` being each account's
 * billing id. Each plan is checked exactly as `setAccountPricePlan` checks one, and a bad one is refused on its
 * own; the good ones are written together in one transaction, a few statements in all rather than a dozen per
 * plan: the plans, their prices, the products to re-rate. Two plans pricing one service of one account from
 * the same day: the later one in the batch holds it, as if they had been set one after the other.
 */
export async function setAccountPricePlans(
  ctx: AppContext,
  inputs: readonly AccountPricePlanInput[],
): Promise<BatchPlanResult[]> {
  const results: (BatchPlanResult | undefined)[] = inputs.map(() => undefined);
  const accountIds = [...new Set(inputs.map((i) => i.accountId).filter((id) => /^\d{1,18}$/.test(id)))].map(BigInt);
  const accounts = new Map((await findAccountsByIds(ctx.db, accountIds)).map((a) => [a.id.toString(), a]));
  const services = await servicesOf(
    ctx.db,
    inputs.flatMap((i) => i.prices.filter((p) => /^\d{1,18}$/.test(p.serviceId))),
  );
  const existing = await findAccountPricePlansBySource(
    ctx.db,
    inputs.map((i) => i.source),
  );
  const valid: {
    i: number;
    name: string;
    source: string;
    account: AccountRow;
    values: ReturnType<typeof planPriceValues>;
  }[] = [];
  for (const [i, input] of inputs.entries()) {
    try {
      const name = requireText(input.name, 'name', 255);
      const source = requireText(input.source, 'source', 255);
      const account = accounts.get(input.accountId);
      if (!account) fail('account_not_found', `No billing account has id "${input.accountId}".`);
      const plan = existing.get(source);
      if (plan && plan.account_id !== account.id) {
        fail(
          'price_plan_account_changed',
          `The price plan from ${source} is on another billing account (id ${plan.account_id}); it cannot move to ${account.account_number}.`,
          { source, planId: plan.id.toString() },
        );
      }
      valid.push({ i, name, source, account, values: planPriceValues(input.prices, account, services) });
    } catch (error) {
      if (!(error instanceof RevbridgeError)) throw error;
      results[i] = { source: input.source, error };
    }
  }
  const done = () => results.map((r) => r!);
  if (valid.length === 0) return done();
  await ctx.db.transaction().execute(async (trx) => {
    const ids = await upsertAccountPricePlans(
      trx,
      valid.map((v) => ({ account_id: v.account.id, name: v.name, source: v.source })),
      ctx.clock.now(),
    );
    // One row per account, service and day: the later plan of the batch wins, as sequential writes would.
    const rows = new Map<string, ReturnType<typeof planPriceValues>[number] & { source: string; plan_id: bigint }>();
    for (const v of valid) {
      for (const value of v.values) {
        rows.set(`${value.account_id}/${value.service_id}/${value.effective_from}`, {
          ...value,
          source: v.source,
          plan_id: ids.get(v.source)!,
        });
      }
    }
    const all = [...rows.values()];
    for (let at = 0; at < all.length; at += ROWS_PER_STATEMENT) {
      await upsertPricePlans(trx, all.slice(at, at + ROWS_PER_STATEMENT));
    }
    await markForRerateMany(trx, rerateScopes(all, services));
    for (const v of valid) results[v.i] = { source: v.source, planId: ids.get(v.source)!.toString() };
  });
  return done();
}
