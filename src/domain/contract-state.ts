/** What a stage means for revenue (seed 004's stage categories; "Not set" is forecast). */
export type StageCategory = 'booked' | 'lost' | 'forecast';
export const STAGE_CATEGORIES = ['booked', 'lost', 'forecast'] as const satisfies readonly StageCategory[];

/**
 * Where a stage key seen for the first time starts: from the org's own stage metadata (OpportunityStage),
 * closed and won → booked, closed and not won → lost, anything else (or a stage the org does not describe)
 * → forecast. An admin may change it afterwards; that mapping then stays.
 */
export function stageCategoryFromOrg(stage: { isClosed: boolean; isWon: boolean } | undefined): StageCategory {
  if (!stage?.isClosed) return 'forecast';
  return stage.isWon ? 'booked' : 'lost';
}

export type ContractState = 'active' | 'overdue' | 'churned' | 'renewed' | 'ended';
export const CONTRACT_STATES = [
  'active',
  'overdue',
  'churned',
  'renewed',
  'ended',
] as const satisfies readonly ContractState[];

/** What decides a contract's state on a day. */
export interface ContractStanding {
  status: StageCategory;
  start: string;
  end: string;
  /** It has recurring revenue (and so something to renew). */
  recurring: boolean;
  /** The day it stops counting, when churned (`churnDate`); null when it is not. */
  churnedOn: string | null;
  /** A renewal linked to it is booked. */
  renewalBooked: boolean;
  /**
   * The contract it amends, for an upsell or downsell: an amendment rides along with it (churned with it,
   * overdue or renewed with it past its own end) rather than being renewed on its own.
   */
  amends?: ContractStanding | null;
}

/**
 * The day a booked contract churns, or null (seed 004): it carries both a Terminated Effective Date and a
 * Termination Date; or a renewal linked to it is Lost and a Terminated Effective Date is set (on the
 * contract or on that renewal). Churn takes effect on the Terminated Effective Date.
 */
export function churnDate(contract: {
  terminatedEffectiveDate: string | null;
  terminationDate: string | null;
  lostRenewalTerminatedEffectiveDate?: string | null;
  renewalLost: boolean;
}): string | null {
  if (contract.terminatedEffectiveDate !== null && contract.terminationDate !== null) {
    return contract.terminatedEffectiveDate;
  }
  if (!contract.renewalLost) return null;
  return contract.terminatedEffectiveDate ?? contract.lostRenewalTerminatedEffectiveDate ?? null;
}

/**
 * A contract's state on `asOf`. Lost: ended. Forecast: active until its end, then ended. Booked: churned from
 * its churn date; past its end, renewed when a renewal is booked, overdue when it has recurring revenue and
 * none is (it keeps counting in ARR until renewed or churned), ended when it had nothing to renew; active
 * otherwise (including before it starts). An amendment of a booked contract churns with it at the latest, and
 * past its own end is overdue or renewed as that contract is, else ended.
 */
export function contractState(c: ContractStanding, asOf: string): ContractState {
  if (c.status === 'lost') return 'ended';
  if (c.status === 'forecast') return asOf > c.end ? 'ended' : 'active';
  const amended = amendedContract(c);
  const churnedOn = effectiveChurnDate(c);
  if (churnedOn !== null && asOf >= churnedOn) return 'churned';
  if (asOf <= c.end) return 'active';
  if (amended) {
    const state = contractState(amended, asOf);
    return state === 'overdue' || state === 'renewed' ? state : 'ended';
  }
  if (c.renewalBooked) return 'renewed';
  return c.recurring ? 'overdue' : 'ended';
}

/** The booked contract an amendment rides along with; null for a contract on its own. */
export function amendedContract(c: ContractStanding): ContractStanding | null {
  return c.amends?.status === 'booked' ? c.amends : null;
}

/** The day a contract stops counting by churn: its own churn date, or its amended contract's if earlier. */
export function effectiveChurnDate(c: ContractStanding): string | null {
  return earliest(c.churnedOn, amendedContract(c)?.churnedOn ?? null);
}

function earliest(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  return b === null || a <= b ? a : b;
}

/**
 * Whether a contract counts in ARR/MRR on `asOf`: booked, started, not churned, and within its term or
 * overdue (past its end with no booked renewal).
 */
export function countsInArr(c: ContractStanding, asOf: string): boolean {
  if (c.status !== 'booked' || asOf < c.start) return false;
  const state = contractState(c, asOf);
  return state === 'active' || state === 'overdue';
}
