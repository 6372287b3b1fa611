import type { HierarchyAccount } from '../../domain/account-hierarchy.ts';
import type { EffectiveSettings } from '../../domain/account-hierarchy.ts';
import type { CurrencyCode } from '../../domain/currency.ts';
import type { AccountRow, AccountWithBilled } from './accounts.repo.ts';

export interface AddressView {
  street: string | null;
  city: string | null;
  region: string | null;
  postalCode: string | null;
  /** ISO 3166-1 alpha-2 */
  country: string | null;
}

/** A billing account as stored: settings left null are inherited (see `effective`). */
export interface AccountView {
  id: string;
  accountNumber: string;
  name: string;
  status: 'active' | 'suspended' | 'closed';
  currency: CurrencyCode;
  parentId: string | null;
  subscriptionInvoicerId: string | null;
  usageInvoicerId: string | null;
  taxAccountId: string | null;
  billGroup: string | null;
  arTermDays: number | null;
  billingCycle: AccountRow['billing_cycle'];
  accountCategory: string | null;
  primaryEmail: string | null;
  address: AddressView;
  syncedAt: string | null;
}

/** An account with the settings billing will actually use and whether its currency may still change. */
export interface AccountDetail extends AccountView {
  effective: EffectiveSettings;
  currencyLocked: boolean;
}

const idText = (id: bigint | null): string | null => (id === null ? null : id.toString());

export function toAccountView(row: AccountRow): AccountView {
  return {
    id: row.id.toString(),
    accountNumber: row.account_number,
    name: row.name,
    status: row.status,
    currency: row.currency as CurrencyCode,
    parentId: idText(row.parent_id),
    subscriptionInvoicerId: idText(row.subscription_invoicer_id),
    usageInvoicerId: idText(row.usage_invoicer_id),
    taxAccountId: idText(row.tax_account_id),
    billGroup: row.bill_group,
    arTermDays: row.ar_term_days,
    billingCycle: row.billing_cycle,
    accountCategory: row.account_category,
    primaryEmail: row.primary_email,
    address: {
      street: row.street,
      city: row.city,
      region: row.region,
      postalCode: row.postal_code,
      country: row.country,
    },
    syncedAt: row.synced_at === null ? null : row.synced_at.toISOString(),
  };
}

export function toHierarchyAccount(row: AccountWithBilled): HierarchyAccount {
  return {
    id: row.id.toString(),
    accountNumber: row.account_number,
    parentId: idText(row.parent_id),
    currency: row.currency,
    synced: row.synced_at !== null,
    billed: row.billed,
    subscriptionInvoicerId: idText(row.subscription_invoicer_id),
    usageInvoicerId: idText(row.usage_invoicer_id),
    taxAccountId: idText(row.tax_account_id),
    arTermDays: row.ar_term_days,
    billingCycle: row.billing_cycle,
    billGroup: row.bill_group,
  };
}

export function byId(rows: AccountWithBilled[]): Map<string, HierarchyAccount> {
  return new Map(rows.map((r) => [r.id.toString(), toHierarchyAccount(r)]));
}

/** Names loaded accounts by account number in messages (an id not loaded keeps its id). */
export function accountNames(accounts: Map<string, HierarchyAccount>): (id: string) => string {
  return (id) => accounts.get(id)?.accountNumber ?? `id ${id}`;
}
