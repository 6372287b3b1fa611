import type { ColumnType, Generated } from 'kysely';
import type { ContractSnapshot } from '../domain/contract-snapshot.ts';
import type { SyncOutcomeKind, SyncRunStatus } from '../domain/sync-run.ts';

/**
 * Row types of the billing tables (see migrations/). int8 columns are read as bigint (money in minor
 * units and ids), numeric as exact decimal strings, dates as ISO `YYYY-MM-DD` strings.
 */
type Id = ColumnType<bigint, bigint | undefined, never>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Numeric = ColumnType<string, string | number, string | number>;

export interface PackagesTable {
  id: Id;
  code: string;
  name: string;
  currency: string;
  frequency: 'monthly' | 'quarterly' | 'semiannual' | 'annual';
  active: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PackageServicesTable {
  id: Id;
  package_id: bigint;
  code: string;
  name: string;
  kind: 'recurring' | 'one_time' | 'usage' | 'state_based';
  unit: string | null;
  active: Generated<boolean>;
  created_at: Timestamp;
}

export interface PriceColumns {
  recurring_minor: bigint | null;
  one_time_minor: bigint | null;
  usage_rate: Numeric | null;
  included_quantity: Numeric | null;
  overage_rate: Numeric | null;
  state_prices: ColumnType<Record<string, string> | null, string | null, string | null>;
}

export interface ServicePricesTable extends PriceColumns {
  id: Id;
  service_id: bigint;
  effective_from: string;
  created_at: Timestamp;
}

export interface PriceBooksTable {
  id: Id;
  code: string;
  name: string;
  currency: string;
  active: Generated<boolean>;
  created_at: Timestamp;
}

export interface PriceBookPackagesTable {
  price_book_id: bigint;
  package_id: bigint;
}

/** One version of a jurisdiction's flat rate, in force from effective_from until the next (migration 0005). */
export interface TaxRatesTable {
  jurisdiction: string;
  effective_from: string;
  rate: Numeric;
  name: string | null;
  created_at: Timestamp;
}

export interface AccountsTable {
  id: Id;
  account_number: string;
  name: string;
  status: Generated<'active' | 'suspended' | 'closed'>;
  currency: string;
  parent_id: bigint | null;
  subscription_invoicer_id: bigint | null;
  usage_invoicer_id: bigint | null;
  tax_account_id: bigint | null;
  bill_group: string | null;
  ar_term_days: number | null;
  billing_cycle: 'monthly' | 'quarterly' | 'semiannual' | 'annual' | null;
  account_category: string | null;
  primary_email: string | null;
  street: string | null;
  city: string | null;
  region: string | null;
  postal_code: string | null;
  country: string | null;
  synced_at: Date | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ContactsTable {
  id: Id;
  first_name: string | null;
  last_name: string;
  email: string | null;
  phone: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AccountContactsTable {
  account_id: bigint;
  contact_id: bigint;
  roles: ColumnType<string[], string[] | undefined, string[]>;
  is_primary: Generated<boolean>;
}

export interface PricePlansTable extends PriceColumns {
  id: Id;
  account_id: bigint;
  service_id: bigint;
  effective_from: string;
  effective_to: string | null;
  source: string | null;
  /** The account price plan (set) this price belongs to; null for a price set by hand. */
  plan_id: bigint | null;
  created_at: Timestamp;
}

export interface AccountPricePlansTable {
  id: Id;
  account_id: bigint;
  name: string;
  source: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AccountProductsTable {
  id: Id;
  account_id: bigint;
  package_id: bigint;
  quantity: Numeric;
  service_state: Generated<string>;
  start_date: string;
  end_date: string | null;
  /** Earliest day of a dated change since the product was last billed (migration 0004). */
  rerate_from: ColumnType<string | null, string | null | undefined, string | null>;
  /** Bumped by every mark, so a run clears only the mark it priced (migration 0008). */
  rerate_version: ColumnType<bigint, bigint | undefined, bigint>;
  created_at: Timestamp;
}

/** A service's quantity on an account product, effective-dated (migration 0004). */
export interface ProductQuantitiesTable {
  account_product_id: bigint;
  service_id: bigint;
  effective_from: string;
  quantity: Numeric;
  created_at: Timestamp;
}

/** An account's status over time (migration 0004). */
export interface AccountStatusHistoryTable {
  account_id: bigint;
  effective_from: string;
  status: 'active' | 'suspended' | 'closed';
  created_at: Timestamp;
}

export interface UsageRecordsTable {
  id: Id;
  account_id: bigint;
  service_id: bigint;
  quantity: Numeric;
  used_on: string;
  external_id: string | null;
  /** The invoice line that billed the record (migration 0004); null until billed. */
  billed_line_id: ColumnType<bigint | null, bigint | null | undefined, bigint | null>;
  created_at: Timestamp;
}

export interface BillingRunsTable {
  id: Id;
  run_date: string;
  started_at: Timestamp;
  finished_at: Date | null;
  invoices_created: Generated<number>;
  lines_created: Generated<number>;
}

export interface InvoicesTable {
  id: Id;
  account_id: bigint;
  sequence: number;
  invoice_number: string;
  kind: 'subscription' | 'usage' | 'combined';
  invoice_date: string;
  due_date: string;
  currency: string;
  subtotal_minor: bigint;
  tax_minor: bigint;
  total_minor: bigint;
  paid_minor: Generated<bigint>;
  billing_run_id: bigint | null;
  created_at: Timestamp;
  /** Set when the invoice was voided (migration 0004); its lines then no longer count as billed. */
  voided_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  void_reason: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface InvoiceLinesTable {
  id: Id;
  invoice_id: bigint;
  account_id: bigint;
  account_product_id: bigint | null;
  service_id: bigint;
  charge_kind: 'recurring' | 'one_time' | 'usage' | 'state_based';
  line_type: ColumnType<'charge' | 'adjustment' | 'late_usage', 'charge' | 'adjustment' | 'late_usage' | undefined>;
  description: string;
  quantity: Numeric;
  unit_price: Numeric;
  period_start: string;
  period_end: string;
  amount_minor: bigint;
  tax_minor: bigint;
  /** The rate the line was taxed at (0005); null on lines issued before. */
  tax_rate: Numeric | null;
}

export interface PaymentsTable {
  id: Id;
  account_id: bigint;
  invoice_id: bigint | null;
  amount_minor: bigint;
  currency: string;
  received_on: string;
  reference: string | null;
  created_at: Timestamp;
}

/** Which invoices a payment paid, and how much of each (migration 0003). */
export interface PaymentApplicationsTable {
  payment_id: bigint;
  invoice_id: bigint;
  amount_minor: bigint;
}

/** A credit against one invoice, numbered per invoiced account (migration 0007). */
export interface CreditNotesTable {
  id: Id;
  account_id: bigint;
  invoice_id: bigint;
  sequence: number;
  credit_note_number: string;
  reason: string;
  currency: string;
  subtotal_minor: bigint;
  tax_minor: bigint;
  total_minor: bigint;
  issued_on: string;
  reference: string | null;
  created_at: Timestamp;
}

/** What a credit note takes from one invoice line, before tax, and its tax (migration 0007). */
export interface CreditNoteLinesTable {
  credit_note_id: bigint;
  invoice_line_id: bigint;
  amount_minor: bigint;
  tax_minor: bigint;
}

/** API keys, stored as a SHA-256 of the key, never the key (migration 0006, src/auth/). */
export interface ApiKeysTable {
  id: Id;
  name: string;
  prefix: string;
  hash: string;
  role: 'admin' | 'operator' | 'viewer';
  created_at: Timestamp;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

export interface SyncLinksTable {
  object: 'account' | 'contact' | 'opportunity' | 'opportunity_line';
  salesforce_id: string;
  /** The record it belongs to (an opportunity line's opportunity); null for the others. */
  parent_salesforce_id: ColumnType<string | null, string | null | undefined, string | null>;
  billing_id: bigint;
  synced_hash: string | null;
  rollup_hash: string | null;
  mapping_version: number;
  synced_at: Timestamp;
}

export interface SyncRunsTable {
  id: Id;
  flow: string;
  trigger: string;
  dry_run: Generated<boolean>;
  status: SyncRunStatus;
  counts: ColumnType<Record<string, unknown>, string | undefined, string>;
  error_code: string | null;
  error_message: string | null;
  retry_of: bigint | null;
  api_calls: Generated<number>;
  retries: ColumnType<RetryRecord[], string | undefined, string>;
  started_at: Timestamp;
  finished_at: Date | null;
  /** The database's clock at the run's last sign of life (see migration 0012). */
  heartbeat_at: Generated<Date>;
}

/** One retried call in a sync run's history. */
export interface RetryRecord {
  operation: string;
  attempt: number;
  code: string;
  message: string;
  at: string;
}

export interface SyncOutcomesTable {
  id: Id;
  run_id: bigint;
  object: string;
  salesforce_id: string | null;
  billing_id: bigint | null;
  label: string | null;
  outcome: SyncOutcomeKind;
  diff: ColumnType<Record<string, { from: unknown; to: unknown }> | null, string | null, string | null>;
  error_code: string | null;
  error_message: string | null;
  warnings: ColumnType<string[] | null, string | null, string | null>;
  created_at: Timestamp;
}

export interface SyncCursorsTable {
  flow: string;
  object: string;
  modstamp: Timestamp;
  updated_at: Timestamp;
}

/** Bill groups billing defines (0009); `accounts.bill_group` references `code`. */
export interface BillGroupsTable {
  code: string;
  name: string;
  created_at: Timestamp;
}

/** Named AR terms ("Net 30" is 30 days); days are unique, so an account's days map back to one label. */
export interface ArTermsTable {
  code: string;
  days: number;
  created_at: Timestamp;
}

/** Account categories billing defines; `accounts.account_category` references `code`. */
export interface AccountCategoriesTable {
  id: Id;
  code: string;
  name: string;
  created_at: Timestamp;
}

/** The highest number issued per generated account-number prefix (0011). */
export interface AccountNumberCountersTable {
  prefix: string;
  last: ColumnType<bigint, bigint, bigint>;
}

/** The revenue product list (0014): from Product2 by the import, plus revbridge's default product. */
export interface RevenueProductsTable {
  id: Id;
  salesforce_id: string | null;
  code: string | null;
  name: string;
  active: boolean;
  recurring: boolean;
  package_id: bigint | null;
  is_default: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** What each stage key means for revenue (0014). */
export interface RevenueStagesTable {
  stage: string;
  category: 'booked' | 'lost' | 'forecast';
  mapped_by: 'org' | 'admin';
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** A revenue contract (0014): amounts in minor units of `currency`, the tenant currency. */
export interface ContractsTable {
  id: Id;
  opportunity_id: string | null;
  origin: 'salesforce' | 'revbridge';
  name: string;
  account_salesforce_id: string | null;
  account_name: string | null;
  stage: string;
  close_date: string;
  start_date: string;
  end_date: string;
  currency: string;
  source_currency: string;
  conversion_rate: Numeric;
  assigned_arr_minor: bigint | null;
  assigned_mrr_minor: bigint | null;
  terminated_effective_date: string | null;
  termination_date: string | null;
  recurring: boolean;
  uniform: Generated<boolean>;
  arr_minor: Generated<bigint>;
  mrr_minor: Generated<bigint>;
  one_time_minor: Generated<bigint>;
  revenue_minor: Generated<bigint>;
  renews_ref: string | null;
  renewed_by_ref: string | null;
  amends_ref: string | null;
  amended_by_ref: string | null;
  hash: string | null;
  revbridge_changed_at: Date | null;
  /** How many times revbridge has changed it: a push settles only the change it read. */
  revbridge_changes: Generated<number>;
  /** The fields as revbridge and Salesforce last agreed on them, while a change made in revbridge is pending (0015). */
  synced: ColumnType<ContractSnapshot | null, string | null | undefined, string | null>;
  push_error_code: ColumnType<string | null, string | null | undefined, string | null>;
  push_error: ColumnType<string | null, string | null | undefined, string | null>;
  pushed_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  modstamp: Date | null;
  archived_at: Date | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ContractLinesTable {
  id: Id;
  contract_id: bigint;
  position: number;
  line_item_id: string | null;
  product_id: bigint;
  quantity: Numeric;
  start_date: string;
  end_date: string;
  revenue_minor: bigint;
  recurring: boolean;
  arr_minor: bigint;
  mrr_minor: bigint;
  assigned_arr_minor: bigint | null;
  assigned_mrr_minor: bigint | null;
  /** A line made in revbridge, until Salesforce gives it an id (0015). */
  line_key: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ContractLinksTable {
  kind: 'renewal' | 'amendment';
  later_id: bigint;
  earlier_id: bigint;
  source: 'salesforce' | 'revbridge';
  created_at: Timestamp;
}

/** A field changed on both sides since revbridge and Salesforce last agreed (0015). */
export interface RevenueConflictsTable {
  contract_id: bigint;
  field: string;
  synced_value: string | null;
  revbridge_value: string | null;
  salesforce_value: string | null;
  detected_at: Timestamp;
}

/** Opportunities and lines an import has read and not yet built (0014, unlogged). */
export interface RevenueImportRowsTable {
  run_id: bigint;
  opportunity_id: string;
  record: unknown;
}

export interface Database {
  packages: PackagesTable;
  package_services: PackageServicesTable;
  service_prices: ServicePricesTable;
  price_books: PriceBooksTable;
  price_book_packages: PriceBookPackagesTable;
  tax_rates: TaxRatesTable;
  accounts: AccountsTable;
  contacts: ContactsTable;
  account_contacts: AccountContactsTable;
  price_plans: PricePlansTable;
  account_price_plans: AccountPricePlansTable;
  account_products: AccountProductsTable;
  product_quantities: ProductQuantitiesTable;
  account_status_history: AccountStatusHistoryTable;
  usage_records: UsageRecordsTable;
  billing_runs: BillingRunsTable;
  invoices: InvoicesTable;
  invoice_lines: InvoiceLinesTable;
  payments: PaymentsTable;
  payment_applications: PaymentApplicationsTable;
  credit_notes: CreditNotesTable;
  credit_note_lines: CreditNoteLinesTable;
  api_keys: ApiKeysTable;
  sync_links: SyncLinksTable;
  sync_runs: SyncRunsTable;
  sync_outcomes: SyncOutcomesTable;
  sync_cursors: SyncCursorsTable;
  bill_groups: BillGroupsTable;
  ar_terms: ArTermsTable;
  account_categories: AccountCategoriesTable;
  account_number_counters: AccountNumberCountersTable;
  revenue_products: RevenueProductsTable;
  revenue_stages: RevenueStagesTable;
  contracts: ContractsTable;
  contract_lines: ContractLinesTable;
  contract_links: ContractLinksTable;
  revenue_conflicts: RevenueConflictsTable;
  revenue_import_rows: RevenueImportRowsTable;
}
