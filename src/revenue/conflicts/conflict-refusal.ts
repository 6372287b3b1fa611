import type { FieldConflict } from '../../domain/contract-snapshot.ts';

/** Why a contract changed on both sides can be neither pushed nor imported, and how a person settles it. */
export function conflictRefusal(
  contractId: bigint,
  conflicts: readonly FieldConflict[],
): { code: 'revenue_conflict'; message: string } {
  return {
    code: 'revenue_conflict',
    message: `Changed in revbridge and in Salesforce since they last agreed: ${conflicts.map((c) => c.field).join(', ')}; keep one side with \`revbridge revenue conflicts resolve ${contractId} --keep revbridge\` or \`--keep salesforce\`.`,
  };
}
