-- Revenue management (seed 004): contracts built from opportunities (or made in revbridge), their lines, the
-- revenue product list, what each stage means, and the renewal and amendment links between contracts.

-- The revenue product list: filled from Salesforce's Product2 by the import (keyed by its id), linked to the
-- billing package whose id or code it carries. One product, made by revbridge, is the default a line lands on
-- when its product key matches nothing.
CREATE TABLE revenue_products (
  id bigserial PRIMARY KEY,
  salesforce_id char(18) UNIQUE,
  code text,
  name text NOT NULL,
  active boolean NOT NULL,
  recurring boolean NOT NULL,
  package_id bigint REFERENCES packages (id),
  is_default boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX revenue_products_code_idx ON revenue_products (code);
CREATE INDEX revenue_products_name_idx ON revenue_products (name);
CREATE UNIQUE INDEX revenue_products_one_default ON revenue_products (is_default) WHERE is_default;

-- Stage keys register themselves as contracts are imported; each means booked, lost or forecast. `org`: taken
-- from the org's OpportunityStage when first seen; `admin`: set by a person, and kept.
CREATE TABLE revenue_stages (
  stage text PRIMARY KEY,
  category text NOT NULL CHECK (category IN ('booked', 'lost', 'forecast')),
  mapped_by text NOT NULL CHECK (mapped_by IN ('org', 'admin')),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

-- A contract: an imported opportunity (opportunity_id) or one made in revbridge (origin). Amounts are minor units
-- of `currency`, the tenant (the org's corporate) currency; `source_currency` and `conversion_rate` say what the
-- opportunity was in. Its status is its stage's category, read through revenue_stages, so remapping a stage
-- re-derives every contract without a re-import. The four *_ref columns keep the Salesforce links as read.
CREATE TABLE contracts (
  id bigserial PRIMARY KEY,
  opportunity_id char(18) UNIQUE,
  origin text NOT NULL CHECK (origin IN ('salesforce', 'revbridge')),
  name text NOT NULL,
  account_salesforce_id char(18),
  account_name text,
  stage text NOT NULL REFERENCES revenue_stages (stage) ON UPDATE CASCADE,
  close_date date NOT NULL,
  start_date date NOT NULL,
  end_date date NOT NULL CHECK (end_date >= start_date),
  currency char(3) NOT NULL,
  source_currency char(3) NOT NULL,
  conversion_rate numeric NOT NULL,
  assigned_arr_minor bigint,
  assigned_mrr_minor bigint,
  CHECK ((assigned_arr_minor IS NULL) = (assigned_mrr_minor IS NULL)),
  terminated_effective_date date,
  termination_date date,
  -- It has a recurring line (something to renew): a booked one past its end is overdue, not ended.
  recurring boolean NOT NULL,
  -- Sums of its lines, kept with them (refreshContractTotals): when every line spans the contract's whole term
  -- (`uniform`), its ARR on any day of the term is arr_minor, and metrics need not read its lines.
  uniform boolean NOT NULL DEFAULT false,
  arr_minor bigint NOT NULL DEFAULT 0,
  mrr_minor bigint NOT NULL DEFAULT 0,
  one_time_minor bigint NOT NULL DEFAULT 0,
  revenue_minor bigint NOT NULL DEFAULT 0,
  renews_ref char(18),
  renewed_by_ref char(18),
  amends_ref char(18),
  amended_by_ref char(18),
  -- Hash of what the import built: an unchanged opportunity costs no write.
  hash text,
  -- When the contract was created or last changed in revbridge and not yet pushed to Salesforce: the import leaves
  -- such a contract alone rather than overwrite the change.
  revbridge_changed_at timestamptz,
  modstamp timestamptz,
  archived_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX contracts_account_idx ON contracts (account_salesforce_id);
CREATE INDEX contracts_stage_idx ON contracts (stage);

-- A contract line: one product over its own term, with its term revenue and the ARR/MRR computed from it at import
-- (or assigned). `recurring` is the product's at the time.
CREATE TABLE contract_lines (
  id bigserial PRIMARY KEY,
  contract_id bigint NOT NULL REFERENCES contracts (id) ON DELETE CASCADE,
  position integer NOT NULL,
  line_item_id char(18),
  product_id bigint NOT NULL REFERENCES revenue_products (id),
  quantity numeric NOT NULL,
  start_date date NOT NULL,
  end_date date NOT NULL CHECK (end_date >= start_date),
  revenue_minor bigint NOT NULL,
  recurring boolean NOT NULL,
  arr_minor bigint NOT NULL,
  mrr_minor bigint NOT NULL,
  assigned_arr_minor bigint,
  assigned_mrr_minor bigint,
  UNIQUE (contract_id, position)
);

-- Renewal and amendment links: `later` renews or amends `earlier`. From Salesforce's Renews / Renewed By /
-- Amends / Amended By (taken as they are), or made in revbridge (checked: no overlap).
CREATE TABLE contract_links (
  kind text NOT NULL CHECK (kind IN ('renewal', 'amendment')),
  later_id bigint NOT NULL REFERENCES contracts (id) ON DELETE CASCADE,
  earlier_id bigint NOT NULL REFERENCES contracts (id) ON DELETE CASCADE,
  source text NOT NULL CHECK (source IN ('salesforce', 'revbridge')),
  created_at timestamptz NOT NULL,
  PRIMARY KEY (kind, later_id),
  CHECK (later_id <> earlier_id)
);
CREATE INDEX contract_links_earlier_idx ON contract_links (earlier_id, kind);

-- Rows an import has read from Salesforce and not yet built into contracts: an import reads every opportunity and
-- line first (a handful of Bulk calls), then builds contracts a chunk at a time from here, so no run holds
-- 200,000 opportunities in memory. Unlogged: a crash loses only what the next run reads again.
CREATE UNLOGGED TABLE revenue_import_rows (
  run_id bigint NOT NULL,
  opportunity_id char(18) NOT NULL,
  kind text NOT NULL CHECK (kind IN ('opportunity', 'line')),
  record jsonb NOT NULL
);
CREATE INDEX revenue_import_rows_idx ON revenue_import_rows (run_id, opportunity_id);
