import { createHash } from 'node:crypto';
import type { AppContext } from '../../../app-context.ts';
import { setAccountPricePlan } from '../../../billing/price-plans/set-account-price-plan.ts';
import { fail, RevbridgeError } from '../../../domain/errors.ts';
import {
  DEFAULT_OPPORTUNITY_PROCESSES,
  type OpportunityProcess,
  addsProducts,
  opportunityProcess,
  recordsPricePlan,
} from '../../../domain/opportunity-process.ts';
import { salesforceId18 } from '../../../domain/salesforce-id.ts';
import { recordedRun, type SyncRunResult } from '../../engine/recorded-run.ts';
import type { SyncOptions } from '../../engine/sync-context.ts';
import { insertOutcomes, type RecordOutcome } from '../../history/history.repo.ts';
import { findLinksBySalesforceId, saveLink } from '../../links/links.repo.ts';
import { withAdvisoryLock } from '../../../store/advisory-lock.ts';
import { loadOpportunityServices } from '../opportunity-services/load-opportunity-services.ts';
import { billingAccountOf } from './billing-account-of.ts';
import { checkPushable } from './check-pushable.ts';
import { negotiatedPrices, planChanges } from './negotiated-prices.ts';
import { orderLines } from './order-lines.ts';
import { PUSH_STATE_FIELDS, writePushed, writePushError } from './push-state.ts';

export interface PushOpportunityResult extends SyncRunResult {
  /** The account price plan the push created or updated (or found unchanged). */
  pricePlanId?: string;
  /** The billing account number it is on. */
  billingAccount?: string;
  process?: OpportunityProcess;
}

/** Bumped when what a push hashes changes meaning, so every opportunity is pushed afresh once. */
const PUSH_HASH_VERSION = 1;

/**
 * Seeds 000–002: a Closed-Won opportunity on the integrated price book into billing, only when asked (the
 * button, CLI or API; never on a stage change, so approvals are not bypassed). Checks everything first
 * (`checkPushable`), brings the account along if billing does not have it, and records the negotiated
 * service prices as the account price plan from each line's ServiceDate (else the CloseDate), then, when
 * the Opportunity Type says so, orders each line's package for the account (`orderLines`). Idempotent:
 * the opportunity is linked to its plan with a hash of what was pushed, so a second push of the same
 * opportunity writes nothing anywhere, and a push after a change updates the same plan (a price from a new
 * date is a new version beside the earlier ones). The outcome, or the coded error, goes back onto the
 * opportunity and into the history; a refused push writes nothing to billing.
 */
export async function pushOpportunity(
  ctx: AppContext,
  opportunityId: string,
  options: SyncOptions = {},
): Promise<PushOpportunityResult> {
  const out: Pick<PushOpportunityResult, 'pricePlanId' | 'billingAccount' | 'process'> = {};
  const objects = { opportunity: 'Opportunity', opportunity_line: 'OpportunityLineItem' };
  const result = await recordedRun(ctx, 'opportunity_push', objects, options, async (run) => {
    const record = async (batch: RecordOutcome[]) => {
      await insertOutcomes(ctx.db, run.runId, batch);
      run.outcomes.add(...batch);
    };
    const id = salesforceId18(opportunityId.trim());
    // Two pushes of one opportunity (a double click, a Flow and a person) take turns: the second finds the
    // first's links and orders nothing twice.
    await withAdvisoryLock(ctx.db, `revbridge.opportunity_push:${id ?? opportunityId}`, async () => {
      try {
        const { opportunity, lines } = await loadOpportunityServices(ctx, run.crm, opportunityId, PUSH_STATE_FIELDS);
        checkPushable(opportunity, lines);
        const mapping = ctx.sync?.opportunityProcesses ?? DEFAULT_OPPORTUNITY_PROCESSES;
        const process = opportunityProcess(opportunity.type, mapping);
        if (!process) {
          fail(
            'opportunity_type_unmapped',
            `Opportunity Type "${opportunity.type}" names no billing process; the mapped types are ${Object.keys(
              mapping,
            )
              .map((t) => `"${t}"`)
              .join(', ')}.`,
            { type: opportunity.type },
          );
        }
        out.process = process;
        const { account } = await billingAccountOf(ctx, opportunity.accountId!, options);
        if (account && account.currency !== opportunity.currency) {
          fail(
            'currency_mismatch',
            `"${opportunity.name}" is in ${opportunity.currency}; its billing account ${account.account_number} bills in ${account.currency}.`,
            { expected: account.currency, currency: opportunity.currency },
          );
        }
        out.billingAccount = account?.account_number;
        const prices = recordsPricePlan(process) ? negotiatedPrices(opportunity, lines) : [];
        const hash = createHash('sha256')
          .update(JSON.stringify([PUSH_HASH_VERSION, account?.id.toString() ?? null, process, prices]))
          .digest('base64url');
        const link = (await findLinksBySalesforceId(ctx.db, 'opportunity', [opportunity.id])).get(opportunity.id);
        const planChanged = prices.length > 0 && link?.synced_hash !== hash;
        let planId = link?.billing_id;
        const changes = planChanged ? await planChanges(ctx, account?.id, planId, prices) : {};
        if (planChanged && !run.dryRun && account) {
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
        out.pricePlanId = planId?.toString();
        // The plan first: the orders are priced by it.
        const orders = addsProducts(process)
          ? await orderLines(ctx, opportunity, lines, account, run.dryRun)
          : { outcomes: [], changed: false, pushedBefore: false };
        const changed = planChanged || orders.changed;
        await record([
          {
            object: 'opportunity',
            salesforceId: opportunity.id,
            billingId: planId ?? null,
            label: opportunity.name,
            outcome: !changed ? 'unchanged' : link || orders.pushedBefore ? 'updated' : 'created',
            diff: Object.keys(changes).length > 0 ? changes : null,
            warnings: account ? null : [`its account ${opportunity.accountId} would be brought to billing first`],
          },
          ...orders.outcomes,
        ]);
        if (!run.dryRun) {
          await writePushed(run.crm, opportunity.record, {
            planId: out.pricePlanId ?? null,
            pushedAt: ctx.clock.now(),
            billingChanged: changed,
          });
        }
      } catch (error) {
        if (!(error instanceof RevbridgeError)) throw error;
        // Deferred (Salesforce unreachable, budget low): the next push resumes; nothing to tell the record.
        const deferred = error.code === 'api_budget_low' || error.code === 'salesforce_unavailable';
        if (id && !run.dryRun && !deferred && error.code !== 'opportunity_not_found') {
          await writePushError(run.crm, id, error);
        }
        await record([
          {
            object: 'opportunity',
            salesforceId: id ?? null,
            billingId: null,
            label: id ?? opportunityId,
            outcome: deferred ? 'deferred' : 'failed',
            diff: null,
            errorCode: error.code,
            errorMessage: error.message,
          },
        ]);
        throw error;
      }
    });
  });
  return { ...result, ...out };
}
