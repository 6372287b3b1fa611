import type { AppContext } from '../../app-context.ts';
import { fail } from '../../domain/errors.ts';
import { optionalText, requireText } from '../input/text-input.ts';
import { insertContact } from './contacts.repo.ts';
import { type ContactView, toContactView } from './contacts.views.ts';

export interface ContactInput {
  firstName?: string | null;
  lastName: string;
  email?: string | null;
  phone?: string | null;
}

export type CreateContactInput = ContactInput;

// Deliberately loose: one @, no spaces, a dot in the domain. The mail server is the real judge.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Creates a contact; `linkContact` then puts it on one or more accounts with roles. */
export async function createContact(ctx: AppContext, input: CreateContactInput): Promise<ContactView> {
  const now = ctx.clock.now();
  const row = await insertContact(ctx.db, { ...parseContactInput(input), created_at: now, updated_at: now });
  return toContactView(row);
}

/** The checked columns of a contact; create and update share them. */
export function parseContactInput(input: ContactInput) {
  const email = optionalText(input.email, 'email', 254);
  if (email !== null && !EMAIL.test(email))
    fail('validation_failed', `"${email}" is not an email address.`, { field: 'email' });
  return {
    first_name: optionalText(input.firstName, 'firstName', 80),
    last_name: requireText(input.lastName, 'lastName', 80),
    email,
    phone: optionalText(input.phone, 'phone', 40),
  };
}
