-- Tax rates are effective-dated: a jurisdiction's rate is a series of versions, each in force from its
-- effective_from until the next version starts. A version is never changed once created (a billing run may
-- already have issued invoices with it, and invoice lines keep the rate they were taxed at); a new rate, or
-- the end of one (rate 0), is a new version from a date. See src/domain/tax.ts TAX_RULE.
ALTER TABLE tax_rates DROP CONSTRAINT tax_rates_pkey;
ALTER TABLE tax_rates ADD COLUMN effective_from date;
-- A rate set before versions existed applied to every run date, so it becomes the version "since always".
UPDATE tax_rates SET effective_from = DATE '0001-01-01';
ALTER TABLE tax_rates ALTER COLUMN effective_from SET NOT NULL;
ALTER TABLE tax_rates ADD COLUMN name text;
ALTER TABLE tax_rates ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE tax_rates ADD PRIMARY KEY (jurisdiction, effective_from);
-- A rate is a fraction in [0, 1): 0.0725 is 7.25 %. numeric(8, 6) keeps six decimals; the use-case refuses more.
ALTER TABLE tax_rates ADD CONSTRAINT tax_rates_rate_below_one CHECK (rate < 1);
-- ISO 3166-1 alpha-2, or alpha-2 and an ISO 3166-2 subdivision ("US", "US-CA"), as parseJurisdiction writes it.
ALTER TABLE tax_rates ADD CONSTRAINT tax_rates_jurisdiction_format
  CHECK (jurisdiction ~ '^[A-Z]{2}(-[A-Z0-9]{1,3})?$');

-- The rate each line was taxed at, copied when the invoice is issued: a later rate version never changes
-- what an issued invoice says. NULL only on lines issued before this migration.
ALTER TABLE invoice_lines ADD COLUMN tax_rate numeric(8, 6);
