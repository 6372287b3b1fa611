import type { CrmConnection, CrmWriteResult } from '../../crm/crm.port.ts';
import type { FieldConflict } from '../../domain/contract-snapshot.ts';
import { chunks } from '../../sync/flows/account-push/read-accounts.ts';
import { salesforceRefusal } from '../../sync/flows/catalog-pull/planned-write.ts';
import type { StoredContract } from '../contracts/contract-view.ts';
import type { BuiltOpportunity } from '../import/build-contract.ts';
import type { ContractWrites } from './opportunity-writes.ts';
import { CONTRACT_ID_FIELD, LINE_KEY_FIELD } from './push-fields.ts';

/** Line keys per recovery query. */
const KEYS_PER_QUERY = 300;

/** One contract's push as decided, then as Salesforce answered it. */
export interface Push {
  contract: StoredContract;
  writes?: ContractWrites;
  /** The keys sent (what changed in revbridge), or 'all' for a new opportunity. */
  changed: readonly string[] | 'all';
  /** Salesforce's opportunity now (for one that exists). */
  now?: BuiltOpportunity;
  refusal?: { code: string; message: string };
  conflicts: FieldConflict[];
  opportunityId: string | null;
  /** Line item ids Salesforce gave (or a retried push found), by line key. */
  lineIds: Map<string, string>;
  /** False when the upsert found the opportunity an earlier push made (and did not live to record). */
  created?: boolean;
}

/**
 * The writes, a collection call per kind: the opportunities (created by upsert on the contract id, changed by Id),
 * then the line items on them, after looking up by their keys the lines a push that died may have left on an
 * opportunity that already existed.
 */
export async function writePushes(crm: CrmConnection, pushes: Push[]): Promise<void> {
  const going = pushes.filter((p) => !p.refusal && p.writes);
  const created = going.filter((p) => p.contract.opportunityId === null && p.writes!.opportunity);
  const updated = going.filter((p) => p.contract.opportunityId !== null && p.writes!.opportunity);
  settle(
    created,
    await crm.upsert(
      'Opportunity',
      CONTRACT_ID_FIELD,
      created.map((p) => p.writes!.opportunity!),
    ),
    (p, r) => {
      p.opportunityId = r.id ?? p.opportunityId;
      p.created = r.created ?? true;
    },
  );
  settle(
    updated,
    await crm.update(
      'Opportunity',
      updated.map((p) => p.writes!.opportunity!),
    ),
  );
  const withLines = going.filter((p) => !p.refusal && p.opportunityId !== null);
  // Lines exist only on an opportunity that existed before this push (the upsert found it, or it was known).
  await findLinesMadeBefore(
    crm,
    withLines.filter((p) => p.contract.opportunityId !== null || p.created === false),
  );
  const newLines = withLines.flatMap((p) => p.writes!.newLines.map((l) => ({ p, ...l })));
  const lineResults = await crm.create(
    'OpportunityLineItem',
    newLines.map((l) => ({ ...l.write, OpportunityId: l.p.opportunityId })),
  );
  newLines.forEach((l, i) => {
    const r = lineResults[i];
    if (r?.success && r.id) l.p.lineIds.set(l.key, r.id);
    else l.p.refusal ??= refusal(l.label, r);
  });
  const changedLines = withLines.flatMap((p) => p.writes!.changedLines.map((write) => ({ p, write })));
  const changedResults = await crm.update(
    'OpportunityLineItem',
    changedLines.map((l) => l.write),
  );
  changedLines.forEach((l, i) => {
    if (!changedResults[i]?.success) l.p.refusal ??= refusal(`line item ${String(l.write.Id)}`, changedResults[i]);
  });
}

/** Each push's result: the opportunity written, or refused with Salesforce's own code and sentence. */
function settle(pushes: Push[], results: CrmWriteResult[], onSaved?: (p: Push, r: CrmWriteResult) => void): void {
  pushes.forEach((p, i) => {
    const r = results[i];
    if (r?.success) onSaved?.(p, r);
    else p.refusal = refusal('the opportunity', r);
  });
}

function refusal(what: string, result: CrmWriteResult | undefined): { code: string; message: string } {
  return { code: 'salesforce_request_failed', message: salesforceRefusal(what, result) };
}

/**
 * Lines an earlier push created and did not live to record (Salesforce has a line item with their key): they are
 * changed by their id, never created a second time. One query per 300 new lines; none when there are none.
 */
async function findLinesMadeBefore(crm: CrmConnection, pushes: Push[]): Promise<void> {
  const byKey = new Map(pushes.flatMap((p) => p.writes!.newLines.map((l) => [l.key, p] as const)));
  if (byKey.size === 0) return;
  for (const keys of chunks([...byKey.keys()], KEYS_PER_QUERY)) {
    const soql = `SELECT Id, ${LINE_KEY_FIELD} FROM OpportunityLineItem WHERE ${LINE_KEY_FIELD} IN (${keys
      .map((k) => `'${k.replace(/[^A-Za-z0-9-]/g, '')}'`)
      .join(', ')})`;
    for await (const page of crm.queryPages(soql)) {
      for (const row of page) {
        const key = String(row[LINE_KEY_FIELD]);
        const p = byKey.get(key)!;
        const made = p.writes!.newLines.find((l) => l.key === key)!;
        p.writes!.newLines = p.writes!.newLines.filter((l) => l !== made);
        const { OpportunityId: _o, PricebookEntryId: _e, [LINE_KEY_FIELD]: _k, ...fields } = made.write;
        p.writes!.changedLines.push({ Id: row.Id, ...fields });
        p.lineIds.set(key, row.Id);
      }
    }
  }
}
