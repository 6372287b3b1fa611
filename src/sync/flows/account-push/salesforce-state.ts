import type { CrmRecord, CrmWrite } from '../../../crm/crm.port.ts';
import type { ObjectMapping } from '../../mappings/field-mapping.ts';
import { type TransformLists, toSalesforceValue } from '../../mappings/transforms.ts';

/** What the Salesforce record should show after this run, before comparing with what it shows. */
export type DesiredState =
  | { ok: true; fields: Record<string, unknown>; warnings: string[]; touched: boolean }
  | { ok: false; code: string; message: string };

/**
 * The write that brings a Salesforce record to the state revbridge wants it in, or undefined when it is
 * already there (an unchanged record costs no write). On success: billing's identity fields, status
 * Synced, the warnings (or nothing) in the error field, and the sync time when billing changed. On
 * failure: status Error and `code: sentence`, so a rep sees on the record what to fix.
 */
export function stateWrite(
  mapping: ObjectMapping,
  record: CrmRecord,
  desired: DesiredState,
  now: Date,
): CrmWrite | undefined {
  const target: Record<string, unknown> = {};
  if (desired.ok) {
    Object.assign(target, desired.fields);
    target[mapping.state.status] = 'Synced';
    target[mapping.state.error] = desired.warnings.length > 0 ? `warning: ${desired.warnings.join(' ')}` : null;
  } else {
    target[mapping.state.status] = 'Error';
    target[mapping.state.error] = `${desired.code}: ${desired.message}`;
  }
  const write: CrmWrite = {};
  for (const [field, value] of Object.entries(target)) {
    if (!same(record[field], value)) write[field] = value;
  }
  if (Object.keys(write).length === 0) return undefined;
  if (desired.ok && mapping.state.lastSynced && (desired.touched || write[mapping.state.status] !== undefined)) {
    write[mapping.state.lastSynced] = now.toISOString();
  }
  return { Id: record.Id, ...write };
}

/** Billing's identity (and, on link, billing's own values) in Salesforce's fields, per the mapping. */
export function identityFields(
  mapping: ObjectMapping,
  billing: Record<string, unknown>,
  linked: boolean,
  lists: TransformLists,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of mapping.fields) {
    if (field.direction !== 'to_salesforce' || (field.onLinkOnly && !linked)) continue;
    if (!(field.billing in billing)) continue;
    out[field.salesforce] = toSalesforceValue(field.transform, billing[field.billing], lists);
  }
  return out;
}

function same(current: unknown, wanted: unknown): boolean {
  const blank = (v: unknown) => v === null || v === undefined || v === '';
  if (blank(current) && blank(wanted)) return true;
  return String(current) === String(wanted);
}
