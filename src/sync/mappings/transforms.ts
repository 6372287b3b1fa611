import { normalizeCountry } from '../../domain/country.ts';
import { fail } from '../../domain/errors.ts';
import type { Transform } from './field-mapping.ts';

/** Salesforce picklist label ↔ billing value, for the values billing publishes as global value sets. */
const STATUS_LABELS = { active: 'Active', suspended: 'Suspended', closed: 'Closed' } as const;
const CYCLE_LABELS = {
  monthly: 'Monthly',
  quarterly: 'Quarterly',
  semiannual: 'Semiannual',
  annual: 'Annual',
} as const;
const AR_TERM = /^net\s+(\d{1,3})$/i;

/**
 * A Salesforce field value as billing takes it. Blank is null (the billing setting is then inherited or
 * defaulted). A value billing does not define is `value_not_in_billing`, naming the field.
 */
export function toBillingValue(transform: Transform, value: unknown, field: string): unknown {
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
      return fromLabel(STATUS_LABELS, text, field);
    case 'billing_cycle':
      return fromLabel(CYCLE_LABELS, text, field);
    case 'ar_term': {
      const days = AR_TERM.exec(text);
      if (!days) notDefined(field, text, 'an AR term such as "Net 30"');
      return Number(days[1]);
    }
  }
}

/** A billing value as the Salesforce field takes it. */
export function toSalesforceValue(transform: Transform, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (transform) {
    case 'status':
      return STATUS_LABELS[value as keyof typeof STATUS_LABELS] ?? String(value);
    case 'billing_cycle':
      return CYCLE_LABELS[value as keyof typeof CYCLE_LABELS] ?? String(value);
    case 'ar_term':
      return `Net ${String(value)}`;
    default:
      return String(value);
  }
}

function fromLabel<V extends string>(labels: Record<V, string>, text: string, field: string): V {
  const found = (Object.entries(labels) as [V, string][]).find(
    ([code, label]) => label.toLowerCase() === text.toLowerCase() || code === text.toLowerCase(),
  );
  if (!found) notDefined(field, text, Object.values(labels).join(', '));
  return found[0];
}

function notDefined(field: string, value: string, expected: string): never {
  fail('value_not_in_billing', `${field} "${value}" is not a value billing defines; use ${expected}.`, {
    field,
    value,
  });
}
