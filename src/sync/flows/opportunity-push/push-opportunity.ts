import type { AppContext } from '../../../app-context.ts';
import { RevbridgeError } from '../../../domain/errors.ts';
import type { OpportunityProcess } from '../../../domain/opportunity-process.ts';
import { salesforceId18 } from '../../../domain/salesforce-id.ts';
import { recordedRun, type SyncRunResult } from '../../engine/recorded-run.ts';
import type { SyncOptions } from '../../engine/sync-context.ts';
import { insertOutcomes, type RecordOutcome } from '../../history/history.repo.ts';
import { withAdvisoryLock } from '../../../store/advisory-lock.ts';
import { loadOpportunityServices } from '../opportunity-services/load-opportunity-services.ts';
import { billingAccountsOf } from './billing-accounts-of.ts';
import { assertAccountCurrency, pushProcess, recordPush, refusedOutcome } from './push-core.ts';
import { PUSH_STATE_FIELDS, writePushed, writePushError } from './push-state.ts';

export interface PushOpportunityResult extends SyncRunResult {
  /** The account price plan the push created or updated (or found unchanged). */
  pricePlanId?: string;
  /** The billing account number it is on. */
  billingAccount?: string;
  process?: OpportunityProcess;
}

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
        const process = pushProcess(ctx, opportunity, lines);
        out.process = process;
        const { accounts, refusals } = await billingAccountsOf(ctx, [opportunity.accountId!], options);
        const refusal = refusals.get(opportunity.accountId!);
        if (refusal) throw refusal;
        const account = accounts.get(opportunity.accountId!);
        assertAccountCurrency(opportunity, account);
        out.billingAccount = account?.account_number;
        const pushed = await recordPush(ctx, { opportunity, lines, account, process, dryRun: run.dryRun });
        out.pricePlanId = pushed.pricePlanId;
        await record(pushed.outcomes);
        if (!run.dryRun) {
          await writePushed(run.crm, opportunity.record, {
            planId: out.pricePlanId ?? null,
            pushedAt: ctx.clock.now(),
            billingChanged: pushed.changed,
          });
        }
      } catch (error) {
        if (!(error instanceof RevbridgeError)) throw error;
        // Deferred (Salesforce unreachable, budget low): the next push resumes; nothing to tell the record.
        const deferred = error.code === 'api_budget_low' || error.code === 'salesforce_unavailable';
        if (id && !run.dryRun && !deferred && error.code !== 'opportunity_not_found') {
          await writePushError(run.crm, id, error);
        }
        await record([refusedOutcome({ id: id ?? null, label: id ?? opportunityId }, error, deferred)]);
        throw error;
      }
    });
  });
  return { ...result, ...out };
}
