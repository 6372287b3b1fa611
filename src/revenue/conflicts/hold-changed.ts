import { fieldConflicts } from '../../domain/contract-snapshot.ts';
import type { Db } from '../../store/db.ts';
import type { RecordOutcome } from '../../sync/history/history.repo.ts';
import { planSnapshot, storedSnapshot } from '../contracts/contract-snapshots.ts';
import type { ContractState } from '../contracts/contracts.repo.ts';
import { findContractsById } from '../contracts/stored-contracts.repo.ts';
import type { ContractPlan } from '../import/build-contract.ts';
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
  for (const plan of plans) {
    const contract = contracts.get(stored.get(plan.opportunityId)!.id)!;
    const local = storedSnapshot(contract);
    const conflicts = fieldConflicts(contract.synced ?? local, local, planSnapshot(plan));
    await replaceConflicts(db, contract.id, conflicts, at);
    outcomes.set(plan.opportunityId, {
      object: 'contract',
      salesforceId: plan.opportunityId,
      billingId: contract.id,
      label: plan.name,
      outcome: conflicts.length > 0 ? 'failed' : 'skipped',
      ...(conflicts.length > 0
        ? {
            errorCode: 'revenue_conflict',
            errorMessage: `Changed in revbridge and in Salesforce since they last agreed: ${conflicts.map((c) => c.field).join(', ')}; resolve with \`revbridge revenue conflicts resolve ${contract.id}\`.`,
          }
        : {
            warnings: [
              'Changed in revbridge and not yet pushed: kept as changed in revbridge (`revbridge revenue push` sends it).',
            ],
          }),
    });
  }
  return outcomes;
}
