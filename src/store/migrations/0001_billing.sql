-- The billing system of record: catalog, accounts, contacts, price plans, products, usage, invoices.
-- Money is bigint minor units with the currency beside it; rates and quantities are exact numerics.

CREATE TABLE packages (
  id bigserial PRIMARY KEY,
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  currency char(3) NOT NULL,
  frequency text NOT NULL CHECK (frequency IN ('monthly', 'quarterly', 'semiannual', 'annual')),
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE package_services (
  id bigserial PRIMARY KEY,
  package_id bigint NOT NULL REFERENCES packages (id),
  code text NOT NULL,
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('recurring', 'one_time', 'usage', 'state_based')),
  unit text,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (package_id, code)
);

-- List prices are versioned: a price change adds a row effective from a date, so an issued invoice
-- (which copies its amounts) is never rewritten.
CREATE TABLE service_prices (
  id bigserial PRIMARY KEY,
  service_id bigint NOT NULL REFERENCES package_services (id),
  effective_from date NOT NULL,
  recurring_minor bigint,
  one_time_minor bigint,
  usage_rate numeric(20, 10),
  included_quantity numeric(20, 4),
  overage_rate numeric(20, 10),
  state_prices jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (service_id, effective_from)
);

CREATE TABLE price_books (
  id bigserial PRIMARY KEY,
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  currency char(3) NOT NULL,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE price_book_packages (
  price_book_id bigint NOT NULL REFERENCES price_books (id),
  package_id bigint NOT NULL REFERENCES packages (id),
  PRIMARY KEY (price_book_id, package_id)
);

CREATE TABLE tax_rates (
  jurisdiction text PRIMARY KEY,
  rate numeric(8, 6) NOT NULL CHECK (rate >= 0)
);

CREATE TABLE accounts (
  id bigserial PRIMARY KEY,
  account_number text NOT NULL UNIQUE,
  name text NOT NULL,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'closed')),
  currency char(3) NOT NULL,
  parent_id bigint REFERENCES accounts (id),
  subscription_invoicer_id bigint REFERENCES accounts (id),
  usage_invoicer_id bigint REFERENCES accounts (id),
  tax_account_id bigint REFERENCES accounts (id),
  bill_group text,
  ar_term_days integer CHECK (ar_term_days >= 0),
  billing_cycle text CHECK (billing_cycle IN ('monthly', 'quarterly', 'semiannual', 'annual')),
  account_category text,
  primary_email text,
  street text,
  city text,
  region text,
  postal_code text,
  country char(2),
  synced_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX accounts_parent_idx ON accounts (parent_id);

CREATE TABLE contacts (
  id bigserial PRIMARY KEY,
  first_name text,
  last_name text NOT NULL,
  email text,
  phone text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- A contact can be linked to several accounts (shared contacts), each link with its roles.
CREATE TABLE account_contacts (
  account_id bigint NOT NULL REFERENCES accounts (id),
  contact_id bigint NOT NULL REFERENCES contacts (id),
  roles text[] NOT NULL DEFAULT '{}',
  is_primary boolean NOT NULL DEFAULT false,
  PRIMARY KEY (account_id, contact_id)
);

-- Negotiated prices for one account and service, e.g. recorded from a Closed-Won opportunity.
CREATE TABLE price_plans (
  id bigserial PRIMARY KEY,
  account_id bigint NOT NULL REFERENCES accounts (id),
  service_id bigint NOT NULL REFERENCES package_services (id),
  recurring_minor bigint,
  one_time_minor bigint,
  usage_rate numeric(20, 10),
  included_quantity numeric(20, 4),
  overage_rate numeric(20, 10),
  state_prices jsonb,
  effective_from date NOT NULL,
  effective_to date,
  source text,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, service_id, effective_from),
  CHECK (effective_to IS NULL OR effective_to >= effective_from)
);

CREATE TABLE account_products (
  id bigserial PRIMARY KEY,
  account_id bigint NOT NULL REFERENCES accounts (id),
  package_id bigint NOT NULL REFERENCES packages (id),
  quantity numeric(20, 4) NOT NULL CHECK (quantity >= 0),
  service_state text NOT NULL DEFAULT 'active',
  start_date date NOT NULL,
  end_date date,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (end_date IS NULL OR end_date >= start_date)
);
CREATE INDEX account_products_account_idx ON account_products (account_id);

CREATE TABLE usage_records (
  id bigserial PRIMARY KEY,
  account_id bigint NOT NULL REFERENCES accounts (id),
  service_id bigint NOT NULL REFERENCES package_services (id),
  quantity numeric(20, 4) NOT NULL CHECK (quantity >= 0),
  used_on date NOT NULL,
  external_id text UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX usage_records_account_idx ON usage_records (account_id, service_id, used_on);

CREATE TABLE billing_runs (
  id bigserial PRIMARY KEY,
  run_date date NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  invoices_created integer NOT NULL DEFAULT 0,
  lines_created integer NOT NULL DEFAULT 0
);

CREATE TABLE invoices (
  id bigserial PRIMARY KEY,
  account_id bigint NOT NULL REFERENCES accounts (id),
  sequence integer NOT NULL,
  invoice_number text NOT NULL UNIQUE,
  kind text NOT NULL CHECK (kind IN ('subscription', 'usage', 'combined')),
  invoice_date date NOT NULL,
  due_date date NOT NULL,
  currency char(3) NOT NULL,
  subtotal_minor bigint NOT NULL,
  tax_minor bigint NOT NULL,
  total_minor bigint NOT NULL,
  paid_minor bigint NOT NULL DEFAULT 0,
  billing_run_id bigint REFERENCES billing_runs (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, sequence),
  UNIQUE (account_id, invoice_date, kind)
);

-- One charge. The unique key makes a repeated billing run insert nothing new.
CREATE TABLE invoice_lines (
  id bigserial PRIMARY KEY,
  invoice_id bigint NOT NULL REFERENCES invoices (id),
  account_id bigint NOT NULL REFERENCES accounts (id),
  account_product_id bigint REFERENCES account_products (id),
  service_id bigint NOT NULL REFERENCES package_services (id),
  charge_kind text NOT NULL CHECK (charge_kind IN ('recurring', 'one_time', 'usage', 'state_based')),
  description text NOT NULL,
  quantity numeric(20, 4) NOT NULL,
  unit_price numeric(20, 10) NOT NULL,
  period_start date NOT NULL,
  period_end date NOT NULL,
  amount_minor bigint NOT NULL,
  tax_minor bigint NOT NULL,
  UNIQUE NULLS NOT DISTINCT (account_id, service_id, account_product_id, charge_kind, period_start)
);
CREATE INDEX invoice_lines_invoice_idx ON invoice_lines (invoice_id);

CREATE TABLE payments (
  id bigserial PRIMARY KEY,
  account_id bigint NOT NULL REFERENCES accounts (id),
  invoice_id bigint REFERENCES invoices (id),
  amount_minor bigint NOT NULL CHECK (amount_minor > 0),
  currency char(3) NOT NULL,
  received_on date NOT NULL,
  reference text UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now()
);
