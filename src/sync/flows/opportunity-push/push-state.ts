import type { CrmConnection, CrmRecord, CrmWrite } from '../../../crm/crm.port.ts';
import type { RevbridgeError } from '../../../domain/errors.ts';

/** The Opportunity fields a push reads and writes back (docs/salesforce-schema.md). */
export const PUSH_STATE_FIELDS = [
  'Billing_Push_Status__c',
  'Billing_Pushed_At__c',
  'Billing_Push_Error__c',
  'Billing_Price_Plan_Id__c',
];

/** Salesforce's Long Text Area holds 4,000 characters here. */
const ERROR_TEXT_LIMIT = 4000;

export interface PushedState {
  planId: string | null;
  pushedAt: Date;
  billingChanged: boolean;
}

/**
 * The push's outcome on the opportunity itself, so the rep sees it where they work: `Pushed` with the time
 * and the plan's id (the error cleared). Undefined when the record says so already and billing did not
 * change: a repeated push of an unchanged opportunity writes nothing.
 */
export function pushedWrite(record: CrmRecord, state: PushedState): CrmWrite | undefined {
  const same =
    record.Billing_Push_Status__c === 'Pushed' &&
    record.Billing_Push_Error__c == null &&
    (record.Billing_Price_Plan_Id__c ?? null) === state.planId &&
    !state.billingChanged;
  if (same) return undefined;
  return {
    Id: record.Id,
    Billing_Push_Status__c: 'Pushed',
    Billing_Pushed_At__c: state.pushedAt.toISOString(),
    Billing_Push_Error__c: null,
    Billing_Price_Plan_Id__c: state.planId,
  };
}

/** `Error` and `code: sentence` for the opportunity. */
export function pushErrorWrite(opportunityId: string, error: RevbridgeError): CrmWrite {
  const text = `${error.code}: ${error.message}`.slice(0, ERROR_TEXT_LIMIT);
  return { Id: opportunityId, Billing_Push_Status__c: 'Error', Billing_Push_Error__c: text };
}

export async function writePushed(crm: CrmConnection, record: CrmRecord, state: PushedState): Promise<void> {
  const write = pushedWrite(record, state);
  if (write) await crm.update('Opportunity', [write]);
}

/**
 * The error onto the opportunity. Best effort: the history has the error in any case, and a record
 * Salesforce will not take (deleted meanwhile) must not hide the push's own error.
 */
export async function writePushError(crm: CrmConnection, opportunityId: string, error: RevbridgeError): Promise<void> {
  await crm.update('Opportunity', [pushErrorWrite(opportunityId, error)]).catch(() => undefined);
}
