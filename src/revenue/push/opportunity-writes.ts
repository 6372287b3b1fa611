import type { CrmWrite } from '../../crm/crm.port.ts';
import { lineOfKey } from '../../domain/contract-snapshot.ts';
import { formatMoney } from '../../domain/money.ts';
import { everyLineSpansTerm } from '../../domain/recurring-revenue.ts';
import { lineKeyOf } from '../contracts/contract-snapshots.ts';
import type { StoredContract, StoredLine } from '../contracts/contract-view.ts';
import { CONTRACT_ID_FIELD, LINE_KEY_FIELD, type PushFields, type WritableFields } from './push-fields.ts';

/** What a push writes for one contract. */
export interface ContractWrites {
  /** The opportunity: every field for one the push creates (upserted by its contract id), else the changed ones. */
  opportunity: CrmWrite | null;
  /** New line items, each with the contract line's key (`OpportunityId` is set once the opportunity has an id). */
  newLines: Array<{ key: string; label: string; write: CrmWrite }>;
  /** Changed line items, by their Salesforce id. */
  changedLines: CrmWrite[];
}

export interface WriteContext {
  fields: PushFields;
  pricebookId: string;
  /** Price book entry id by Product2 id. */
  entries: ReadonlyMap<string, string>;
  /** Product2 id by revenue product id. */
  productIds: ReadonlyMap<bigint, string>;
}

/**
 * The writes that bring Salesforce to the contract. A contract not yet in Salesforce becomes an opportunity with
 * all its lines. One that is there sends only what changed in revbridge since the two last agreed (`changed`, the
 * snapshot keys), field by field: what changed in Salesforce alone stays as Salesforce has it. Term dates go on the
 * opportunity only when every line spans the whole term (they would override the lines' own dates).
 */
export function contractWrites(c: StoredContract, changed: readonly string[] | 'all', w: WriteContext): ContractWrites {
  const creating = c.opportunityId === null;
  const all = changed === 'all';
  const has = (key: string) => all || changed.includes(key);
  const uniform = everyLineSpansTerm(c, c.lines);
  // Any date moved: the opportunity's term dates override its lines' on the next import, so they are rewritten too.
  const datesMoved = all || changed.some((k) => /(^|\.)(start|end)$/.test(k));
  const opportunityFields: Record<string, unknown> = {
    Name: c.name,
    StageName: c.stage,
    CloseDate: c.closeDate,
    ...(datesMoved ? { Term_Start_Date__c: uniform ? c.start : null, Term_End_Date__c: uniform ? c.end : null } : {}),
    ...(has('assignedArr') || has('assignedMrr')
      ? { Assigned_ARR__c: money(c, c.assignedArrMinor), Assigned_MRR__c: money(c, c.assignedMrrMinor) }
      : {}),
  };
  // A link goes with the opportunity once the contract it names is in Salesforce too.
  if (creating ? c.renewsOpportunityId : has('renews')) opportunityFields.Renews__c = c.renewsOpportunityId;
  if (creating ? c.amendsOpportunityId : has('amends')) opportunityFields.Amends__c = c.amendsOpportunityId;
  const byKey: Record<string, string> = { Name: 'name', StageName: 'stage', CloseDate: 'closeDate' };
  const opportunity = creating
    ? allowed(w.fields.opportunity, 'create', {
        ...opportunityFields,
        [CONTRACT_ID_FIELD]: c.id.toString(),
        AccountId: c.accountId,
        Pricebook2Id: w.pricebookId,
        Revenue_Sync__c: true,
        Revenue_Sync_Error__c: null,
        ...(w.fields.multiCurrency ? { CurrencyIsoCode: c.currency } : {}),
      })
    : changedOpportunity(c, opportunityFields, byKey, has, w.fields.opportunity);
  const newLines: ContractWrites['newLines'] = [];
  const changedLines: CrmWrite[] = [];
  const lineKeys = new Set(all ? [] : changed.map(lineOfKey).filter((k) => k !== undefined));
  c.lines.forEach((line, i) => {
    const key = lineKeyOf(line, i);
    if (line.lineItemId === null) {
      newLines.push({
        key,
        label: `line ${i + 1} (${line.product})`,
        write: allowed(w.fields.line, 'create', {
          ...lineFields(c, line),
          PricebookEntryId: w.entries.get(w.productIds.get(line.productId) ?? ''),
          [LINE_KEY_FIELD]: key,
        }),
      });
    } else if (all || lineKeys.has(key)) {
      const fields = all ? lineFields(c, line) : changedLineFields(c, line, key, changed as readonly string[]);
      const write = allowed(w.fields.line, 'update', fields);
      if (Object.keys(write).length > 0) changedLines.push({ Id: line.lineItemId, ...write });
    }
  });
  return { opportunity, newLines, changedLines };
}

/** The fields that changed in revbridge, by Id; null when none changed (the opportunity is not written). */
function changedOpportunity(
  c: StoredContract,
  fields: Record<string, unknown>,
  byKey: Record<string, string>,
  has: (key: string) => boolean,
  writable: WritableFields,
): CrmWrite | null {
  const changed = Object.fromEntries(Object.entries(fields).filter(([name]) => !(name in byKey) || has(byKey[name])));
  const write = allowed(writable, 'update', changed);
  return Object.keys(write).length === 0 ? null : { Id: c.opportunityId, ...write };
}

/**
 * The fields of a line item that changed in revbridge. Salesforce keeps a line's unit price: a quantity written alone
 * would reprice the line, so the revenue goes with it and stays what revbridge holds.
 */
function changedLineFields(
  c: StoredContract,
  line: StoredLine,
  key: string,
  changed: readonly string[],
): Record<string, unknown> {
  const moved = (field: string) => changed.includes(`line:${key}.${field}`);
  const all = lineFields(c, line);
  return {
    ...(moved('quantity') ? { Quantity: all.Quantity } : {}),
    ...(moved('quantity') || moved('revenue') ? { TotalPrice: all.TotalPrice } : {}),
    ...(moved('start') ? { Term_Start_Date__c: all.Term_Start_Date__c } : {}),
    ...(moved('end') ? { Term_End_Date__c: all.Term_End_Date__c } : {}),
  };
}

function lineFields(c: StoredContract, line: StoredLine): Record<string, unknown> {
  return {
    Quantity: line.quantity,
    TotalPrice: money(c, line.revenueMinor),
    Term_Start_Date__c: line.start,
    Term_End_Date__c: line.end,
    Item_Assigned_ARR__c: money(c, line.assignedArrMinor),
    Item_Assigned_MRR__c: money(c, line.assignedMrrMinor),
  };
}

/** Only the fields the org lets the push write (the rest are in the run's warnings). */
function allowed(fields: WritableFields, mode: 'create' | 'update', write: Record<string, unknown>): CrmWrite {
  const names = mode === 'create' ? fields.create : fields.update;
  return Object.fromEntries(
    Object.entries(write).filter(([name]) => names.has(name) || name === CONTRACT_ID_FIELD || name === LINE_KEY_FIELD),
  );
}

function money(c: StoredContract, minor: bigint | null): string | null {
  return minor === null ? null : formatMoney({ minor, currency: c.currency });
}
