import { isValidAccountNumber } from '../../domain/account-number.ts';
import { normalizeCountry } from '../../domain/country.ts';
import { fail } from '../../domain/errors.ts';
import type { Db } from '../../store/db.ts';
import type { AccountsTable } from '../../store/schema.ts';
import { parseArTermDays } from '../reference-lists/reference-input.ts';
import { requireAccountCategory, requireBillGroup } from '../reference-lists/require-reference.ts';
import { type Frequency, parseFrequency } from '../input/frequency-input.ts';
import { optionalText, requireText } from '../input/text-input.ts';

/** The settings of an account that people set; create and update share their checks. */
export interface AccountSettingsInput {
  name?: string;
  status?: string;
  billGroup?: string | null;
  arTermDays?: number | null;
  billingCycle?: string | null;
  accountCategory?: string | null;
  primaryEmail?: string | null;
  address?: {
    street?: string | null;
    city?: string | null;
    region?: string | null;
    postalCode?: string | null;
    country?: string | null;
  };
}

type SettingsColumns = Partial<
  Pick<
    AccountsTable,
    | 'name'
    | 'bill_group'
    | 'ar_term_days'
    | 'billing_cycle'
    | 'account_category'
    | 'primary_email'
    | 'street'
    | 'city'
    | 'region'
    | 'postal_code'
    | 'country'
  > & { status: 'active' | 'suspended' | 'closed' }
>;

const STATUSES = ['active', 'suspended', 'closed'] as const;
// Deliberately loose: one @, no spaces, a dot in the domain. The mail server is the real judge.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function parseAccountNumber(value: string): string {
  const text = value.trim();
  if (!isValidAccountNumber(text)) {
    fail('validation_failed', `"${value}" is not a valid account number (1–40 letters, digits, "-", "_", ".").`, {
      field: 'accountNumber',
    });
  }
  return text;
}

/**
 * Only the fields present in `input` are returned, so an update leaves the others alone. A bill group and an
 * account category are checked against billing's lists by `resolveAccountLists`, which needs the store.
 */
export function parseAccountSettings(input: AccountSettingsInput): SettingsColumns {
  const out: SettingsColumns = {};
  if (input.name !== undefined) out.name = requireText(input.name, 'name');
  if (input.status !== undefined) {
    const status = STATUSES.find((s) => s === input.status);
    if (!status) fail('validation_failed', `status must be one of ${STATUSES.join(', ')}.`, { field: 'status' });
    out.status = status;
  }
  if (input.billGroup !== undefined) out.bill_group = optionalText(input.billGroup, 'billGroup', 80);
  if (input.arTermDays !== undefined) {
    out.ar_term_days = input.arTermDays === null ? null : parseArTermDays(input.arTermDays, 'arTermDays');
  }
  if (input.billingCycle !== undefined) {
    out.billing_cycle =
      input.billingCycle === null ? null : (parseFrequency(input.billingCycle, 'billingCycle') as Frequency);
  }
  if (input.accountCategory !== undefined)
    out.account_category = optionalText(input.accountCategory, 'accountCategory', 80);
  if (input.primaryEmail !== undefined) {
    const email = optionalText(input.primaryEmail, 'primaryEmail', 254);
    if (email !== null && !EMAIL.test(email)) {
      fail('validation_failed', `"${email}" is not an email address.`, { field: 'primaryEmail' });
    }
    out.primary_email = email;
  }
  const a = input.address;
  if (a !== undefined) {
    if (a.street !== undefined) out.street = optionalText(a.street, 'address.street', 255);
    if (a.city !== undefined) out.city = optionalText(a.city, 'address.city', 120);
    if (a.region !== undefined) out.region = optionalText(a.region, 'address.region', 120);
    if (a.postalCode !== undefined) out.postal_code = optionalText(a.postalCode, 'address.postalCode', 20);
    if (a.country !== undefined)
      out.country = a.country == null || a.country.trim() === '' ? null : normalizeCountry(a.country);
  }
  return out;
}

/**
 * The bill group and account category as billing's lists spell them, or `bill_group_unknown` /
 * `account_category_unknown` naming the values that exist. Checked on every create and update: Salesforce
 * restricts its picklists to the deployed value sets, but a value set deployed late, or a caller other than
 * Salesforce, must not put a value in billing that billing does not define.
 */
export async function resolveAccountLists(db: Db, settings: SettingsColumns): Promise<SettingsColumns> {
  const out = { ...settings };
  if (out.bill_group != null) out.bill_group = await requireBillGroup(db, out.bill_group);
  if (out.account_category != null) out.account_category = await requireAccountCategory(db, out.account_category);
  return out;
}
