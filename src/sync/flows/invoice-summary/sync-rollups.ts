import type { AppContext } from '../../../app-context.ts';
import { accountSummaries, type AccountSummary } from '../../../billing/invoices/account-summary.ts';
import type { CrmWrite } from '../../../crm/crm.port.ts';
import { formatMoney } from '../../../domain/money.ts';
import { recordedRun, type SyncRunResult } from '../../engine/recorded-run.ts';
import { recordHash } from '../../engine/record-hash.ts';
import type { SyncOptions } from '../../engine/sync-context.ts';
import { insertOutcomes, type RecordOutcome } from '../../history/history.repo.ts';
import { listAccountLinks, saveRollupHashes } from '../../links/links.repo.ts';

/** Raised when the roll-up fields or their meaning change: every account is written afresh. */
const ROLLUPS_VERSION = 1;
/** Linked accounts summarised per query. */
const ACCOUNTS_PER_BATCH = 1000;

/**
 * Seed 003's invoice roll-ups as the Salesforce Account fields carry them. Amounts are decimal strings
 * with the currency's minor digits (Salesforce takes a numeric string exactly; no binary float on the
 * way); an account without invoices has blank first and latest invoice fields.
 */
export function rollupFields(summary: AccountSummary): Record<string, string | null> {
  return {
    Total_Amount_Billed__c: formatMoney(summary.totalBilled),
    First_Invoice_Amount__c: summary.firstInvoice ? formatMoney(summary.firstInvoice.amount) : null,
    First_Invoice_Date__c: summary.firstInvoice?.date ?? null,
    Latest_Invoice_Amount__c: summary.latestInvoice ? formatMoney(summary.latestInvoice.amount) : null,
    Latest_Invoice_Date__c: summary.latestInvoice?.date ?? null,
    Due_Amount__c: formatMoney(summary.due),
    Past_Due_Amount__c: formatMoney(summary.pastDue),
  };
}

/**
 * Billing → Salesforce: the invoice roll-ups of every linked account, written only where the figures
 * changed since the last write (a hash per link), ≤ 200 accounts per API call and no reads at all. Run
 * after each billing run and payment, at the hub's start and daily (past due moves with the calendar).
 */
export async function syncRollups(ctx: AppContext, options: SyncOptions = {}): Promise<SyncRunResult> {
  return recordedRun(ctx, 'rollups', { account: 'Account' }, options, async ({ crm, runId, dryRun, outcomes }) => {
    let after: bigint | null = null;
    for (;;) {
      const links = await listAccountLinks(ctx.db, { after, limit: ACCOUNTS_PER_BATCH });
      if (links.length === 0) break;
      after = links[links.length - 1].billing_id;
      const summaries = await accountSummaries(
        ctx,
        links.map((l) => l.billing_id),
      );
      const planned: Array<{ write: CrmWrite; outcome: RecordOutcome; hash: string; billingId: bigint }> = [];
      const batch: RecordOutcome[] = [];
      for (const link of links) {
        const summary = summaries.get(link.billing_id);
        if (!summary) continue;
        const fields = rollupFields(summary);
        const hash = recordHash(ROLLUPS_VERSION, fields);
        const outcome: RecordOutcome = {
          object: 'account',
          salesforceId: link.salesforce_id,
          billingId: link.billing_id,
          label: summary.accountNumber,
          outcome: link.rollup_hash === hash ? 'unchanged' : 'updated',
        };
        if (outcome.outcome === 'updated') {
          outcome.diff = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, { from: null, to: v }]));
          planned.push({ write: { Id: link.salesforce_id, ...fields }, outcome, hash, billingId: link.billing_id });
        }
        batch.push(outcome);
      }
      if (!dryRun && planned.length > 0) {
        const results = await crm.update(
          'Account',
          planned.map((p) => p.write),
        );
        const written: Array<{ salesforceId: string; hash: string }> = [];
        for (const [i, result] of results.entries()) {
          const p = planned[i];
          if (result.success) {
            written.push({ salesforceId: p.write.Id as string, hash: p.hash });
          } else {
            const e = result.errors[0];
            Object.assign(p.outcome, {
              outcome: 'failed',
              errorCode: 'salesforce_request_failed',
              errorMessage: `Salesforce refused the roll-ups: ${e?.code ?? 'UNKNOWN'}: ${e?.message ?? ''}`,
            });
          }
        }
        await saveRollupHashes(ctx.db, 'account', written);
      }
      await insertOutcomes(ctx.db, runId, batch);
      outcomes.add(...batch);
      options.onProgress?.(outcomes.total, outcomes.total);
    }
  });
}
