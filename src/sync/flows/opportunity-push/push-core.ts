import { createHash } from 'node:crypto';
import type { AppContext } from '../../../app-context.ts';
import type { AccountRow } from '../../../billing/accounts/accounts.repo.ts';
import { setAccountPricePlan } from '../../../billing/price-plans/set-account-price-plan.ts';
import { fail, type RevbridgeError } from '../../../domain/errors.ts';
import {
  addsProducts,
  DEFAULT_OPPORTUNITY_PROCESSES,
  type OpportunityProcess,
  opportunityProcess,
  recordsPricePlan,
} from '../../../domain/opportunity-process.ts';
import type { RecordOutcome } from '../../history/history.repo.ts';
import { findLinksBySalesforceId, saveLink } from '../../links/links.repo.ts';
import type { PricedLine } from '../opportunity-services/line-services.ts';
import type { OrgOpportunity } from '../opportunity-services/read-opportunity.ts';
import { checkPushable } from './check-pushable.ts';
import { type NegotiatedPrice, negotiatedPrices, planChanges } from './negotiated-prices.ts';
import { type LineOrdersPlan, orderLines, planLineOrders } from './order-lines.ts';

/** Bumped when what a push hashes changes meaning, so every opportunity is pushed afresh once. */
export const PUSH_HASH_VERSION = 1;

/** The hash a push's link keeps: the account, the process and every negotiated price. */
export function pushHash(
  account: AccountRow | undefined,
  process: OpportunityProcess,
  prices: readonly NegotiatedPrice[],
) {
  return createHash('sha256')
    .update(JSON.stringify([PUSH_HASH_VERSION, account?.id.toString() ?? null, process, prices]))
    .digest('base64url');
}

/**
 * What billing will do with the opportunity: `checkPushable`, then the process its Type maps to
 * (`opportunity_type_unmapped` when the mapping names none).
 */
export function pushProcess(
  ctx: AppContext,
  opportunity: OrgOpportunity,
  lines: readonly PricedLine[],
): OpportunityProcess {
  checkPushable(opportunity, lines);
  const mapping = ctx.sync?.opportunityProcesses ?? DEFAULT_OPPORTUNITY_PROCESSES;
  const process = opportunityProcess(opportunity.type, mapping);
  if (!process) {
    fail(
      'opportunity_type_unmapped',
      `Opportunity Type "${opportunity.type}" names no billing process; the mapped types are ${Object.keys(mapping)
        .map((t) => `"${t}"`)
        .join(', ')}.`,
      { type: opportunity.type },
    );
  }
  return process;
}

/** `currency_mismatch` when the billing account bills in another currency than the opportunity's. */
export function assertAccountCurrency(opportunity: OrgOpportunity, account: AccountRow | undefined): void {
  if (account && account.currency !== opportunity.currency) {
    fail(
      'currency_mismatch',
      `"${opportunity.name}" is in ${opportunity.currency}; its billing account ${account.account_number} bills in ${account.currency}.`,
      { expected: account.currency, currency: opportunity.currency },
    );
  }
}

export interface RecordedPush {
  /** The opportunity's outcome first, then one per line it ordered. */
  outcomes: RecordOutcome[];
  pricePlanId: string | undefined;
  /** Whether billing changed (a first push, or a push after a change). */
  changed: boolean;
}

/**
 * Billing's side of one push: the account price plan (created or updated by hash, linked to the
 * opportunity), then the orders when the process adds products. `account` is undefined only in a dry run
 * that would bring the account along.
 */
export async function recordPush(
  ctx: AppContext,
  push: {
    opportunity: OrgOpportunity;
    lines: PricedLine[];
    account: AccountRow | undefined;
    process: OpportunityProcess;
    dryRun: boolean;
  },
): Promise<RecordedPush> {
  const { opportunity, lines, account, process, dryRun } = push;
  const prices = recordsPricePlan(process) ? negotiatedPrices(opportunity, lines) : [];
  const hash = pushHash(account, process, prices);
  const link = (await findLinksBySalesforceId(ctx.db, 'opportunity', [opportunity.id])).get(opportunity.id);
  const planChanged = prices.length > 0 && link?.synced_hash !== hash;
  let planId = link?.billing_id;
  const changes = planChanged ? await planChanges(ctx, account?.id, planId, prices) : {};
  // Every check before the first write: the orders' too.
  const ordersPlan = addsProducts(process) ? await planLineOrders(ctx, opportunity, lines, account) : undefined;
  if (planChanged && !dryRun && account) {
    const plan = await setAccountPricePlan(ctx, {
      accountId: account.id.toString(),
      name: opportunity.name,
      source: `opportunity:${opportunity.id}`,
      prices: prices.map((p) => p.input),
    });
    planId = BigInt(plan.id);
    await saveLink(ctx.db, {
      object: 'opportunity',
      salesforceId: opportunity.id,
      billingId: planId,
      hash,
      mappingVersion: PUSH_HASH_VERSION,
      at: ctx.clock.now(),
    });
  }
  // The plan first: the orders are priced by it.
  const orders = ordersPlan
    ? await orderLines(ctx, ordersPlan, account, dryRun)
    : { outcomes: [], changed: false, pushedBefore: false };
  const changed = planChanged || orders.changed;
  return {
    outcomes: [
      {
        object: 'opportunity',
        salesforceId: opportunity.id,
        billingId: planId ?? null,
        label: opportunity.name,
        outcome: !changed ? 'unchanged' : link || orders.pushedBefore ? 'updated' : 'created',
        diff: Object.keys(changes).length > 0 ? changes : null,
        warnings: pushWarnings(opportunity, account, ordersPlan),
      },
      ...orders.outcomes,
    ],
    pricePlanId: planId?.toString(),
    changed,
  };
}

/** The history's record of a refused (or, when Salesforce was unreachable, deferred) push. */
export function refusedOutcome(
  opportunity: { id: string | null; label: string },
  error: RevbridgeError,
  deferred = false,
): RecordOutcome {
  return {
    object: 'opportunity',
    salesforceId: opportunity.id,
    billingId: null,
    label: opportunity.label,
    outcome: deferred ? 'deferred' : 'failed',
    diff: null,
    errorCode: error.code,
    errorMessage: error.message,
  };
}

/** What the rep or billing should know about a push that is not a refusal. */
function pushWarnings(
  opportunity: OrgOpportunity,
  account: AccountRow | undefined,
  orders: LineOrdersPlan | undefined,
): string[] | null {
  const warnings: string[] = [];
  if (!account) warnings.push(`its account ${opportunity.accountId} would be brought to billing first`);
  for (const gone of orders?.removed ?? []) {
    warnings.push(
      `line ${gone.lineItemId} is no longer on the opportunity; the order it made (product ${gone.productId}) is unchanged in billing: end it there (\`revbridge product end ${gone.productId} --end <date>\`) if the customer no longer buys it`,
    );
  }
  return warnings.length > 0 ? warnings : null;
}
