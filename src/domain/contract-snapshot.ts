import { decimal } from './rate.ts';

/**
 * A contract's fields as one flat map, in the contract's own form (dates YYYY-MM-DD, amounts in minor units of the
 * tenant currency, quantities as canonical decimals): `name`, `stage`, `closeDate`, `start`, `end`, `assignedArr`,
 * `assignedMrr`, `renews` and `amends` (the linked contract's opportunity id), and per line `line:<key>.product|quantity|start|end|revenue`, a line keyed by its Salesforce id (or
 * its revbridge key until it has one). A field that is absent or empty is missing from the map. Comparing two
 * snapshots field by field is how revbridge tells which side changed what.
 */
export type ContractSnapshot = Readonly<Record<string, string>>;

export interface SnapshotLine {
  /** The line's Salesforce id, or its revbridge key until it has one. */
  key: string;
  productId: bigint;
  quantity: string;
  start: string;
  end: string;
  revenueMinor: bigint;
}

export interface SnapshotSource {
  name: string;
  stage: string;
  closeDate: string;
  start: string;
  end: string;
  assignedArrMinor: bigint | null;
  assignedMrrMinor: bigint | null;
  /** The opportunity of the contract it renews, and of the one it amends (null: none, or not in Salesforce). */
  renews?: string | null;
  amends?: string | null;
  lines: readonly SnapshotLine[];
}

/** A field of a contract and the Salesforce field it is pushed to; `line.*` fields are per line. */
export interface ContractField {
  field: string;
  object: 'Opportunity' | 'OpportunityLineItem';
  salesforce: string;
}

/** Every field a contract shares with Salesforce, and where it lives there. */
export const CONTRACT_FIELDS: readonly ContractField[] = [
  { field: 'name', object: 'Opportunity', salesforce: 'Name' },
  { field: 'stage', object: 'Opportunity', salesforce: 'StageName' },
  { field: 'closeDate', object: 'Opportunity', salesforce: 'CloseDate' },
  { field: 'start', object: 'Opportunity', salesforce: 'Term_Start_Date__c' },
  { field: 'end', object: 'Opportunity', salesforce: 'Term_End_Date__c' },
  { field: 'assignedArr', object: 'Opportunity', salesforce: 'Assigned_ARR__c' },
  { field: 'assignedMrr', object: 'Opportunity', salesforce: 'Assigned_MRR__c' },
  { field: 'renews', object: 'Opportunity', salesforce: 'Renews__c' },
  { field: 'amends', object: 'Opportunity', salesforce: 'Amends__c' },
  { field: 'line.product', object: 'OpportunityLineItem', salesforce: 'PricebookEntryId' },
  { field: 'line.quantity', object: 'OpportunityLineItem', salesforce: 'Quantity' },
  { field: 'line.revenue', object: 'OpportunityLineItem', salesforce: 'TotalPrice' },
  { field: 'line.start', object: 'OpportunityLineItem', salesforce: 'Term_Start_Date__c' },
  { field: 'line.end', object: 'OpportunityLineItem', salesforce: 'Term_End_Date__c' },
];

/** `Object.Field` of a contract field, as configuration and messages name it. */
export function salesforceNameOf(field: ContractField): string {
  return `${field.object}.${field.salesforce}`;
}

/** The contract's fields as a snapshot (see ContractSnapshot). */
export function contractSnapshot(c: SnapshotSource): ContractSnapshot {
  const out: Record<string, string> = {
    name: c.name,
    stage: c.stage,
    closeDate: c.closeDate,
    start: c.start,
    end: c.end,
  };
  if (c.assignedArrMinor !== null) out.assignedArr = c.assignedArrMinor.toString();
  if (c.assignedMrrMinor !== null) out.assignedMrr = c.assignedMrrMinor.toString();
  if (c.renews) out.renews = c.renews;
  if (c.amends) out.amends = c.amends;
  for (const line of c.lines) {
    const at = `line:${line.key}`;
    out[`${at}.product`] = line.productId.toString();
    out[`${at}.quantity`] = decimal(line.quantity).toFixed();
    out[`${at}.start`] = line.start;
    out[`${at}.end`] = line.end;
    out[`${at}.revenue`] = line.revenueMinor.toString();
  }
  return out;
}

/** The contract field a snapshot key belongs to: `line:0k….quantity` → `line.quantity`. */
export function fieldOfKey(key: string): string {
  const m = /^line:[^.]+\.(.+)$/.exec(key);
  return m ? `line.${m[1]}` : key;
}

/** The line a snapshot key belongs to (`line:<key>.…` → `<key>`), undefined for a contract-level key. */
export function lineOfKey(key: string): string | undefined {
  return /^line:([^.]+)\./.exec(key)?.[1];
}

/** The keys whose value differs between two snapshots (present in one only counts), sorted. */
export function changedFields(before: ContractSnapshot, after: ContractSnapshot): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => before[k] !== after[k]).sort();
}

export interface FieldConflict {
  field: string;
  synced: string | null;
  revbridge: string | null;
  salesforce: string | null;
}

/**
 * The fields changed on both sides since they last agreed (`synced`) to different values: neither may overwrite
 * the other. A field changed on one side only is no conflict (that side's value is the news), nor is one changed
 * on both sides to the same value.
 */
export function fieldConflicts(
  synced: ContractSnapshot,
  revbridge: ContractSnapshot,
  salesforce: ContractSnapshot,
): FieldConflict[] {
  const keys = new Set([...Object.keys(synced), ...Object.keys(revbridge), ...Object.keys(salesforce)]);
  const conflicts: FieldConflict[] = [];
  for (const field of [...keys].sort()) {
    const s = synced[field];
    const r = revbridge[field];
    const f = salesforce[field];
    if (r !== s && f !== s && r !== f) {
      conflicts.push({ field, synced: s ?? null, revbridge: r ?? null, salesforce: f ?? null });
    }
  }
  return conflicts;
}

/**
 * What the two sides agree on once a person settles conflicts, whichever side they keep: Salesforce's value of
 * each field in conflict (absent where Salesforce has none), the rest as agreed before. Kept from revbridge,
 * revbridge's value is then the only change; kept from Salesforce, the contract takes the same values.
 */
export function settledAgreement(
  agreed: ContractSnapshot,
  conflicts: ReadonlyArray<Pick<FieldConflict, 'field' | 'salesforce'>>,
): ContractSnapshot {
  const out: Record<string, string> = { ...agreed };
  for (const c of conflicts) {
    if (c.salesforce === null) delete out[c.field];
    else out[c.field] = c.salesforce;
  }
  return out;
}
