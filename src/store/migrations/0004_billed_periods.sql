-- Billing over time (docs/adr/0003-billed-periods.md): a charge is identified by the whole period range it
-- covers; every run bills each due range not yet covered (catch-up), re-rates covered ranges whose facts
-- changed (adjustment lines) and bills usage recorded late for covered ranges (late-usage lines).

-- A voided invoice is kept as issued; its lines stop counting as billed, so their periods become due again.
ALTER TABLE invoices ADD COLUMN voided_at timestamptz;

-- What a line is: the first charge for its range ('charge'), a correction of a covered range after a
-- dated change ('adjustment', credit or debit), or usage recorded after its range was billed
-- ('late_usage'). Only 'charge' lines make up the billed coverage.
ALTER TABLE invoice_lines
  ADD COLUMN line_type text NOT NULL DEFAULT 'charge'
    CHECK (line_type IN ('charge', 'adjustment', 'late_usage'));

-- Coverage is no longer "one line per period start": a range may be billed again once the invoice that
-- billed it is voided, and adjustment lines repeat a covered range. Runs are serialised by an advisory
-- lock and bill only the uncovered part of each due period, which is what keeps a charge single.
ALTER TABLE invoice_lines DROP CONSTRAINT invoice_lines_account_id_service_id_account_product_id_char_key;
DROP INDEX invoice_lines_one_time_once;
CREATE INDEX invoice_lines_product_coverage_idx ON invoice_lines (account_product_id, service_id, period_start)
  WHERE account_product_id IS NOT NULL;
CREATE INDEX invoice_lines_usage_coverage_idx ON invoice_lines (account_id, service_id, period_start)
  WHERE charge_kind = 'usage';

-- The quantity of each service of an account product, effective-dated. Seeds price and count each service
-- of a product separately: ten seats do not make ten onboarding fees. A change adds a version from its
-- date; the run prices every day at the version in force that day.
CREATE TABLE product_quantities (
  account_product_id bigint NOT NULL REFERENCES account_products (id),
  service_id bigint NOT NULL REFERENCES package_services (id),
  effective_from date NOT NULL,
  quantity numeric(20, 4) NOT NULL CHECK (quantity >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_product_id, service_id, effective_from)
);
INSERT INTO product_quantities (account_product_id, service_id, effective_from, quantity)
SELECT ap.id, s.id, ap.start_date, ap.quantity
  FROM account_products ap
  JOIN package_services s ON s.package_id = ap.package_id AND s.kind <> 'usage';

-- A dated change to a product, its quantities, its account's price plans or status may alter ranges that
-- are already billed: the earliest such date waits here until the next run re-rates the product's covered
-- ranges from it (and clears it).
ALTER TABLE account_products ADD COLUMN rerate_from date;

-- An account's status over time: billing stops from the day an account is closed, and state-based services
-- are priced at the 'suspended' state while it is suspended.
CREATE TABLE account_status_history (
  account_id bigint NOT NULL REFERENCES accounts (id),
  effective_from date NOT NULL,
  status text NOT NULL CHECK (status IN ('active', 'suspended', 'closed')),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_id, effective_from)
);
INSERT INTO account_status_history (account_id, effective_from, status)
SELECT id, created_at::date, status FROM accounts WHERE status <> 'active';

-- Which line billed a usage record: unbilled records (or those billed on a voided invoice) are what the
-- next run rates, for a new range or as late usage of a covered one.
ALTER TABLE usage_records ADD COLUMN billed_line_id bigint REFERENCES invoice_lines (id);
CREATE INDEX usage_records_unbilled_idx ON usage_records (account_id, service_id, used_on)
  WHERE billed_line_id IS NULL;
CREATE INDEX usage_records_billed_line_idx ON usage_records (billed_line_id) WHERE billed_line_id IS NOT NULL;
UPDATE usage_records ur
   SET billed_line_id = il.id
  FROM invoice_lines il
 WHERE il.charge_kind = 'usage' AND il.account_id = ur.account_id AND il.service_id = ur.service_id
   AND ur.used_on BETWEEN il.period_start AND il.period_end;
