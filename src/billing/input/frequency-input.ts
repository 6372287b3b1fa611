import type { BillingCycle } from '../../domain/billing-period.ts';
import { fail } from '../../domain/errors.ts';

/** How often a package is priced, or an account billed: the billing cycles of the domain. */
export const FREQUENCIES = ['monthly', 'quarterly', 'semiannual', 'annual'] as const satisfies readonly BillingCycle[];
export type Frequency = (typeof FREQUENCIES)[number];

export function parseFrequency(value: string | null | undefined, field: string): Frequency {
  const found = FREQUENCIES.find((f) => f === value);
  if (!found) fail('validation_failed', `${field} must be one of ${FREQUENCIES.join(', ')}.`, { field, value });
  return found;
}
