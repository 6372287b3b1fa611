import type { AppContext } from '../../../app-context.ts';
import type { AccountRow } from '../../../billing/accounts/accounts.repo.ts';
import { listCatalog } from '../../../billing/catalog/list-catalog.ts';
import type { CrmWrite } from '../../../crm/crm.port.ts';
import { RevbridgeError } from '../../../domain/errors.ts';
import { withAdvisoryLock } from '../../../store/advisory-lock.ts';
import { recordedRun, type SyncRunResult } from '../../engine/recorded-run.ts';
import type { SyncOptions } from '../../engine/sync-context.ts';
import { insertOutcomes, type RecordOutcome } from '../../history/history.repo.ts';
import { findLinksBySalesforceId } from '../../links/links.repo.ts';
import { type ListedPackage, priceLines } from '../opportunity-services/line-services.ts';
import type { OpportunityProcess } from '../../../domain/opportunity-process.ts';
import type { PricedLine } from '../opportunity-services/line-services.ts';
import type { OrgOpportunity } from '../opportunity-services/read-opportunity.ts';
import { billingAccountsOf } from './billing-accounts-of.ts';
import { assertAccountCurrency, pushProcess, recordPush, refusedOutcome } from './push-core.ts';
import { type FirstPlan, recordFirstPlans } from './record-first-plans.ts';
import { pushErrorWrite, pushedWrite } from './push-state.ts';
import { readPushable } from './read-pushable.ts';

/** Outcomes stored in the history at once. */
const OUTCOME_BATCH = 500;
/** First plans written in one transaction (9 prices each in the bench: 4,500 rows). */
const PLANS_PER_TRANSACTION = 500;

/**
 * Every Closed-Won opportunity on the integrated price book that is not `Pushed` yet, in one run (a month's
 * deals after an import, or what a failed day left behind): read in three queries, their accounts brought
 * along in account sync runs of 200 (only for those that pass their checks), each opportunity then pushed by
 * the same rules as one pushed by name (`pushProcess`; a refused one is its own failed outcome and the others
 * go on): first pushes that only record a price plan 500 to a transaction (`recordFirstPlans`), the others one
 * by one (`recordPush`); the outcomes are written back onto the opportunities together (Bulk API 2.0 above
 * 2,000). Still never automatic: someone, or their schedule, asks for it.
 */
export async function pushOpportunities(ctx: AppContext, options: SyncOptions = {}): Promise<SyncRunResult> {
  const objects = { opportunity: 'Opportunity', opportunity_line: 'OpportunityLineItem' };
  return recordedRun(ctx, 'opportunity_push', objects, options, async (run) => {
    let pending: RecordOutcome[] = [];
    const flush = async () => {
      await insertOutcomes(ctx.db, run.runId, pending);
      run.outcomes.add(...pending);
      pending = [];
    };
    const batch = await readPushable(run.crm);
    options.onProgress?.(0, batch.length);
    const packageIds = [
      ...new Set(
        batch.flatMap((o) =>
          o.lines.map((l) => (l.Product2 as { Billing_Package_Id__c?: string | null } | null)?.Billing_Package_Id__c),
        ),
      ),
    ]
      .filter((id): id is string => typeof id === 'string' && /^\d{1,18}$/.test(id))
      .map(BigInt);
    const catalog = packageIds.length > 0 ? await listCatalog(ctx, { packageIds }) : { packages: [] };
    const packages = new Map<string, ListedPackage>(catalog.packages.map((p) => [p.id, p]));
    // Checked before any account is brought along: a refused opportunity brings nothing into billing.
    const checked = batch.map((opportunity) => {
      try {
        const lines = priceLines(opportunity, packages);
        return { opportunity, lines, process: pushProcess(ctx, opportunity, lines) };
      } catch (error) {
        if (!(error instanceof RevbridgeError)) throw error;
        return { opportunity, refused: error };
      }
    });
    const accounts = await billingAccountsOf(
      ctx,
      [...new Set(checked.filter((c) => !c.refused).map((c) => c.opportunity.accountId!))],
      options,
    );

    const writes: CrmWrite[] = [];
    const refuse = (opportunity: OrgOpportunity, error: RevbridgeError) => {
      pending.push(refusedOutcome({ id: opportunity.id, label: opportunity.name }, error));
      writes.push(pushErrorWrite(opportunity.id, error));
    };
    const pushed = (opportunity: OrgOpportunity, planId: string | undefined, billingChanged: boolean) => {
      const write = pushedWrite(opportunity.record, {
        planId: planId ?? null,
        pushedAt: ctx.clock.now(),
        billingChanged,
      });
      if (write) writes.push(write);
    };
    const links = await findLinksBySalesforceId(
      ctx.db,
      'opportunity',
      batch.map((o) => o.id),
    );
    const firstPlans: FirstPlan[] = [];
    const oneByOne: {
      opportunity: OrgOpportunity;
      lines: PricedLine[];
      process: OpportunityProcess;
      account?: AccountRow;
    }[] = [];
    for (const { opportunity, lines, process, refused } of checked) {
      try {
        if (refused) throw refused;
        const refusal = accounts.refusals.get(opportunity.accountId!);
        if (refusal) throw refusal;
        const account = accounts.accounts.get(opportunity.accountId!);
        assertAccountCurrency(opportunity, account);
        // A first push that only records prices is written with the others; the rest one by one.
        if (account && !run.dryRun && process === 'price_plan' && !links.has(opportunity.id)) {
          firstPlans.push({ opportunity, lines: lines!, account });
        } else {
          oneByOne.push({ opportunity, lines: lines!, process: process!, account });
        }
      } catch (error) {
        if (!(error instanceof RevbridgeError)) throw error;
        refuse(opportunity, error);
      }
    }
    let done = 0;
    const progress = async (n: number) => {
      done += n;
      if (pending.length >= OUTCOME_BATCH) await flush();
      options.onProgress?.(done, batch.length);
    };
    for (let at = 0; at < firstPlans.length; at += PLANS_PER_TRANSACTION) {
      const chunk = firstPlans.slice(at, at + PLANS_PER_TRANSACTION);
      for (const result of await recordFirstPlans(ctx, chunk)) {
        if (result.error) refuse(result.opportunity, result.error);
        else {
          pending.push(result.outcome);
          pushed(result.opportunity, result.pricePlanId, true);
        }
      }
      await progress(chunk.length);
    }
    for (const { opportunity, lines, process, account } of oneByOne) {
      await withAdvisoryLock(ctx.db, `revbridge.opportunity_push:${opportunity.id}`, async () => {
        try {
          const recorded = await recordPush(ctx, { opportunity, lines, account, process, dryRun: run.dryRun });
          pending.push(...recorded.outcomes);
          pushed(opportunity, recorded.pricePlanId, recorded.changed);
        } catch (error) {
          if (!(error instanceof RevbridgeError)) throw error;
          refuse(opportunity, error);
        }
      });
      await progress(1);
    }
    await flush();
    // Billing has every push by now; a state Salesforce refuses is written by the next run, which finds the
    // opportunity still not `Pushed` and billing unchanged.
    if (!run.dryRun && writes.length > 0) {
      const results = await run.crm.update('Opportunity', writes);
      const refused = results.filter((r) => !r.success).length;
      if (refused > 0) ctx.logger.warn({ runId: run.runId.toString(), refused }, 'push state not written back');
    }
    options.onProgress?.(batch.length, batch.length);
  });
}
