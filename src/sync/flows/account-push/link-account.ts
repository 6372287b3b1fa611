import type { AppContext } from '../../../app-context.ts';
import { requireAccount } from '../../../billing/accounts/require-account.ts';
import { fail } from '../../../domain/errors.ts';
import { salesforceId18 } from '../../../domain/salesforce-id.ts';
import type { SyncRunResult } from '../../engine/recorded-run.ts';
import { crmOf } from '../../engine/sync-context.ts';
import { findLinkByBillingId, findLinksBySalesforceId } from '../../links/links.repo.ts';
import { syncAccounts } from './sync-accounts.ts';

export interface LinkAccountInput {
  /** The Salesforce Account id (15 or 18 characters). */
  salesforceId: string;
  /** The billing account's id or number. */
  account: string;
}

/**
 * Seed 003: links an existing Salesforce account to an existing billing account instead of creating a
 * second one. The billing id and number go onto the record, then the account sync links them: billing's
 * primary email, billing cycle (with its id) and account category (with its id) overwrite Salesforce's,
 * and from then on Salesforce's CRM fields flow to billing as for any synced account. Linking twice is
 * harmless; linking either side to a third is `already_linked`.
 */
export async function linkAccount(ctx: AppContext, input: LinkAccountInput): Promise<SyncRunResult> {
  const salesforceId = salesforceId18(input.salesforceId.trim());
  if (!salesforceId) {
    fail('validation_failed', `"${input.salesforceId}" is not a Salesforce record id (15 or 18 letters and digits).`, {
      field: 'salesforceId',
    });
  }
  const account = await requireAccount(ctx.db, input.account);
  const linked = (await findLinksBySalesforceId(ctx.db, 'account', [salesforceId])).get(salesforceId);
  if (linked && linked.billing_id !== account.id) {
    fail(
      'already_linked',
      `Salesforce account ${salesforceId} is already linked to another billing account (id ${linked.billing_id}).`,
      {
        salesforceId,
        billingId: linked.billing_id.toString(),
      },
    );
  }
  const taken = await findLinkByBillingId(ctx.db, 'account', account.id);
  if (taken && taken.salesforce_id !== salesforceId) {
    fail(
      'already_linked',
      `Billing account ${account.account_number} is already linked to Salesforce account ${taken.salesforce_id}.`,
      {
        accountNumber: account.account_number,
        salesforceId: taken.salesforce_id,
      },
    );
  }
  {
    const crm = await crmOf(ctx);
    const [result] = await crm.update('Account', [
      {
        Id: salesforceId,
        Billing_Account_Id__c: account.id.toString(),
        Billing_Account_Number__c: account.account_number,
      },
    ]);
    if (!result.success) {
      const e = result.errors[0];
      if (e?.code === 'DUPLICATE_VALUE') {
        fail(
          'already_linked',
          `Another Salesforce account already carries billing account ${account.account_number}: ${e.message}`,
          {
            accountNumber: account.account_number,
          },
        );
      }
      if (e?.code === 'INVALID_CROSS_REFERENCE_KEY' || e?.code === 'ENTITY_IS_DELETED' || e?.code === 'MALFORMED_ID') {
        fail('salesforce_record_not_found', `Salesforce has no account ${salesforceId} (${e.code}).`, { salesforceId });
      }
      fail('salesforce_request_failed', `Salesforce refused the link: ${e?.code ?? 'UNKNOWN'}: ${e?.message ?? ''}`, {
        salesforceId,
      });
    }
  }
  return syncAccounts(ctx, { trigger: 'link', salesforceIds: [salesforceId] });
}
