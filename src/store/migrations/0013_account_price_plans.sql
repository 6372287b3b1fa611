-- An account price plan (seeds 000–002): the negotiated prices a Closed-Won opportunity records for one account,
-- as one named set that Salesforce can point at (Opportunity.Billing_Price_Plan_Id__c). Its prices are the
-- price_plans rows (one per service and start date) that name it; a re-push versions them by start date.
-- Prices set by hand (`revbridge price-plan set`) belong to no set.
CREATE TABLE account_price_plans (
  id bigserial PRIMARY KEY,
  account_id bigint NOT NULL REFERENCES accounts (id),
  name text NOT NULL,
  -- Where the set came from, e.g. `opportunity 0065g00000AbCdEAAV`: one set per source.
  source text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

ALTER TABLE price_plans ADD COLUMN plan_id bigint REFERENCES account_price_plans (id);
CREATE INDEX price_plans_plan_id_idx ON price_plans (plan_id) WHERE plan_id IS NOT NULL;

-- A pushed opportunity is linked to its account price plan, and each of its lines to the product it ordered (when
-- its Type adds the products to the account), with the hash of what was pushed: pushing the same
-- opportunity again finds the hash unchanged and writes nothing.
ALTER TABLE sync_links DROP CONSTRAINT sync_links_object_check;
ALTER TABLE sync_links ADD CONSTRAINT sync_links_object_check CHECK (object IN ('account', 'contact', 'opportunity', 'opportunity_line'));

-- The record a linked record belongs to, where that matters: an opportunity line's opportunity, so a push can
-- tell which lines it ordered earlier are gone from the opportunity now.
ALTER TABLE sync_links ADD COLUMN parent_salesforce_id char(18);
CREATE INDEX sync_links_parent_idx ON sync_links (object, parent_salesforce_id) WHERE parent_salesforce_id IS NOT NULL;
