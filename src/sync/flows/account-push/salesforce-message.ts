import { RevbridgeError } from '../../../domain/errors.ts';

/** How a billing account is named to a Salesforce user: its Salesforce name, when the run knows it. */
export type NameOfBillingAccount = (billingId: string) => string | undefined;

/**
 * A billing refusal of a hierarchy rule, told in Salesforce's terms. Billing names accounts by billing
 * number, and a new account's number never existed (its creation was rolled back); the rep knows the
 * records by name. The code stays billing's; the sentence names the Salesforce record and the accounts it
 * points at, and says what to change. Other failures keep billing's sentence.
 */
export function salesforceMessage(error: RevbridgeError, recordName: string, nameOf: NameOfBillingAccount): string {
  const d = error.details as Record<string, unknown>;
  const other = (id: unknown) => (typeof id === 'string' || typeof id === 'bigint' ? nameOf(String(id)) : undefined);
  switch (error.code) {
    case 'invoicer_outside_hierarchy': {
      const invoicer = other(d.invoicerId);
      const setting = typeof d.setting === 'string' ? d.setting : 'invoicer';
      if (!invoicer) return error.message;
      return `The ${setting} ${invoicer} is not in the hierarchy of ${recordName}; pick ${recordName} itself or another account of its hierarchy (or leave it blank to inherit the parent's).`;
    }
    case 'currency_mismatch': {
      const parent = other(d.parentId);
      if (!parent) return error.message;
      return `${recordName} and its parent ${parent} use different currencies; parent and child accounts must use the same currency.`;
    }
    case 'reparent_outside_hierarchy': {
      const parent = other(d.parentId);
      return parent
        ? `${recordName} is already in billing, so ${parent} (another hierarchy) cannot become its parent; pick a parent within its hierarchy.`
        : `${recordName} is already in billing, so it cannot leave its hierarchy; pick a parent within it.`;
    }
    case 'currency_locked':
      return `${recordName} is already in billing in ${String(d.currency)}; its currency cannot change to ${String(d.newCurrency)}. Set it back to ${String(d.currency)}.`;
    default:
      return error.message;
  }
}
