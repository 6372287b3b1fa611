-- Billing defines the values of an account's bill group, AR term and account category as data (seeds 000/001:
-- "defined in billing and made available within Salesforce"); `revbridge salesforce metadata` publishes them
-- as the global value sets behind the Account picklists. Codes are matched without regard to case, so
-- "default" and "Default" cannot both exist and an account stores the list's own spelling.

CREATE TABLE bill_groups (
  code text PRIMARY KEY,
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX bill_groups_code_ci ON bill_groups (lower(code));

-- An AR term is a named number of days ("Net 30" is 30). Days are unique, so the days an account stores map
-- back to one label; an account may still hold days no term names (the API takes any 0–365).
CREATE TABLE ar_terms (
  code text PRIMARY KEY,
  days integer NOT NULL UNIQUE CHECK (days BETWEEN 0 AND 365),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX ar_terms_code_ci ON ar_terms (lower(code));

-- Categories carry a billing id too: Salesforce keeps it beside the label (Billing Account Category Id).
CREATE TABLE account_categories (
  id bigserial PRIMARY KEY,
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX account_categories_code_ci ON account_categories (lower(code));

INSERT INTO bill_groups (code, name) VALUES ('Default', 'Default');
INSERT INTO ar_terms (code, days) VALUES ('Net 0', 0), ('Net 15', 15), ('Net 30', 30), ('Net 45', 45), ('Net 60', 60);
INSERT INTO account_categories (code, name) VALUES ('Business', 'Business'), ('Residential', 'Residential');

-- Free text written before this migration joins the lists as it is (spellings differing only in case become
-- the first one seen), so every account keeps its value and the references below hold.
INSERT INTO bill_groups (code, name)
SELECT DISTINCT ON (lower(bill_group)) bill_group, bill_group FROM accounts
 WHERE bill_group IS NOT NULL ORDER BY lower(bill_group), bill_group
ON CONFLICT DO NOTHING;
UPDATE accounts a SET bill_group = g.code FROM bill_groups g
 WHERE lower(a.bill_group) = lower(g.code) AND a.bill_group <> g.code;
INSERT INTO account_categories (code, name)
SELECT DISTINCT ON (lower(account_category)) account_category, account_category FROM accounts
 WHERE account_category IS NOT NULL ORDER BY lower(account_category), account_category
ON CONFLICT DO NOTHING;
UPDATE accounts a SET account_category = c.code FROM account_categories c
 WHERE lower(a.account_category) = lower(c.code) AND a.account_category <> c.code;

-- A value in use cannot be removed: the use-cases refuse it with a coded error, these keys make it so under races.
ALTER TABLE accounts ADD CONSTRAINT accounts_bill_group_fkey FOREIGN KEY (bill_group) REFERENCES bill_groups (code);
ALTER TABLE accounts ADD CONSTRAINT accounts_account_category_fkey
  FOREIGN KEY (account_category) REFERENCES account_categories (code);
CREATE INDEX accounts_bill_group_idx ON accounts (bill_group) WHERE bill_group IS NOT NULL;
CREATE INDEX accounts_account_category_idx ON accounts (account_category) WHERE account_category IS NOT NULL;
