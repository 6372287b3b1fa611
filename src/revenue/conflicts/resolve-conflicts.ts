import type { AppContext } from '../../app-context.ts';
import {
  CONTRACT_FIELDS,
  changedFields,
  fieldConflicts,
  fieldOfKey,
  salesforceNameOf,
  settledAgreement,
} from '../../domain/contract-snapshot.ts';
import { fail } from '../../domain/errors.ts';
import { formatMoney } from '../../domain/money.ts';
import { DEFAULT_REVENUE_POLICIES } from '../../domain/revenue-policies.ts';
import { crmOf } from '../../sync/engine/sync-context.ts';
import { planSnapshot, storedSnapshot } from '../contracts/contract-snapshots.ts';
import { takeSalesforceLink, writeContracts } from '../contracts/contracts.repo.ts';
import { takeSalesforceValues } from '../contracts/manage-contracts.ts';
import { findContractsById } from '../contracts/stored-contracts.repo.ts';
import { contractIdOf } from '../contracts/link-contracts.ts';
import { tenantCurrency } from '../contracts/tenant-currency.ts';
import { readOrgRevenueSetup } from '../import/org-revenue-setup.ts';
import { readOpportunitiesNow } from '../import/read-plans.ts';
import { listConflicts, type StoredConflict } from './conflicts.repo.ts';

/** A conflict as a person reads it: amounts as decimal text in the tenant currency. */
export interface ConflictView {
  contractId: string;
  opportunityId: string | null;
  contract: string;
  /** The contract field (`name`, `line:<id>.quantity`, …) and where it lives in Salesforce. */
  field: string;
  salesforceField: string;
  synced: string | null;
  revbridge: string | null;
  salesforce: string | null;
  detectedAt: string;
}

export const CONFLICT_SIDES = ['revbridge', 'salesforce'] as const;
export type ConflictSide = (typeof CONFLICT_SIDES)[number];

/** Every field changed both in revbridge and in Salesforce since they last agreed, waiting for a person. */
export async function revenueConflicts(ctx: AppContext): Promise<ConflictView[]> {
  const currency = await tenantCurrency(ctx);
  return (await listConflicts(ctx.db)).map((c) => conflictView(c, currency));
}

function conflictView(c: StoredConflict, currency: Parameters<typeof formatMoney>[0]['currency']): ConflictView {
  const field = fieldOfKey(c.field);
  const known = CONTRACT_FIELDS.find((f) => f.field === field);
  const money = field === 'assignedArr' || field === 'assignedMrr' || field === 'line.revenue';
  const shown = (v: string | null) => (v !== null && money ? formatMoney({ minor: BigInt(v), currency }) : v);
  return {
    contractId: c.contractId.toString(),
    opportunityId: c.opportunityId,
    contract: c.contractName,
    field: c.field,
    salesforceField: known ? salesforceNameOf(known) : c.field,
    synced: shown(c.synced),
    revbridge: shown(c.revbridge),
    salesforce: shown(c.salesforce),
    detectedAt: c.detectedAt.toISOString(),
  };
}

/**
 * A person's choice on a contract's conflicts. `revbridge`: revbridge's values win; the conflicting fields count as
 * changed in revbridge alone, and the next push sends them. `salesforce`: the conflicting fields take the values
 * the opportunity has now (two API calls); revbridge's other changes stay pending (or, when it has none, the
 * contract becomes the opportunity as Salesforce has it).
 */
export async function resolveConflicts(
  ctx: AppContext,
  ref: string,
  keep: ConflictSide,
): Promise<{ contractId: string; kept: ConflictSide; fields: string[] }> {
  const id = await contractIdOf(ctx.db, ref);
  const conflicts = await listConflicts(ctx.db, id);
  if (conflicts.length === 0) fail('revenue_conflict_not_found', `Contract ${id} has no conflict to resolve.`);
  if (keep === 'revbridge') {
    const [current] = await findContractsById(ctx.db, [id]);
    // What Salesforce holds becomes what the two agreed on: revbridge's value is then the only change.
    const synced = settledAgreement(current.synced ?? storedSnapshot(current), conflicts);
    await ctx.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('contracts')
        .set({ synced: JSON.stringify(synced), push_error_code: null, push_error: null })
        .where('id', '=', id)
        .execute();
      await trx.deleteFrom('revenue_conflicts').where('contract_id', '=', id).execute();
    });
    return { contractId: id.toString(), kept: keep, fields: conflicts.map((c) => c.field) };
  }
  const fields = await keepSalesforces(ctx, id, conflicts[0].opportunityId!);
  return { contractId: id.toString(), kept: keep, fields };
}

/**
 * Salesforce's side of a contract's conflicts, as the opportunity is now (its fields may have moved on since the
 * conflicts were found): the fields changed on both sides take Salesforce's values, those changed in revbridge
 * alone stay pending. Returns the fields that took Salesforce's values.
 */
async function keepSalesforces(ctx: AppContext, id: bigint, opportunityId: string): Promise<string[]> {
  const policies = ctx.revenue ?? DEFAULT_REVENUE_POLICIES;
  const crm = await crmOf(ctx);
  const setup = await readOrgRevenueSetup(crm, policies);
  const now = (await readOpportunitiesNow(ctx, crm, setup, policies, [opportunityId])).get(opportunityId);
  if (!now) {
    fail('salesforce_record_not_found', `Opportunity ${opportunityId} is no longer in Salesforce; nothing to keep.`);
  }
  if (!now.plan) throw now.error!;
  const plan = now.plan;
  const [current] = await findContractsById(ctx.db, [id]);
  const local = storedSnapshot(current);
  const agreed = current.synced ?? local;
  const remote = planSnapshot(plan);
  const conflicts = fieldConflicts(agreed, local, remote);
  const taken = new Set(conflicts.map((c) => c.field));
  const ownChanges = changedFields(agreed, local).filter((field) => !taken.has(field));
  const at = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    if (ownChanges.length === 0) {
      // Nothing of revbridge's own is left to push: the contract is the opportunity again.
      await trx
        .updateTable('contracts')
        .set({ revbridge_changed_at: null, synced: null, push_error_code: null, push_error: null })
        .where('id', '=', id)
        .execute();
      await writeContracts(trx, [plan], at);
    } else {
      await takeSalesforceValues(trx, ctx, current, conflicts, settledAgreement(agreed, conflicts));
      for (const [field, kind] of [
        ['renews', 'renewal'],
        ['amends', 'amendment'],
      ] as const) {
        if (taken.has(field)) await takeSalesforceLink(trx, kind, id, remote[field] ?? null, at);
      }
    }
    await trx.deleteFrom('revenue_conflicts').where('contract_id', '=', id).execute();
  });
  return [...taken];
}
