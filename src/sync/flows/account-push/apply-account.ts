import type { AppContext } from '../../../app-context.ts';
import { findAccount } from '../../../billing/accounts/accounts.repo.ts';
import type { AccountDetail } from '../../../billing/accounts/accounts.views.ts';
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
import type { ObjectMapping } from '../../mappings/field-mapping.ts';
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
  detail: AccountDetail;
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

/** One record's mapped values, its lookups as billing ids, and the hash that says whether it changed. */
export interface AccountPlan {
  values: Record<string, unknown>;
  refs: Record<string, string | null>;
  hash: string;
  warnings: string[];
}

/** How a refusal names another Salesforce account of the run: its name when the run read it. */
export type SalesforceNameOf = (salesforceId: string) => string;

/**
 * What one Salesforce account asks of billing, decided in memory: mapped (every transform and the rules of
 * required fields), lookups resolved to billing ids through the run's states, hashed. Throws the coded
 * refusal; touches nothing.
 */
export function planAccount(
  mapping: ObjectMapping,
  record: CrmRecord,
  isNew: boolean,
  states: Map<string, AccountState>,
  lists: TransformLists,
  nameOf: SalesforceNameOf,
): AccountPlan {
  const mapped = mapRecord(mapping, record, isNew, lists);
  return {
    values: mapped.values,
    refs: resolveRefs(record, mapped.refs, states, nameOf),
    hash: recordHash(mapping.version, { ...mapped.values, ...mapped.refs }),
    warnings: mapped.warnings,
  };
}

/** A record that brings no billing id or number and has no link: billing has never seen it. */
export function isNewToBilling(record: CrmRecord, link: LinkRow | undefined): boolean {
  return !link && !record.Billing_Account_Id__c && !record.Billing_Account_Number__c;
}

/**
 * Brings a Salesforce account billing already knows (linked before, or carrying a billing id or number to
 * link) up to date inside the caller's transaction. The billing rules of the seeds run in the billing
 * use-cases; a refusal throws its coded error and the caller rolls this record back. New accounts are
 * created in batches (`NewAccountBatch`), not here.
 */
export async function applyExistingAccount(
  trx: Db,
  ctx: AppContext,
  record: CrmRecord,
  link: LinkRow | undefined,
  plan: AccountPlan,
): Promise<AppliedAccount> {
  const existing = link ? undefined : await linkableAccount(trx, record);
  const billingId = link ? link.billing_id : existing!;
  const now = ctx.clock.now();
  const before = await loadAccountDetail(trx, (await findAccount(trx, billingId.toString()))!);
  const values = existing
    ? Object.fromEntries(Object.entries(plan.values).filter(([k]) => !BILLING_WINS_ON_LINK.has(k)))
    : plan.values;
  const changes = changedFields(before, values, plan.refs);
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
    hash: plan.hash,
    mappingVersion: ACCOUNT_MAPPING.version,
    at: now,
  });
  return {
    outcome: 'updated',
    billingId,
    detail,
    linked: !!existing,
    diff: Object.keys(changes).length > 0 ? changes : null,
    warnings: plan.warnings,
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
  nameOf: SalesforceNameOf,
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
          ? `The parent account ${nameOf(salesforceId)} did not sync to billing (${state.failedWith}); fix it first and this account follows.`
          : `The parent account ${nameOf(salesforceId)} is not in billing.`,
        { parentId: salesforceId, parentError: state?.failedWith },
      );
    } else {
      const label = INVOICER_REFS.includes(field as (typeof INVOICER_REFS)[number]) ? field : 'invoicer';
      fail(
        'invoicer_outside_hierarchy',
        `The ${label.replace(/Id$/, '')} ${nameOf(salesforceId)} is not in billing; pick this account or another account of its hierarchy that syncs to billing.`,
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

export function definedOnly(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null));
}
