import type { AppContext } from '../../../app-context.ts';
import { findAccount, type AccountRow } from '../../../billing/accounts/accounts.repo.ts';
import { fail } from '../../../domain/errors.ts';
import type { SyncOptions } from '../../engine/sync-context.ts';
import { findLinksBySalesforceId } from '../../links/links.repo.ts';
import { syncAccounts } from '../account-push/sync-accounts.ts';

export interface PushAccount {
  /** The billing account; absent in a dry run that would bring it along. */
  account: AccountRow | undefined;
  /** The account sync run that brought it (and its ancestors and flagged contacts) along, if one was needed. */
  broughtByRun: string | undefined;
}

/**
 * The billing account a push records on (seed 001, later version: the push carries the account and its
 * contacts). A linked account is used as it is; otherwise the account sync brings it along with its
 * ancestors and flagged contacts, by the same rules and with the same errors, in a run of its own. An
 * account it cannot bring is `account_not_in_billing`, with the account sync's reason.
 */
export async function billingAccountOf(
  ctx: AppContext,
  salesforceAccountId: string,
  options: SyncOptions,
): Promise<PushAccount> {
  const linked = async () =>
    (await findLinksBySalesforceId(ctx.db, 'account', [salesforceAccountId])).get(salesforceAccountId);
  const link = await linked();
  if (link) return { account: await findAccount(ctx.db, link.billing_id.toString()), broughtByRun: undefined };
  const run = await syncAccounts(ctx, {
    salesforceIds: [salesforceAccountId],
    dryRun: options.dryRun,
    trigger: options.trigger,
  });
  if (options.dryRun) return { account: undefined, broughtByRun: run.runId };
  const brought = await linked();
  if (!brought) {
    const outcome = run.records.find((r) => r.salesforceId === salesforceAccountId && r.outcome === 'failed');
    const reason = outcome
      ? `${outcome.errorCode}: ${outcome.errorMessage}`
      : run.error
        ? `${run.error.code}: ${run.error.message}`
        : 'the account sync did not create it';
    fail(
      'account_not_in_billing',
      `Account ${salesforceAccountId} could not be brought to billing (sync run ${run.runId}): ${reason}`,
      { accountId: salesforceAccountId, runId: run.runId },
    );
  }
  return { account: await findAccount(ctx.db, brought.billing_id.toString()), broughtByRun: run.runId };
}
