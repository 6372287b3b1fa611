import type { AppContext } from '../../../app-context.ts';
import { findAccount } from '../../../billing/accounts/accounts.repo.ts';
import type { AccountDetail } from '../../../billing/accounts/accounts.views.ts';
import { createAccountWithin } from '../../../billing/accounts/create-account.ts';
import { loadAccountDetail } from '../../../billing/accounts/hierarchy-rules.ts';
import { markAccountSyncedWithin } from '../../../billing/accounts/mark-account-synced.ts';
import { updateAccountWithin } from '../../../billing/accounts/update-account.ts';
import type { CrmRecord } from '../../../crm/crm.port.ts';
import { fail } from '../../../domain/errors.ts';
import type { SyncOutcomeKind } from '../../../domain/sync-run.ts';
import type { Db } from '../../../store/db.ts';
import { recordHash } from '../../engine/record-hash.ts';
import type { LinkRow } from '../../links/links.repo.ts';
import { findLinkByBillingId, saveLink } from '../../links/links.repo.ts';
import { ACCOUNT_MAPPING } from '../../mappings/account-mapping.ts';
import type { TransformLists } from '../../mappings/transforms.ts';
import { mapRecord } from './map-account.ts';
import { nest, readPath } from './nested.ts';

/** Where each Salesforce account stands in billing as the run goes: linked before, or synced just now. */
export interface AccountState {
  billingId: bigint | null;
  /** The code of the failure that kept it out of billing in this run. */
  failedWith?: string;
  /** Created or linked in this run: its contacts are read even when they did not change. */
  joinedNow?: boolean;
}

export interface AppliedAccount {
  outcome: SyncOutcomeKind;
  billingId: bigint;
  detail?: AccountDetail;
  /** Linked to an existing billing account on this sync: billing's values overwrite Salesforce's. */
  linked: boolean;
  diff: Record<string, { from: unknown; to: unknown }> | null;
  warnings: string[];
}

const INVOICER_REFS = ['subscriptionInvoicerId', 'usageInvoicerId', 'taxAccountId'] as const;
/** Seed 003: on link, billing's primary email, billing cycle and category win over Salesforce's. */
const BILLING_WINS_ON_LINK = new Set(
  ACCOUNT_MAPPING.fields.filter((f) => f.direction === 'to_salesforce' && f.onLinkOnly).map((f) => f.billing),
);

/**
 * Brings one Salesforce account into billing inside the caller's transaction: create, link (an account
 * already carrying a billing id or number), update, or nothing when its mapped values hash as before.
 * The billing rules of the seeds run in the billing use-cases; a refusal throws its coded error and the
 * caller rolls this record back.
 */
export async function applyAccount(
  trx: Db,
  ctx: AppContext,
  record: CrmRecord,
  link: LinkRow | undefined,
  states: Map<string, AccountState>,
  lists: TransformLists,
): Promise<AppliedAccount> {
  const existing = link ? undefined : await linkableAccount(trx, record);
  const mapped = mapRecord(ACCOUNT_MAPPING, record, !link && !existing, lists);
  const refs = resolveRefs(record, mapped.refs, states);
  const hash = recordHash(ACCOUNT_MAPPING.version, { ...mapped.values, ...mapped.refs });
  const now = ctx.clock.now();

  if (link && link.synced_hash === hash) {
    return { outcome: 'unchanged', billingId: link.billing_id, linked: false, diff: null, warnings: mapped.warnings };
  }

  if (!link && !existing) {
    const detail = await createAccountWithin(trx, ctx, {
      ...(nest(definedOnly(mapped.values)) as { name: string; currency: string }),
      ...refs,
      syncedAt: now,
    });
    await saveLink(trx, {
      object: 'account',
      salesforceId: record.Id,
      billingId: BigInt(detail.id),
      hash,
      mappingVersion: ACCOUNT_MAPPING.version,
      at: now,
    });
    return {
      outcome: 'created',
      billingId: BigInt(detail.id),
      detail,
      linked: false,
      diff: null,
      warnings: mapped.warnings,
    };
  }

  const billingId = link ? link.billing_id : existing!;
  const before = await loadAccountDetail(trx, (await findAccount(trx, billingId.toString()))!);
  const values = existing
    ? Object.fromEntries(Object.entries(mapped.values).filter(([k]) => !BILLING_WINS_ON_LINK.has(k)))
    : mapped.values;
  const changes = changedFields(before, values, refs);
  if (Object.keys(changes).length > 0) {
    await updateAccountWithin(trx, ctx, {
      idOrNumber: billingId.toString(),
      ...(nest(Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, v.to]))) as object),
    });
  }
  const detail = await markAccountSyncedWithin(trx, ctx, {
    idOrNumber: billingId.toString(),
    at: before.syncedAt ? new Date(before.syncedAt) : now,
  });
  await saveLink(trx, {
    object: 'account',
    salesforceId: record.Id,
    billingId,
    hash,
    mappingVersion: ACCOUNT_MAPPING.version,
    at: now,
  });
  return {
    outcome: 'updated',
    billingId,
    detail,
    linked: !!existing,
    diff: Object.keys(changes).length > 0 ? changes : null,
    warnings: mapped.warnings,
  };
}

/**
 * Seed 003: "on the first sync, an account that already carries a Billing Account Number is linked, not
 * duplicated". The billing id or number on the record names the account; one linked to another
 * Salesforce record is `already_linked`.
 */
async function linkableAccount(trx: Db, record: CrmRecord): Promise<bigint | undefined> {
  const ref = (record.Billing_Account_Id__c as string | null) || (record.Billing_Account_Number__c as string | null);
  if (!ref) return undefined;
  const account = await findAccount(trx, ref);
  if (!account) {
    fail(
      'account_not_found',
      `The record carries billing account "${ref}", which billing does not have; clear Billing Account Number and Id to create a new billing account.`,
      { ref },
    );
  }
  const taken = await findLinkByBillingId(trx, 'account', account.id);
  if (taken && taken.salesforce_id !== record.Id) {
    fail(
      'already_linked',
      `Billing account ${account.account_number} is already linked to Salesforce account ${taken.salesforce_id}.`,
      {
        accountNumber: account.account_number,
        salesforceId: taken.salesforce_id,
      },
    );
  }
  return account.id;
}

/** Lookups to other accounts, as billing ids ('self' for the record itself). */
function resolveRefs(
  record: CrmRecord,
  refs: Record<string, string | null>,
  states: Map<string, AccountState>,
): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const [field, salesforceId] of Object.entries(refs)) {
    if (salesforceId === null) {
      out[field] = null;
      continue;
    }
    if (salesforceId === record.Id && field !== 'parentId') {
      out[field] = 'self';
      continue;
    }
    const state = states.get(salesforceId);
    if (state?.billingId != null) {
      out[field] = state.billingId.toString();
    } else if (field === 'parentId') {
      fail(
        'parent_sync_failed',
        state?.failedWith
          ? `The parent account (${salesforceId}) did not sync to billing (${state.failedWith}); fix it first and this account follows.`
          : `The parent account (${salesforceId}) is not in billing.`,
        { parentId: salesforceId, parentError: state?.failedWith },
      );
    } else {
      const label = INVOICER_REFS.includes(field as (typeof INVOICER_REFS)[number]) ? field : 'invoicer';
      fail(
        'invoicer_outside_hierarchy',
        `The ${label.replace(/Id$/, '')} (${salesforceId}) is not in billing; pick this account or another account of its hierarchy that syncs to billing.`,
        { setting: label, invoicer: salesforceId },
      );
    }
  }
  return out;
}

/** Billing fields whose value would change, as {from, to}; null (blank) is a value like any other. */
function changedFields(
  before: AccountDetail,
  values: Record<string, unknown>,
  refs: Record<string, string | null>,
): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const [field, to] of Object.entries(values)) {
    // Required values never clear: a blank name or currency on an update keeps billing's.
    if (to === null && (field === 'name' || field === 'currency' || field === 'status')) continue;
    const from = readPath(before, field) ?? null;
    if (from !== to) changes[field] = { from, to };
  }
  for (const [field, to] of Object.entries(refs)) {
    const from = (readPath(before, field) as string | null) ?? null;
    const target = to === 'self' ? before.id : to;
    if (from !== target) changes[field] = { from, to: target === before.id && field !== 'parentId' ? 'self' : target };
  }
  return changes;
}

function definedOnly(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null));
}
