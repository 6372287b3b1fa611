-- revbridge database schema, generated from src/store/migrations by `npm run db:schema`.
-- Do not edit: write a migration, then regenerate. A test fails when the two differ.

CREATE TABLE account_categories (
  id bigint DEFAULT nextval('account_categories_id_seq'::regclass) NOT NULL,
  code text NOT NULL,
  name text NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT account_categories_pkey PRIMARY KEY (id),
  CONSTRAINT account_categories_code_key UNIQUE (code)
);
CREATE UNIQUE INDEX account_categories_code_ci ON account_categories USING btree (lower(code));

CREATE TABLE account_contacts (
  account_id bigint NOT NULL,
  contact_id bigint NOT NULL,
  roles text[] DEFAULT '{}'::text[] NOT NULL,
  is_primary boolean DEFAULT false NOT NULL,
  CONSTRAINT account_contacts_pkey PRIMARY KEY (account_id, contact_id),
  CONSTRAINT account_contacts_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts(id),
  CONSTRAINT account_contacts_contact_id_fkey FOREIGN KEY (contact_id) REFERENCES contacts(id)
);

CREATE TABLE account_number_counters (
  prefix text NOT NULL,
  last bigint NOT NULL,
  CONSTRAINT account_number_counters_pkey PRIMARY KEY (prefix),
  CONSTRAINT account_number_counters_last_check CHECK ((last >= 0))
);

CREATE TABLE account_price_plans (
  id bigint DEFAULT nextval('account_price_plans_id_seq'::regclass) NOT NULL,
  account_id bigint NOT NULL,
  name text NOT NULL,
  source text NOT NULL,
  created_at timestamp with time zone NOT NULL,
  updated_at timestamp with time zone NOT NULL,
  CONSTRAINT account_price_plans_pkey PRIMARY KEY (id),
  CONSTRAINT account_price_plans_source_key UNIQUE (source),
  CONSTRAINT account_price_plans_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts(id)
);

CREATE TABLE account_products (
  id bigint DEFAULT nextval('account_products_id_seq'::regclass) NOT NULL,
  account_id bigint NOT NULL,
  package_id bigint NOT NULL,
  quantity numeric(20,4) NOT NULL,
  service_state text DEFAULT 'active'::text NOT NULL,
  start_date date NOT NULL,
  end_date date,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  rerate_from date,
  rerate_version bigint DEFAULT 0 NOT NULL,
  CONSTRAINT account_products_pkey PRIMARY KEY (id),
  CONSTRAINT account_products_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts(id),
  CONSTRAINT account_products_package_id_fkey FOREIGN KEY (package_id) REFERENCES packages(id),
  CONSTRAINT account_products_check CHECK (((end_date IS NULL) OR (end_date >= start_date))),
  CONSTRAINT account_products_quantity_check CHECK ((quantity >= (0)::numeric))
);
CREATE INDEX account_products_account_idx ON account_products USING btree (account_id);

CREATE TABLE account_status_history (
  account_id bigint NOT NULL,
  effective_from date NOT NULL,
  status text NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT account_status_history_pkey PRIMARY KEY (account_id, effective_from),
  CONSTRAINT account_status_history_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts(id),
  CONSTRAINT account_status_history_status_check CHECK ((status = ANY (ARRAY['active'::text, 'suspended'::text, 'closed'::text])))
);

CREATE TABLE accounts (
  id bigint DEFAULT nextval('accounts_id_seq'::regclass) NOT NULL,
  account_number text NOT NULL,
  name text NOT NULL,
  status text DEFAULT 'active'::text NOT NULL,
  currency character(3) NOT NULL,
  parent_id bigint,
  subscription_invoicer_id bigint,
  usage_invoicer_id bigint,
  tax_account_id bigint,
  bill_group text,
  ar_term_days integer,
  billing_cycle text,
  account_category text,
  primary_email text,
  street text,
  city text,
  region text,
  postal_code text,
  country character(2),
  synced_at timestamp with time zone,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT accounts_pkey PRIMARY KEY (id),
  CONSTRAINT accounts_account_number_key UNIQUE (account_number),
  CONSTRAINT accounts_account_category_fkey FOREIGN KEY (account_category) REFERENCES account_categories(code),
  CONSTRAINT accounts_bill_group_fkey FOREIGN KEY (bill_group) REFERENCES bill_groups(code),
  CONSTRAINT accounts_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES accounts(id),
  CONSTRAINT accounts_subscription_invoicer_id_fkey FOREIGN KEY (subscription_invoicer_id) REFERENCES accounts(id),
  CONSTRAINT accounts_tax_account_id_fkey FOREIGN KEY (tax_account_id) REFERENCES accounts(id),
  CONSTRAINT accounts_usage_invoicer_id_fkey FOREIGN KEY (usage_invoicer_id) REFERENCES accounts(id),
  CONSTRAINT accounts_ar_term_days_check CHECK ((ar_term_days >= 0)),
  CONSTRAINT accounts_billing_cycle_check CHECK ((billing_cycle = ANY (ARRAY['monthly'::text, 'quarterly'::text, 'semiannual'::text, 'annual'::text]))),
  CONSTRAINT accounts_status_check CHECK ((status = ANY (ARRAY['active'::text, 'suspended'::text, 'closed'::text])))
);
CREATE INDEX accounts_account_category_idx ON accounts USING btree (account_category) WHERE (account_category IS NOT NULL);
CREATE INDEX accounts_bill_group_idx ON accounts USING btree (bill_group) WHERE (bill_group IS NOT NULL);
CREATE INDEX accounts_parent_idx ON accounts USING btree (parent_id);

CREATE TABLE api_keys (
  id bigint DEFAULT nextval('api_keys_id_seq'::regclass) NOT NULL,
  name text NOT NULL,
  prefix text NOT NULL,
  hash text NOT NULL,
  role text NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  revoked_at timestamp with time zone,
  last_used_at timestamp with time zone,
  CONSTRAINT api_keys_pkey PRIMARY KEY (id),
  CONSTRAINT api_keys_hash_key UNIQUE (hash),
  CONSTRAINT api_keys_prefix_key UNIQUE (prefix),
  CONSTRAINT api_keys_name_check CHECK ((name <> ''::text)),
  CONSTRAINT api_keys_role_check CHECK ((role = ANY (ARRAY['admin'::text, 'operator'::text, 'viewer'::text])))
);

CREATE TABLE ar_terms (
  code text NOT NULL,
  days integer NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT ar_terms_pkey PRIMARY KEY (code),
  CONSTRAINT ar_terms_days_key UNIQUE (days),
  CONSTRAINT ar_terms_days_check CHECK (((days >= 0) AND (days <= 365)))
);
CREATE UNIQUE INDEX ar_terms_code_ci ON ar_terms USING btree (lower(code));

CREATE TABLE bill_groups (
  code text NOT NULL,
  name text NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT bill_groups_pkey PRIMARY KEY (code)
);
CREATE UNIQUE INDEX bill_groups_code_ci ON bill_groups USING btree (lower(code));

CREATE TABLE billing_runs (
  id bigint DEFAULT nextval('billing_runs_id_seq'::regclass) NOT NULL,
  run_date date NOT NULL,
  started_at timestamp with time zone DEFAULT now() NOT NULL,
  finished_at timestamp with time zone,
  invoices_created integer DEFAULT 0 NOT NULL,
  lines_created integer DEFAULT 0 NOT NULL,
  CONSTRAINT billing_runs_pkey PRIMARY KEY (id)
);

CREATE TABLE contacts (
  id bigint DEFAULT nextval('contacts_id_seq'::regclass) NOT NULL,
  first_name text,
  last_name text NOT NULL,
  email text,
  phone text,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT contacts_pkey PRIMARY KEY (id)
);

CREATE TABLE contract_lines (
  id bigint DEFAULT nextval('contract_lines_id_seq'::regclass) NOT NULL,
  contract_id bigint NOT NULL,
  "position" integer NOT NULL,
  line_item_id character(18),
  product_id bigint NOT NULL,
  quantity numeric NOT NULL,
  start_date date NOT NULL,
  end_date date NOT NULL,
  revenue_minor bigint NOT NULL,
  recurring boolean NOT NULL,
  arr_minor bigint NOT NULL,
  mrr_minor bigint NOT NULL,
  assigned_arr_minor bigint,
  assigned_mrr_minor bigint,
  line_key text,
  CONSTRAINT contract_lines_pkey PRIMARY KEY (id),
  CONSTRAINT contract_lines_contract_id_position_key UNIQUE (contract_id, "position"),
  CONSTRAINT contract_lines_check CHECK ((end_date >= start_date))
);

CREATE TABLE contract_links (
  kind text NOT NULL,
  later_id bigint NOT NULL,
  earlier_id bigint NOT NULL,
  source text NOT NULL,
  created_at timestamp with time zone NOT NULL,
  CONSTRAINT contract_links_pkey PRIMARY KEY (kind, later_id),
  CONSTRAINT contract_links_earlier_id_fkey FOREIGN KEY (earlier_id) REFERENCES contracts(id) ON DELETE CASCADE,
  CONSTRAINT contract_links_later_id_fkey FOREIGN KEY (later_id) REFERENCES contracts(id) ON DELETE CASCADE,
  CONSTRAINT contract_links_check CHECK ((later_id <> earlier_id)),
  CONSTRAINT contract_links_kind_check CHECK ((kind = ANY (ARRAY['renewal'::text, 'amendment'::text]))),
  CONSTRAINT contract_links_source_check CHECK ((source = ANY (ARRAY['salesforce'::text, 'revbridge'::text])))
);
CREATE INDEX contract_links_earlier_idx ON contract_links USING btree (earlier_id, kind);

CREATE TABLE contracts (
  id bigint DEFAULT nextval('contracts_id_seq'::regclass) NOT NULL,
  opportunity_id character(18),
  origin text NOT NULL,
  name text NOT NULL,
  account_salesforce_id character(18),
  account_name text,
  stage text NOT NULL,
  close_date date NOT NULL,
  start_date date NOT NULL,
  end_date date NOT NULL,
  currency character(3) NOT NULL,
  source_currency character(3) NOT NULL,
  conversion_rate numeric NOT NULL,
  assigned_arr_minor bigint,
  assigned_mrr_minor bigint,
  terminated_effective_date date,
  termination_date date,
  recurring boolean NOT NULL,
  uniform boolean DEFAULT false NOT NULL,
  arr_minor bigint DEFAULT 0 NOT NULL,
  mrr_minor bigint DEFAULT 0 NOT NULL,
  one_time_minor bigint DEFAULT 0 NOT NULL,
  revenue_minor bigint DEFAULT 0 NOT NULL,
  renews_ref character(18),
  renewed_by_ref character(18),
  amends_ref character(18),
  amended_by_ref character(18),
  hash text,
  revbridge_changed_at timestamp with time zone,
  modstamp timestamp with time zone,
  archived_at timestamp with time zone,
  created_at timestamp with time zone NOT NULL,
  updated_at timestamp with time zone NOT NULL,
  synced jsonb,
  push_error_code text,
  push_error text,
  pushed_at timestamp with time zone,
  revbridge_changes integer DEFAULT 0 NOT NULL,
  CONSTRAINT contracts_pkey PRIMARY KEY (id),
  CONSTRAINT contracts_opportunity_id_key UNIQUE (opportunity_id),
  CONSTRAINT contracts_stage_fkey FOREIGN KEY (stage) REFERENCES revenue_stages(stage) ON UPDATE CASCADE,
  CONSTRAINT contracts_check CHECK ((end_date >= start_date)),
  CONSTRAINT contracts_check1 CHECK (((assigned_arr_minor IS NULL) = (assigned_mrr_minor IS NULL))),
  CONSTRAINT contracts_origin_check CHECK ((origin = ANY (ARRAY['salesforce'::text, 'revbridge'::text])))
);
CREATE INDEX contracts_account_idx ON contracts USING btree (account_salesforce_id);
CREATE INDEX contracts_pending_push_idx ON contracts USING btree (id) WHERE (revbridge_changed_at IS NOT NULL);
CREATE INDEX contracts_stage_idx ON contracts USING btree (stage);
CREATE INDEX contracts_varying_idx ON contracts USING btree (id) WHERE ((NOT uniform) AND (assigned_arr_minor IS NULL) AND (archived_at IS NULL));

CREATE TABLE credit_note_lines (
  credit_note_id bigint NOT NULL,
  invoice_line_id bigint NOT NULL,
  amount_minor bigint NOT NULL,
  tax_minor bigint NOT NULL,
  CONSTRAINT credit_note_lines_pkey PRIMARY KEY (credit_note_id, invoice_line_id),
  CONSTRAINT credit_note_lines_credit_note_id_fkey FOREIGN KEY (credit_note_id) REFERENCES credit_notes(id),
  CONSTRAINT credit_note_lines_invoice_line_id_fkey FOREIGN KEY (invoice_line_id) REFERENCES invoice_lines(id)
);
CREATE INDEX credit_note_lines_invoice_line_idx ON credit_note_lines USING btree (invoice_line_id);

CREATE TABLE credit_notes (
  id bigint DEFAULT nextval('credit_notes_id_seq'::regclass) NOT NULL,
  account_id bigint NOT NULL,
  invoice_id bigint NOT NULL,
  sequence integer NOT NULL,
  credit_note_number text NOT NULL,
  reason text NOT NULL,
  currency character(3) NOT NULL,
  subtotal_minor bigint NOT NULL,
  tax_minor bigint NOT NULL,
  total_minor bigint NOT NULL,
  issued_on date NOT NULL,
  reference text,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT credit_notes_pkey PRIMARY KEY (id),
  CONSTRAINT credit_notes_account_id_sequence_key UNIQUE (account_id, sequence),
  CONSTRAINT credit_notes_credit_note_number_key UNIQUE (credit_note_number),
  CONSTRAINT credit_notes_reference_key UNIQUE (reference),
  CONSTRAINT credit_notes_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts(id),
  CONSTRAINT credit_notes_invoice_id_fkey FOREIGN KEY (invoice_id) REFERENCES invoices(id),
  CONSTRAINT credit_notes_check CHECK ((total_minor = (subtotal_minor + tax_minor))),
  CONSTRAINT credit_notes_total_minor_check CHECK ((total_minor > 0))
);
CREATE INDEX credit_notes_invoice_idx ON credit_notes USING btree (invoice_id);

CREATE TABLE invoice_lines (
  id bigint DEFAULT nextval('invoice_lines_id_seq'::regclass) NOT NULL,
  invoice_id bigint NOT NULL,
  account_id bigint NOT NULL,
  account_product_id bigint,
  service_id bigint NOT NULL,
  charge_kind text NOT NULL,
  description text NOT NULL,
  quantity numeric(20,4) NOT NULL,
  unit_price numeric(20,10) NOT NULL,
  period_start date NOT NULL,
  period_end date NOT NULL,
  amount_minor bigint NOT NULL,
  tax_minor bigint NOT NULL,
  line_type text DEFAULT 'charge'::text NOT NULL,
  tax_rate numeric(8,6),
  CONSTRAINT invoice_lines_pkey PRIMARY KEY (id),
  CONSTRAINT invoice_lines_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts(id),
  CONSTRAINT invoice_lines_account_product_id_fkey FOREIGN KEY (account_product_id) REFERENCES account_products(id),
  CONSTRAINT invoice_lines_invoice_id_fkey FOREIGN KEY (invoice_id) REFERENCES invoices(id),
  CONSTRAINT invoice_lines_service_id_fkey FOREIGN KEY (service_id) REFERENCES package_services(id),
  CONSTRAINT invoice_lines_charge_kind_check CHECK ((charge_kind = ANY (ARRAY['recurring'::text, 'one_time'::text, 'usage'::text, 'state_based'::text]))),
  CONSTRAINT invoice_lines_line_type_check CHECK ((line_type = ANY (ARRAY['charge'::text, 'adjustment'::text, 'late_usage'::text])))
);
CREATE INDEX invoice_lines_invoice_idx ON invoice_lines USING btree (invoice_id);
CREATE INDEX invoice_lines_product_coverage_idx ON invoice_lines USING btree (account_product_id, service_id, period_start) WHERE (account_product_id IS NOT NULL);
CREATE INDEX invoice_lines_usage_coverage_idx ON invoice_lines USING btree (account_id, service_id, period_start) WHERE (charge_kind = 'usage'::text);

CREATE TABLE invoices (
  id bigint DEFAULT nextval('invoices_id_seq'::regclass) NOT NULL,
  account_id bigint NOT NULL,
  sequence integer NOT NULL,
  invoice_number text NOT NULL,
  kind text NOT NULL,
  invoice_date date NOT NULL,
  due_date date NOT NULL,
  currency character(3) NOT NULL,
  subtotal_minor bigint NOT NULL,
  tax_minor bigint NOT NULL,
  total_minor bigint NOT NULL,
  paid_minor bigint DEFAULT 0 NOT NULL,
  billing_run_id bigint,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  voided_at timestamp with time zone,
  void_reason text,
  CONSTRAINT invoices_pkey PRIMARY KEY (id),
  CONSTRAINT invoices_account_id_sequence_key UNIQUE (account_id, sequence),
  CONSTRAINT invoices_invoice_number_key UNIQUE (invoice_number),
  CONSTRAINT invoices_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts(id),
  CONSTRAINT invoices_billing_run_id_fkey FOREIGN KEY (billing_run_id) REFERENCES billing_runs(id),
  CONSTRAINT invoices_kind_check CHECK ((kind = ANY (ARRAY['subscription'::text, 'usage'::text, 'combined'::text]))),
  CONSTRAINT invoices_void_reason_check CHECK (((voided_at IS NULL) = (void_reason IS NULL)))
);
CREATE INDEX invoices_billing_run_idx ON invoices USING btree (billing_run_id);

CREATE TABLE package_services (
  id bigint DEFAULT nextval('package_services_id_seq'::regclass) NOT NULL,
  package_id bigint NOT NULL,
  code text NOT NULL,
  name text NOT NULL,
  kind text NOT NULL,
  unit text,
  active boolean DEFAULT true NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT package_services_pkey PRIMARY KEY (id),
  CONSTRAINT package_services_package_id_code_key UNIQUE (package_id, code),
  CONSTRAINT package_services_package_id_fkey FOREIGN KEY (package_id) REFERENCES packages(id),
  CONSTRAINT package_services_kind_check CHECK ((kind = ANY (ARRAY['recurring'::text, 'one_time'::text, 'usage'::text, 'state_based'::text])))
);

CREATE TABLE packages (
  id bigint DEFAULT nextval('packages_id_seq'::regclass) NOT NULL,
  code text NOT NULL,
  name text NOT NULL,
  currency character(3) NOT NULL,
  frequency text NOT NULL,
  active boolean DEFAULT true NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT packages_pkey PRIMARY KEY (id),
  CONSTRAINT packages_code_key UNIQUE (code),
  CONSTRAINT packages_frequency_check CHECK ((frequency = ANY (ARRAY['monthly'::text, 'quarterly'::text, 'semiannual'::text, 'annual'::text])))
);

CREATE TABLE payment_applications (
  payment_id bigint NOT NULL,
  invoice_id bigint NOT NULL,
  amount_minor bigint NOT NULL,
  CONSTRAINT payment_applications_pkey PRIMARY KEY (payment_id, invoice_id),
  CONSTRAINT payment_applications_invoice_id_fkey FOREIGN KEY (invoice_id) REFERENCES invoices(id),
  CONSTRAINT payment_applications_payment_id_fkey FOREIGN KEY (payment_id) REFERENCES payments(id),
  CONSTRAINT payment_applications_amount_minor_check CHECK ((amount_minor > 0))
);
CREATE INDEX payment_applications_invoice_idx ON payment_applications USING btree (invoice_id);

CREATE TABLE payments (
  id bigint DEFAULT nextval('payments_id_seq'::regclass) NOT NULL,
  account_id bigint NOT NULL,
  invoice_id bigint,
  amount_minor bigint NOT NULL,
  currency character(3) NOT NULL,
  received_on date NOT NULL,
  reference text,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT payments_pkey PRIMARY KEY (id),
  CONSTRAINT payments_reference_key UNIQUE (reference),
  CONSTRAINT payments_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts(id),
  CONSTRAINT payments_invoice_id_fkey FOREIGN KEY (invoice_id) REFERENCES invoices(id),
  CONSTRAINT payments_amount_minor_check CHECK ((amount_minor > 0))
);

CREATE TABLE price_book_packages (
  price_book_id bigint NOT NULL,
  package_id bigint NOT NULL,
  CONSTRAINT price_book_packages_pkey PRIMARY KEY (price_book_id, package_id),
  CONSTRAINT price_book_packages_package_id_fkey FOREIGN KEY (package_id) REFERENCES packages(id),
  CONSTRAINT price_book_packages_price_book_id_fkey FOREIGN KEY (price_book_id) REFERENCES price_books(id)
);

CREATE TABLE price_books (
  id bigint DEFAULT nextval('price_books_id_seq'::regclass) NOT NULL,
  code text NOT NULL,
  name text NOT NULL,
  currency character(3) NOT NULL,
  active boolean DEFAULT true NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT price_books_pkey PRIMARY KEY (id),
  CONSTRAINT price_books_code_key UNIQUE (code)
);

CREATE TABLE price_plans (
  id bigint DEFAULT nextval('price_plans_id_seq'::regclass) NOT NULL,
  account_id bigint NOT NULL,
  service_id bigint NOT NULL,
  recurring_minor bigint,
  one_time_minor bigint,
  usage_rate numeric(20,10),
  included_quantity numeric(20,4),
  overage_rate numeric(20,10),
  state_prices jsonb,
  effective_from date NOT NULL,
  effective_to date,
  source text,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  plan_id bigint,
  CONSTRAINT price_plans_pkey PRIMARY KEY (id),
  CONSTRAINT price_plans_account_id_service_id_effective_from_key UNIQUE (account_id, service_id, effective_from),
  CONSTRAINT price_plans_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts(id),
  CONSTRAINT price_plans_plan_id_fkey FOREIGN KEY (plan_id) REFERENCES account_price_plans(id),
  CONSTRAINT price_plans_service_id_fkey FOREIGN KEY (service_id) REFERENCES package_services(id),
  CONSTRAINT price_plans_check CHECK (((effective_to IS NULL) OR (effective_to >= effective_from)))
);
CREATE INDEX price_plans_plan_id_idx ON price_plans USING btree (plan_id) WHERE (plan_id IS NOT NULL);

CREATE TABLE product_quantities (
  account_product_id bigint NOT NULL,
  service_id bigint NOT NULL,
  effective_from date NOT NULL,
  quantity numeric(20,4) NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT product_quantities_pkey PRIMARY KEY (account_product_id, service_id, effective_from),
  CONSTRAINT product_quantities_account_product_id_fkey FOREIGN KEY (account_product_id) REFERENCES account_products(id),
  CONSTRAINT product_quantities_service_id_fkey FOREIGN KEY (service_id) REFERENCES package_services(id),
  CONSTRAINT product_quantities_quantity_check CHECK ((quantity >= (0)::numeric))
);

CREATE TABLE revenue_conflicts (
  contract_id bigint NOT NULL,
  field text NOT NULL,
  synced_value text,
  revbridge_value text,
  salesforce_value text,
  detected_at timestamp with time zone NOT NULL,
  CONSTRAINT revenue_conflicts_pkey PRIMARY KEY (contract_id, field),
  CONSTRAINT revenue_conflicts_contract_id_fkey FOREIGN KEY (contract_id) REFERENCES contracts(id) ON DELETE CASCADE
);

CREATE UNLOGGED TABLE revenue_import_rows (
  run_id bigint NOT NULL,
  opportunity_id character(18) NOT NULL,
  record json NOT NULL
);
CREATE INDEX revenue_import_rows_idx ON revenue_import_rows USING btree (run_id, opportunity_id);

CREATE TABLE revenue_products (
  id bigint DEFAULT nextval('revenue_products_id_seq'::regclass) NOT NULL,
  salesforce_id character(18),
  code text,
  name text NOT NULL,
  active boolean NOT NULL,
  recurring boolean NOT NULL,
  package_id bigint,
  is_default boolean DEFAULT false NOT NULL,
  created_at timestamp with time zone NOT NULL,
  updated_at timestamp with time zone NOT NULL,
  CONSTRAINT revenue_products_pkey PRIMARY KEY (id),
  CONSTRAINT revenue_products_salesforce_id_key UNIQUE (salesforce_id),
  CONSTRAINT revenue_products_package_id_fkey FOREIGN KEY (package_id) REFERENCES packages(id)
);
CREATE INDEX revenue_products_code_idx ON revenue_products USING btree (code);
CREATE INDEX revenue_products_name_idx ON revenue_products USING btree (name);
CREATE UNIQUE INDEX revenue_products_one_default ON revenue_products USING btree (is_default) WHERE is_default;

CREATE TABLE revenue_stages (
  stage text NOT NULL,
  category text NOT NULL,
  mapped_by text NOT NULL,
  created_at timestamp with time zone NOT NULL,
  updated_at timestamp with time zone NOT NULL,
  CONSTRAINT revenue_stages_pkey PRIMARY KEY (stage),
  CONSTRAINT revenue_stages_category_check CHECK ((category = ANY (ARRAY['booked'::text, 'lost'::text, 'forecast'::text]))),
  CONSTRAINT revenue_stages_mapped_by_check CHECK ((mapped_by = ANY (ARRAY['org'::text, 'admin'::text])))
);

CREATE TABLE schema_migrations (
  version text NOT NULL,
  applied_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT schema_migrations_pkey PRIMARY KEY (version)
);

CREATE TABLE service_prices (
  id bigint DEFAULT nextval('service_prices_id_seq'::regclass) NOT NULL,
  service_id bigint NOT NULL,
  effective_from date NOT NULL,
  recurring_minor bigint,
  one_time_minor bigint,
  usage_rate numeric(20,10),
  included_quantity numeric(20,4),
  overage_rate numeric(20,10),
  state_prices jsonb,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT service_prices_pkey PRIMARY KEY (id),
  CONSTRAINT service_prices_service_id_effective_from_key UNIQUE (service_id, effective_from),
  CONSTRAINT service_prices_service_id_fkey FOREIGN KEY (service_id) REFERENCES package_services(id)
);

CREATE TABLE sync_cursors (
  flow text NOT NULL,
  object text NOT NULL,
  modstamp timestamp with time zone NOT NULL,
  updated_at timestamp with time zone NOT NULL,
  CONSTRAINT sync_cursors_pkey PRIMARY KEY (flow, object)
);

CREATE TABLE sync_links (
  object text NOT NULL,
  salesforce_id character(18) NOT NULL,
  billing_id bigint NOT NULL,
  synced_hash text,
  rollup_hash text,
  mapping_version integer NOT NULL,
  synced_at timestamp with time zone NOT NULL,
  parent_salesforce_id character(18),
  CONSTRAINT sync_links_pkey PRIMARY KEY (object, salesforce_id),
  CONSTRAINT sync_links_object_billing_id_key UNIQUE (object, billing_id),
  CONSTRAINT sync_links_object_check CHECK ((object = ANY (ARRAY['account'::text, 'contact'::text, 'opportunity'::text, 'opportunity_line'::text])))
);
CREATE INDEX sync_links_parent_idx ON sync_links USING btree (object, parent_salesforce_id) WHERE (parent_salesforce_id IS NOT NULL);

CREATE TABLE sync_outcomes (
  id bigint DEFAULT nextval('sync_outcomes_id_seq'::regclass) NOT NULL,
  run_id bigint NOT NULL,
  object text NOT NULL,
  salesforce_id character(18),
  billing_id bigint,
  label text,
  outcome text NOT NULL,
  diff jsonb,
  error_code text,
  error_message text,
  warnings jsonb,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT sync_outcomes_pkey PRIMARY KEY (id),
  CONSTRAINT sync_outcomes_run_id_fkey FOREIGN KEY (run_id) REFERENCES sync_runs(id),
  CONSTRAINT sync_outcomes_outcome_check CHECK ((outcome = ANY (ARRAY['created'::text, 'updated'::text, 'unchanged'::text, 'skipped'::text, 'failed'::text, 'deferred'::text])))
);
CREATE INDEX sync_outcomes_failed ON sync_outcomes USING btree (object, salesforce_id) WHERE (outcome = 'failed'::text);
CREATE INDEX sync_outcomes_record ON sync_outcomes USING btree (object, salesforce_id, id);
CREATE INDEX sync_outcomes_run ON sync_outcomes USING btree (run_id, id);

CREATE TABLE sync_runs (
  id bigint DEFAULT nextval('sync_runs_id_seq'::regclass) NOT NULL,
  flow text NOT NULL,
  trigger text NOT NULL,
  dry_run boolean DEFAULT false NOT NULL,
  status text NOT NULL,
  counts jsonb DEFAULT '{}'::jsonb NOT NULL,
  error_code text,
  error_message text,
  retry_of bigint,
  api_calls integer DEFAULT 0 NOT NULL,
  retries jsonb DEFAULT '[]'::jsonb NOT NULL,
  started_at timestamp with time zone NOT NULL,
  finished_at timestamp with time zone,
  heartbeat_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT sync_runs_pkey PRIMARY KEY (id),
  CONSTRAINT sync_runs_retry_of_fkey FOREIGN KEY (retry_of) REFERENCES sync_runs(id),
  CONSTRAINT sync_runs_status_check CHECK ((status = ANY (ARRAY['running'::text, 'succeeded'::text, 'partial'::text, 'failed'::text, 'deferred'::text])))
);
CREATE INDEX sync_runs_started ON sync_runs USING btree (started_at DESC, id DESC);

CREATE TABLE tax_rates (
  jurisdiction text NOT NULL,
  rate numeric(8,6) NOT NULL,
  effective_from date NOT NULL,
  name text,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT tax_rates_pkey PRIMARY KEY (jurisdiction, effective_from),
  CONSTRAINT tax_rates_jurisdiction_format CHECK ((jurisdiction ~ '^[A-Z]{2}(-[A-Z0-9]{1,3})?$'::text)),
  CONSTRAINT tax_rates_rate_below_one CHECK ((rate < (1)::numeric)),
  CONSTRAINT tax_rates_rate_check CHECK ((rate >= (0)::numeric))
);

CREATE TABLE usage_records (
  id bigint DEFAULT nextval('usage_records_id_seq'::regclass) NOT NULL,
  account_id bigint NOT NULL,
  service_id bigint NOT NULL,
  quantity numeric(20,4) NOT NULL,
  used_on date NOT NULL,
  external_id text,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  billed_line_id bigint,
  CONSTRAINT usage_records_pkey PRIMARY KEY (id),
  CONSTRAINT usage_records_external_id_key UNIQUE (external_id),
  CONSTRAINT usage_records_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts(id),
  CONSTRAINT usage_records_billed_line_id_fkey FOREIGN KEY (billed_line_id) REFERENCES invoice_lines(id),
  CONSTRAINT usage_records_service_id_fkey FOREIGN KEY (service_id) REFERENCES package_services(id),
  CONSTRAINT usage_records_quantity_check CHECK ((quantity >= (0)::numeric))
);
CREATE INDEX usage_records_account_idx ON usage_records USING btree (account_id, service_id, used_on);
CREATE INDEX usage_records_billed_line_idx ON usage_records USING btree (billed_line_id) WHERE (billed_line_id IS NOT NULL);
CREATE INDEX usage_records_unbilled_idx ON usage_records USING btree (account_id, service_id, used_on) WHERE (billed_line_id IS NULL);
CREATE INDEX usage_records_used_on_idx ON usage_records USING btree (used_on);

CREATE OR REPLACE FUNCTION contract_lines_check_references()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
  IF EXISTS (SELECT 1 FROM written_lines l WHERE NOT EXISTS (SELECT 1 FROM contracts c WHERE c.id = l.contract_id)) THEN
    RAISE EXCEPTION 'a contract line names a contract that does not exist'
      USING ERRCODE = 'foreign_key_violation', TABLE = 'contract_lines', COLUMN = 'contract_id';
  END IF;
  IF EXISTS (
    SELECT 1 FROM written_lines l WHERE NOT EXISTS (SELECT 1 FROM revenue_products p WHERE p.id = l.product_id)
  ) THEN
    RAISE EXCEPTION 'a contract line names a revenue product that does not exist'
      USING ERRCODE = 'foreign_key_violation', TABLE = 'contract_lines', COLUMN = 'product_id';
  END IF;
  RETURN NULL;
END $function$;

CREATE OR REPLACE FUNCTION contracts_delete_lines()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
  DELETE FROM contract_lines l USING deleted_contracts d WHERE l.contract_id = d.id;
  RETURN NULL;
END $function$;

CREATE OR REPLACE FUNCTION revenue_products_keep_named()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
  IF EXISTS (SELECT 1 FROM contract_lines l JOIN deleted_products d ON d.id = l.product_id) THEN
    RAISE EXCEPTION 'a revenue product that contract lines name cannot be deleted'
      USING ERRCODE = 'foreign_key_violation', TABLE = 'revenue_products';
  END IF;
  RETURN NULL;
END $function$;

CREATE OR REPLACE FUNCTION round_half_up_div(n numeric, d numeric)
 RETURNS numeric
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE STRICT
AS $function$ SELECT sign(n) * div(2 * abs(n) + d, 2 * d) $function$;

CREATE TRIGGER contract_lines_inserted AFTER INSERT ON contract_lines REFERENCING NEW TABLE AS written_lines FOR EACH STATEMENT EXECUTE FUNCTION contract_lines_check_references();

CREATE TRIGGER contract_lines_updated AFTER UPDATE ON contract_lines REFERENCING NEW TABLE AS written_lines FOR EACH STATEMENT EXECUTE FUNCTION contract_lines_check_references();

CREATE TRIGGER contracts_deleted AFTER DELETE ON contracts REFERENCING OLD TABLE AS deleted_contracts FOR EACH STATEMENT EXECUTE FUNCTION contracts_delete_lines();

CREATE TRIGGER revenue_products_deleted AFTER DELETE ON revenue_products REFERENCING OLD TABLE AS deleted_products FOR EACH STATEMENT EXECUTE FUNCTION revenue_products_keep_named();
