import {
  type ContractStanding,
  type ContractState,
  churnDate,
  contractState,
  type StageCategory,
} from '../../domain/contract-state.ts';
import type { ContractSnapshot } from '../../domain/contract-snapshot.ts';
import type { CurrencyCode } from '../../domain/currency.ts';
import { formatMoney } from '../../domain/money.ts';
import { dayWithinTerm } from '../../domain/recurring-revenue.ts';
import type { ContractLinePlan } from '../import/build-contract.ts';

/** A contract as the store holds it, with what its state depends on. */
export interface StoredContract {
  id: bigint;
  opportunityId: string | null;
  name: string;
  accountId: string | null;
  accountName: string | null;
  stage: string;
  status: StageCategory;
  closeDate: string;
  start: string;
  end: string;
  currency: CurrencyCode;
  assignedArrMinor: bigint | null;
  assignedMrrMinor: bigint | null;
  terminatedEffectiveDate: string | null;
  terminationDate: string | null;
  archived: boolean;
  /** What the opportunity was in, when the import converted it (else the tenant currency). */
  sourceCurrency: string;
  /** When it was changed in revbridge and not yet pushed to Salesforce (null when nothing is pending). */
  revbridgeChangedAt: Date | null;
  /** How many times revbridge has changed it (a push settles only the change it read). */
  revbridgeChanges: number;
  /** Its fields as revbridge and Salesforce last agreed on them, while a change is pending on one in Salesforce. */
  synced: ContractSnapshot | null;
  /** Why its last push was refused (`code: sentence`), while it is still pending. */
  pushError: string | null;
  /** The contract it renews and the one it amends, with their opportunities (null when not in Salesforce). */
  renewsId: bigint | null;
  renewsOpportunityId: string | null;
  amendsId: bigint | null;
  amendsOpportunityId: string | null;
  lines: StoredLine[];
}

/** A contract line as stored: what the import planned for it, its product named by code (or name). */
export type StoredLine = Pick<
  ContractLinePlan,
  | 'lineItemId'
  | 'productId'
  | 'quantity'
  | 'start'
  | 'end'
  | 'revenueMinor'
  | 'recurring'
  | 'arrMinor'
  | 'mrrMinor'
  | 'assignedArrMinor'
  | 'assignedMrrMinor'
> & {
  product: string;
  /** A line made in revbridge, until Salesforce gives it an id. */
  lineKey: string | null;
};

/** The contracts linked to one: what it renews and amends, what renews and amends it. */
export interface ContractLinks {
  renews: StoredContract | null;
  renewals: StoredContract[];
  amends: StoredContract | null;
  amendments: StoredContract[];
}

export interface ContractView {
  contractId: string;
  opportunityId: string | null;
  name: string;
  account: { salesforceId: string | null; name: string | null };
  stage: string;
  status: StageCategory;
  state: ContractState;
  closeDate: string;
  start: string;
  end: string;
  currency: string;
  arr: string;
  mrr: string;
  acv: string;
  totalArr: string;
  totalMrr: string;
  renews: string | null;
  renewedBy: string | null;
  amends: string | null;
  amendedBy: string[];
  archived: boolean;
  /** Changed in revbridge and not yet in Salesforce (`revenue push` sends it). */
  pushPending: boolean;
  /** Why its last push was refused (`code: sentence`), while it is pending; null otherwise. */
  pushError: string | null;
  lines: Array<{
    product: string;
    quantity: string;
    start: string;
    end: string;
    revenue: string;
    arr: string;
    mrr: string;
    recurring: boolean;
  }>;
}

/**
 * A contract's recurring revenue on `asOf`: its own lines in force on that day (the day clamped into its term,
 * so a contract not started yet reads at its start and an ended one at its end), or its Assigned ARR/MRR.
 */
export function contractRevenue(c: StoredContract, asOf: string): { arrMinor: bigint; mrrMinor: bigint } {
  if (c.assignedArrMinor !== null && c.assignedMrrMinor !== null) {
    return { arrMinor: c.assignedArrMinor, mrrMinor: c.assignedMrrMinor };
  }
  const day = dayWithinTerm(asOf, c.start, c.end);
  let arrMinor = 0n;
  let mrrMinor = 0n;
  for (const line of c.lines) {
    if (line.start > day || line.end < day) continue;
    arrMinor += line.arrMinor;
    mrrMinor += line.mrrMinor;
  }
  return { arrMinor, mrrMinor };
}

/** A contract's state on `asOf` (contractState), from its own dates and its renewals. */
/** Each contract's links (`linksOf`), the contracts it amends included. */
export type LinkMap = ReadonlyMap<bigint, ContractLinks>;

const NO_LINKS: ContractLinks = { renews: null, renewals: [], amends: null, amendments: [] };

/**
 * What decides a contract's state: its own dates, its renewals (an archived one counts for nothing), and for an
 * amendment the standing of the contract it amends.
 */
export function standingOf(c: StoredContract, all: LinkMap, nested = false): ContractStanding {
  const links = all.get(c.id) ?? NO_LINKS;
  const amended = !nested && links.amends && !links.amends.archived ? links.amends : null;
  const renewals = links.renewals.filter((r) => !r.archived);
  const lost = renewals.find((r) => r.status === 'lost');
  return {
    status: c.status,
    start: c.start,
    end: c.end,
    recurring: c.lines.some((l) => l.recurring),
    churnedOn: churnDate({
      terminatedEffectiveDate: c.terminatedEffectiveDate,
      terminationDate: c.terminationDate,
      renewalLost: lost !== undefined,
      lostRenewalTerminatedEffectiveDate: lost?.terminatedEffectiveDate ?? null,
    }),
    renewalBooked: renewals.some((r) => r.status === 'booked'),
    amends: amended ? standingOf(amended, all, true) : null,
  };
}

/** The renewal that speaks for a contract renewed more than once: a booked one, else a forecast one, else the last. */
function renewalOf(links: ContractLinks): StoredContract | undefined {
  const latestFirst = [...links.renewals].reverse().filter((r) => !r.archived);
  return (
    latestFirst.find((r) => r.status === 'booked') ?? latestFirst.find((r) => r.status === 'forecast') ?? latestFirst[0]
  );
}

/** The API's and CLI's view of a contract on `asOf`; amounts are decimal strings in the tenant currency. */
export function contractView(c: StoredContract, all: LinkMap, asOf: string): ContractView {
  const links = all.get(c.id) ?? NO_LINKS;
  const money = (minor: bigint) => formatMoney({ minor, currency: c.currency });
  const own = contractRevenue(c, asOf);
  const oneTime = c.lines.filter((l) => !l.recurring).reduce((sum, l) => sum + l.revenueMinor, 0n);
  const inForce = links.amendments.filter(
    (a) => !a.archived && a.status === 'booked' && a.start <= asOf && asOf <= a.end,
  );
  const amended = inForce.map((a) => contractRevenue(a, asOf));
  return {
    contractId: c.id.toString(),
    opportunityId: c.opportunityId,
    name: c.name,
    account: { salesforceId: c.accountId, name: c.accountName },
    stage: c.stage,
    status: c.status,
    state: contractState(standingOf(c, all), asOf),
    closeDate: c.closeDate,
    start: c.start,
    end: c.end,
    currency: c.currency,
    arr: money(own.arrMinor),
    mrr: money(own.mrrMinor),
    acv: money(own.arrMinor + oneTime),
    totalArr: money(amended.reduce((sum, a) => sum + a.arrMinor, own.arrMinor)),
    totalMrr: money(amended.reduce((sum, a) => sum + a.mrrMinor, own.mrrMinor)),
    renews: links.renews?.id.toString() ?? null,
    renewedBy: renewalOf(links)?.id.toString() ?? null,
    amends: links.amends?.id.toString() ?? null,
    amendedBy: links.amendments.map((a) => a.id.toString()),
    archived: c.archived,
    pushPending: c.revbridgeChangedAt !== null,
    pushError: c.pushError,
    lines: c.lines.map((l) => ({
      product: l.product,
      quantity: l.quantity,
      start: l.start,
      end: l.end,
      revenue: money(l.revenueMinor),
      arr: money(l.arrMinor),
      mrr: money(l.mrrMinor),
      recurring: l.recurring,
    })),
  };
}
