import { fieldConflicts } from '../../domain/contract-snapshot.ts';
import type { Db } from '../../store/db.ts';
import type { RecordOutcome } from '../../sync/history/history.repo.ts';
import { planSnapshot, storedSnapshot } from '../contracts/contract-snapshots.ts';
import type { ContractState } from '../contracts/contracts.repo.ts';
import { findContractsById } from '../contracts/stored-contracts.repo.ts';
import type { ContractPlan } from '../import/build-contract.ts';
import { conflictRefusal } from './conflict-refusal.ts';
import { replaceConflicts } from './conflicts.repo.ts';

/**
 * Contracts changed in revbridge and not yet pushed, as Salesforce now has them (`plans`): each stays as changed
 * (the push sends the change), and every field changed on both sides since they last agreed, to different values,
 * is recorded as a conflict for a person to resolve; none is overwritten. One outcome per contract, by opportunity id.
 */
export async function holdChangedContracts(
  db: Db,
  plans: readonly ContractPlan[],
  stored: ReadonlyMap<string, ContractState>,
  at: Date,
): Promise<Map<string, RecordOutcome>> {
  const outcomes = new Map<string, RecordOutcome>();
  if (plans.length === 0) return outcomes;
  const contracts = new Map(
    (
      await findContractsById(
        db,
        plans.map((p) => stored.get(p.opportunityId)!.id),
      )
    ).map((c) => [c.id, c]),
  );
  const found = plans.map((plan) => {
    const contract = contracts.get(stored.get(plan.opportunityId)!.id)!;
    const local = storedSnapshot(contract);
    return { plan, contract, conflicts: fieldConflicts(contract.synced ?? local, local, planSnapshot(plan)) };
  });
  await replaceConflicts(
    db,
    found.map((f) => ({ contractId: f.contract.id, conflicts: f.conflicts })),
    at,
  );
  for (const { plan, contract, conflicts } of found) {
    const base = { object: 'contract', salesforceId: plan.opportunityId, billingId: contract.id, label: plan.name };
    if (conflicts.length > 0) {
      const refusal = conflictRefusal(contract.id, conflicts);
      outcomes.set(plan.opportunityId, {
        ...base,
        outcome: 'failed',
        errorCode: refusal.code,
        errorMessage: refusal.message,
      });
    } else {
      outcomes.set(plan.opportunityId, {
        ...base,
        outcome: 'skipped',
        warnings: [
          'Changed in revbridge and not yet pushed: kept as changed in revbridge (`revbridge revenue push` sends it).',
        ],
      });
    }
  }
  return outcomes;
}
