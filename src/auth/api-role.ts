import { fail } from '../domain/errors.ts';

/**
 * The roles an API key carries, weakest first. Each includes the ones before it:
 * - `viewer` reads (every GET);
 * - `operator` also does the day-to-day money work: billing runs, payments, usage, sync;
 * - `admin` also changes what billing is made of (catalog, accounts, price plans, products, contacts).
 * Automation gets the weakest role that does its job: a metering pipeline needs `operator`, a dashboard `viewer`.
 */
export const API_ROLES = ['viewer', 'operator', 'admin'] as const;
export type ApiRole = (typeof API_ROLES)[number];

/** True when a key with role `held` may do what needs `needed`. */
export function roleAllows(held: ApiRole, needed: ApiRole): boolean {
  return API_ROLES.indexOf(held) >= API_ROLES.indexOf(needed);
}

/** A role typed by a person (`--role Operator`), or `validation_failed` naming the field and the choices. */
export function parseApiRole(value: string, field = 'role'): ApiRole {
  const lower = value.trim().toLowerCase();
  if ((API_ROLES as readonly string[]).includes(lower)) return lower as ApiRole;
  return fail('validation_failed', `${field} must be one of ${API_ROLES.join(', ')}, got "${value}".`, {
    field,
    value,
  });
}
