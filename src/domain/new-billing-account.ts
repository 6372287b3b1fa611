/**
 * Seed 001: "Required for a new billing account: name, currency and billing country"; every other setting
 * has a default or is inherited from the parent (a missing primary email is a warning, not a refusal).
 * By billing field.
 */
const REQUIRED_FOR_NEW_BILLING_ACCOUNT: ReadonlySet<string> = new Set(['name', 'currency', 'address.country']);

/** Whether a new billing account cannot be created without this billing field. */
export function isRequiredForNewBillingAccount(billingField: string): boolean {
  return REQUIRED_FOR_NEW_BILLING_ACCOUNT.has(billingField);
}
