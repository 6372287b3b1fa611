import { fail } from '../domain/errors.ts';
import type { ApiCaller } from './authenticate-api-key.ts';
import { type ApiRole, roleAllows } from './api-role.ts';

/** Refuses with `forbidden` when the caller's role is below `needed`; `action` says what was tried. */
export function authorize(caller: ApiCaller, needed: ApiRole, action: string): void {
  if (roleAllows(caller.role, needed)) return;
  fail(
    'forbidden',
    `${action} needs the ${needed} role; the API key ${caller.prefix}… ("${caller.name}") has the ${caller.role} role.`,
    { requiredRole: needed, role: caller.role },
  );
}
