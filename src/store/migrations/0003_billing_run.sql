-- What the set-based billing run and payments need beyond 0001 (see src/billing/billing-run/).

-- An invoice is identified by its account and sequence, not by (account, date, kind): a supplementary run
-- on the same date (e.g. a product ordered after the day's run) must be able to issue a second invoice for
-- the new lines only. Repeating a run still creates nothing, because a line exists at most once
-- (invoice_lines' unique key) and invoices are only issued for new lines.
ALTER TABLE invoices DROP CONSTRAINT invoices_account_id_invoice_date_kind_key;

-- Runs are read back by id ("what did run 42 produce?") and summed per currency.
CREATE INDEX invoices_billing_run_idx ON invoices (billing_run_id);

-- A one-time charge is billed once per product and service, whatever period the run falls in; the line key
-- alone (which includes the period) would allow it again in a later period.
CREATE UNIQUE INDEX invoice_lines_one_time_once ON invoice_lines (account_product_id, service_id)
  WHERE charge_kind = 'one_time';

-- Usage is summed per period across all accounts; the (account, service, day) index does not serve a
-- range on the day alone once years of usage pile up.
CREATE INDEX usage_records_used_on_idx ON usage_records (used_on);

-- One rounding rule in SQL, the same as src/domain/rate.ts `toMinor`: half up (away from zero) of the exact
-- quotient n / d. PostgreSQL's numeric division keeps only ~16-20 significant digits, so dividing first and
-- rounding after could tip a value a hair below .5 over it; div() truncates exactly, so we round by
-- comparing 2|n| + d with 2d in integers instead. IMMUTABLE and plain SQL so the planner inlines it.
CREATE FUNCTION round_half_up_div(n numeric, d numeric) RETURNS numeric
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT sign(n) * div(2 * abs(n) + d, 2 * d) $$;

-- Which invoices a payment paid, and how much of each. A payment names one invoice or is spread over the
-- account's open invoices, oldest first; either way every share is kept, so an invoice's paid amount can
-- always be explained by the payments behind it.
CREATE TABLE payment_applications (
  payment_id bigint NOT NULL REFERENCES payments (id),
  invoice_id bigint NOT NULL REFERENCES invoices (id),
  amount_minor bigint NOT NULL CHECK (amount_minor > 0),
  PRIMARY KEY (payment_id, invoice_id)
);
CREATE INDEX payment_applications_invoice_idx ON payment_applications (invoice_id);
