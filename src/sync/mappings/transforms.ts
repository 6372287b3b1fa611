import type { ArTerm } from '../../domain/ar-term.ts';
import { arTermDays, arTermLabel } from '../../domain/ar-term.ts';
import type { AccountStatus } from '../../domain/account-status.ts';
import type { BillingCycle } from '../../domain/billing-period.ts';
import { normalizeCountry } from '../../domain/country.ts';
import {
  accountStatusFromLabel,
  accountStatusLabel,
  billingCycleFromLabel,
  billingCycleLabel,
} from '../../domain/picklist-labels.ts';
import type { Transform } from './field-mapping.ts';

/** The billing-defined lists a transform translates through (read once per run). */
export interface TransformLists {
  arTerms: readonly ArTerm[];
  /** Account category code → billing id (for Billing_Account_Category_Id__c). */
  categoryIds: ReadonlyMap<string, string>;
}

/**
 * A Salesforce field value as billing takes it. Blank is null (the billing setting is then inherited or
 * defaulted). A value billing does not define is refused with its code, naming the field.
 */
export function toBillingValue(transform: Transform, value: unknown, field: string, lists: TransformLists): unknown {
  if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) return null;
  const text = String(value).trim();
  switch (transform) {
    case 'text':
    case 'email':
    case 'account_ref':
      return text;
    case 'currency':
      return text.toUpperCase();
    case 'country':
      return normalizeCountry(text);
    case 'status':
      return accountStatusFromLabel(text, field);
    case 'billing_cycle':
      return billingCycleFromLabel(text, field);
    case 'ar_term':
      return arTermDays(text, lists.arTerms);
  }
}

/** A billing value as the Salesforce field takes it. */
export function toSalesforceValue(transform: Transform, value: unknown, lists: TransformLists): unknown {
  if (value === null || value === undefined) return null;
  switch (transform) {
    case 'status':
      return accountStatusLabel(value as AccountStatus);
    case 'billing_cycle':
      return billingCycleLabel(value as BillingCycle);
    case 'ar_term':
      return arTermLabel(Number(value), lists.arTerms);
    default:
      return String(value);
  }
}
