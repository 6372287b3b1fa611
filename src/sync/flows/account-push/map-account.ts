import type { CrmRecord } from '../../../crm/crm.port.ts';
import { fail, RevbridgeError } from '../../../domain/errors.ts';
import type { FieldMapping, ObjectMapping } from '../../mappings/field-mapping.ts';
import { fieldsToBilling } from '../../mappings/field-mapping.ts';
import { type TransformLists, toBillingValue } from '../../mappings/transforms.ts';
import { type NameOfBillingAccount, salesforceMessage } from './salesforce-message.ts';

/** A Salesforce record's mapped values, by billing field; lookups still hold Salesforce ids. */
export interface MappedRecord {
  values: Record<string, unknown>;
  /** Lookups to other records of the object, by billing field: Salesforce ids. */
  refs: Record<string, string | null>;
  /** Not refusals: a missing primary email is worth a word on the record, not a failed sync. */
  warnings: string[];
}

/**
 * Maps one record through the mapping. Every transform runs, so one sync reports the first bad field
 * with its code (`unknown_country`, `value_not_in_billing`, …); a required field left blank on a record
 * that billing does not have yet is `billing_field_missing`.
 */
export function mapRecord(
  mapping: ObjectMapping,
  record: CrmRecord,
  isNew: boolean,
  lists: TransformLists,
): MappedRecord {
  const values: Record<string, unknown> = {};
  const refs: Record<string, string | null> = {};
  const warnings: string[] = [];
  const missing: FieldMapping[] = [];
  for (const field of fieldsToBilling(mapping)) {
    const value = toBillingValue(field.transform, record[field.salesforce], field.salesforce, lists);
    if (field.transform === 'account_ref') refs[field.billing] = value as string | null;
    else values[field.billing] = value;
    if (value === null && field.required && isNew) missing.push(field);
  }
  // Values the org supplies for a field it does not have (a single-currency org's currency).
  Object.assign(values, mapping.constants ?? {});
  if (missing.length > 0) {
    const names = missing.map((f) => f.salesforce);
    fail(
      'billing_field_missing',
      `Billing needs ${names.join(', ')} to create this ${mapping.billingObject}; fill ${names.length > 1 ? 'them' : 'it'} in on the Salesforce record.`,
      { fields: names },
    );
  }
  if (mapping.name === 'account' && values.primaryEmail === null) {
    warnings.push('No Billing Primary Email: billing sends invoices to the contacts only.');
  }
  return { values, refs, warnings };
}

/**
 * A coded failure as the history and the Salesforce record show it (`code: sentence`), in Salesforce's
 * terms where billing's sentence names billing accounts. Anything not coded is a bug and is thrown.
 */
export function describeFailure(
  error: unknown,
  recordName: string,
  nameOf: NameOfBillingAccount,
): { code: string; message: string } {
  if (error instanceof RevbridgeError)
    return { code: error.code, message: salesforceMessage(error, recordName, nameOf) };
  throw error;
}
