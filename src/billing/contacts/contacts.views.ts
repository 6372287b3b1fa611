import { fail } from '../../domain/errors.ts';
import type { AccountContactRow, ContactRow } from './contacts.repo.ts';

export interface ContactView {
  id: string;
  firstName: string | null;
  lastName: string;
  email: string | null;
  phone: string | null;
}

/** A contact as linked to one account; `accountIds` lists every account it is linked to. */
export interface AccountContactView extends ContactView {
  accountId: string;
  roles: string[];
  isPrimary: boolean;
  accountIds: string[];
}

export function toContactView(row: ContactRow): ContactView {
  return {
    id: row.id.toString(),
    firstName: row.first_name,
    lastName: row.last_name,
    email: row.email,
    phone: row.phone,
  };
}

export function toAccountContactView(row: AccountContactRow, accountIds: bigint[]): AccountContactView {
  return {
    ...toContactView(row),
    accountId: row.account_id.toString(),
    roles: row.roles,
    isPrimary: row.is_primary,
    accountIds: accountIds.map(String),
  };
}

/** Roles are short tags ('billing', 'technical', 'decision_maker'); duplicates collapse. */
export function parseRoles(roles: string[] | undefined): string[] {
  const out = new Set<string>();
  for (const role of roles ?? []) {
    const tag = role.trim().toLowerCase();
    if (!/^[a-z][a-z0-9_ -]{0,39}$/.test(tag)) {
      fail('validation_failed', `"${role}" is not a role (letters, digits, _ - and spaces, 40 at most).`, {
        field: 'roles',
      });
    }
    out.add(tag);
  }
  return [...out];
}
