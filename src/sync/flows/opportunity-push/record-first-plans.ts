import type { AppContext } from '../../../app-context.ts';
import type { AccountRow } from '../../../billing/accounts/accounts.repo.ts';
import { setAccountPricePlans } from '../../../billing/price-plans/set-account-price-plans.ts';
import { RevbridgeError } from '../../../domain/errors.ts';
import type { RecordOutcome } from '../../history/history.repo.ts';
import { saveLinks } from '../../links/links.repo.ts';
import type { PricedLine } from '../opportunity-services/line-services.ts';
import type { OrgOpportunity } from '../opportunity-services/read-opportunity.ts';
import { type NegotiatedPrice, negotiatedPrices, planChanges } from './negotiated-prices.ts';
import { PUSH_HASH_VERSION, pushHash, refusedOutcome } from './push-core.ts';

export interface FirstPlan {
  opportunity: OrgOpportunity;
  lines: PricedLine[];
  account: AccountRow;
}

export interface FirstPlanResult {
  opportunity: OrgOpportunity;
  outcome: RecordOutcome;
  pricePlanId?: string;
  error?: RevbridgeError;
}

/**
 * The first push of many opportunities whose Type records only a price plan, billing's side in a few
 * statements (`setAccountPricePlans`) instead of a transaction each: the same plans, prices, links and
 * outcomes `recordPush` makes one at a time. An opportunity refused (its prices, its plan) is refused alone.
 */
export async function recordFirstPlans(ctx: AppContext, items: readonly FirstPlan[]): Promise<FirstPlanResult[]> {
  const results: FirstPlanResult[] = [];
  const planned: { item: FirstPlan; prices: NegotiatedPrice[]; hash: string }[] = [];
  for (const item of items) {
    try {
      const prices = negotiatedPrices(item.opportunity, item.lines);
      planned.push({ item, prices, hash: pushHash(item.account, 'price_plan', prices) });
    } catch (error) {
      if (!(error instanceof RevbridgeError)) throw error;
      results.push({
        opportunity: item.opportunity,
        outcome: refusedOutcome({ id: item.opportunity.id, label: item.opportunity.name }, error),
        error,
      });
    }
  }
  const written = await setAccountPricePlans(
    ctx,
    planned.map(({ item, prices }) => ({
      accountId: item.account.id.toString(),
      name: item.opportunity.name,
      source: `opportunity:${item.opportunity.id}`,
      prices: prices.map((p) => p.input),
    })),
  );
  const links = [];
  for (const [i, { item, prices, hash }] of planned.entries()) {
    const result = written[i];
    if (result.error) {
      const { error } = result;
      results.push({
        opportunity: item.opportunity,
        outcome: refusedOutcome({ id: item.opportunity.id, label: item.opportunity.name }, error),
        error,
      });
      continue;
    }
    const { planId } = result;
    links.push({
      object: 'opportunity' as const,
      salesforceId: item.opportunity.id,
      billingId: BigInt(planId),
      hash,
      mappingVersion: PUSH_HASH_VERSION,
      at: ctx.clock.now(),
    });
    const changes = await planChanges(ctx, undefined, undefined, prices);
    results.push({
      opportunity: item.opportunity,
      pricePlanId: planId,
      outcome: {
        object: 'opportunity',
        salesforceId: item.opportunity.id,
        billingId: BigInt(planId),
        label: item.opportunity.name,
        outcome: 'created',
        diff: Object.keys(changes).length > 0 ? changes : null,
      },
    });
  }
  await saveLinks(ctx.db, links);
  return results;
}
