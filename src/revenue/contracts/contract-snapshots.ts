import { type ContractSnapshot, contractSnapshot, type SnapshotSource } from '../../domain/contract-snapshot.ts';
import type { ContractPlan } from '../import/build-contract.ts';
import type { StoredContract } from './contract-view.ts';

type KeyedLine = { lineItemId: string | null; lineKey?: string | null };

/** How a line is known in a snapshot: its Salesforce id, else its revbridge key, else its place. */
export function lineKeyOf(line: KeyedLine, position: number): string {
  return line.lineItemId ?? line.lineKey ?? `#${position + 1}`;
}

type Snapshotted = Omit<SnapshotSource, 'lines'> & {
  lines: ReadonlyArray<SnapshotSource['lines'][number] extends infer L ? Omit<L, 'key'> & KeyedLine : never>;
};

/** A contract (as stored, as an import plans it from its opportunity, or as a person changes it) as a snapshot. */
export function snapshotOf(c: Snapshotted): ContractSnapshot {
  return contractSnapshot({ ...c, lines: c.lines.map((l, i) => ({ ...l, key: lineKeyOf(l, i) })) });
}

/** A stored contract's snapshot, its renewal and amendment links named by the linked contract's opportunity. */
export function storedSnapshot(c: StoredContract): ContractSnapshot {
  return snapshotOf({ ...c, renews: c.renewsOpportunityId, amends: c.amendsOpportunityId });
}

/** What an opportunity holds, as the import built it, as a snapshot. */
export function planSnapshot(plan: ContractPlan): ContractSnapshot {
  return snapshotOf({ ...plan, renews: plan.renewsRef, amends: plan.amendsRef });
}
