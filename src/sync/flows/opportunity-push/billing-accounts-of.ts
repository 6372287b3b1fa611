import type { AppContext } from '../../../app-context.ts';
import { type AccountRow, findAccountsByIds } from '../../../billing/accounts/accounts.repo.ts';
import { RevbridgeError } from '../../../domain/errors.ts';
import type { SyncRunResult } from '../../engine/recorded-run.ts';
import type { SyncOptions } from '../../engine/sync-context.ts';
import { findLinksBySalesforceId } from '../../links/links.repo.ts';
import { syncAccounts } from '../account-push/sync-accounts.ts';

/** Accounts one account sync run is asked to bring along (the ids go into its queries). */
const ACCOUNTS_PER_RUN = 200;

export interface PushAccounts {
  /** Billing accounts by Salesforce account id (absent: not in billing, or a dry run that would bring it). */
  accounts: Map<string, AccountRow>;
  /** `account_not_in_billing`, with the account sync's reason, for each account it could not bring. */
  refusals: Map<string, RevbridgeError>;
}

/**
 * The billing accounts pushes record on (seed 001, later version: the push carries the account and its
 * contacts). Linked accounts are used as they are; the others are brought along by the account sync, with
 * their ancestors and flagged contacts, by the same rules and with the same errors, 200 to a run. In a dry run
 * none is brought.
 */
export async function billingAccountsOf(
  ctx: AppContext,
  salesforceIds: readonly string[],
  options: SyncOptions,
): Promise<PushAccounts> {
  let links = await findLinksBySalesforceId(ctx.db, 'account', salesforceIds);
  const missing = salesforceIds.filter((id) => !links.has(id));
  const runs: SyncRunResult[] = [];
  if (missing.length > 0 && !options.dryRun) {
    for (let i = 0; i < missing.length; i += ACCOUNTS_PER_RUN) {
      runs.push(
        await syncAccounts(ctx, { salesforceIds: missing.slice(i, i + ACCOUNTS_PER_RUN), trigger: options.trigger }),
      );
    }
    links = await findLinksBySalesforceId(ctx.db, 'account', salesforceIds);
  }
  const bySalesforceId = new Map<bigint, string>([...links.values()].map((l) => [l.billing_id, l.salesforce_id]));
  const accounts = new Map<string, AccountRow>();
  for (const row of await findAccountsByIds(ctx.db, [...bySalesforceId.keys()])) {
    accounts.set(bySalesforceId.get(row.id)!, row);
  }
  const refusals = new Map<string, RevbridgeError>();
  for (const [i, id] of missing.entries()) {
    if (accounts.has(id) || options.dryRun) continue;
    const run = runs[Math.floor(i / ACCOUNTS_PER_RUN)];
    const outcome = run.records.find((r) => r.salesforceId === id && r.outcome === 'failed');
    const reason = outcome
      ? `${outcome.errorCode}: ${outcome.errorMessage}`
      : run.error
        ? `${run.error.code}: ${run.error.message}`
        : `the account sync did not create it (\`revbridge history --run ${run.runId}\` lists why)`;
    refusals.set(
      id,
      new RevbridgeError(
        'account_not_in_billing',
        `Account ${id} could not be brought to billing (sync run ${run.runId}): ${reason}`,
        { accountId: id, runId: run.runId },
      ),
    );
  }
  return { accounts, refusals };
}
