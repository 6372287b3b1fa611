-- Revenue push (seed 004): contracts made or changed in revbridge pushed to Salesforce as opportunities and line
-- items, field by field, with conflicts (a field changed on both sides since they last agreed) kept for a person.

-- `synced`: the contract's fields as revbridge and Salesforce last agreed on them, taken when a person first changes
-- a contract that is in Salesforce (until then the stored contract is that agreement); null when nothing is
-- pending. `push_error_code`/`push_error`: why the last push of a pending contract was refused (also in the history
-- and, for an opportunity that exists, on its Revenue_Sync_Error__c). `pushed_at`: its last successful push.
ALTER TABLE contracts
  ADD COLUMN synced jsonb,
  ADD COLUMN push_error_code text,
  ADD COLUMN push_error text,
  ADD COLUMN pushed_at timestamptz;
CREATE INDEX contracts_pending_push_idx ON contracts (id) WHERE revbridge_changed_at IS NOT NULL;

-- A line made in revbridge carries a key of its own until Salesforce gives it an id: the opportunity product is
-- created with it (Revenue_Line_Key__c), so a push retried after a crash finds the line it made.
ALTER TABLE contract_lines ADD COLUMN line_key text;

-- A field changed both in revbridge and in Salesforce since they last agreed: neither value wins until a person
-- chooses (`revenue conflicts resolve`). The values are the contract's own form (amounts in minor units).
CREATE TABLE revenue_conflicts (
  contract_id bigint NOT NULL REFERENCES contracts (id) ON DELETE CASCADE,
  field text NOT NULL,
  synced_value text,
  revbridge_value text,
  salesforce_value text,
  detected_at timestamptz NOT NULL,
  PRIMARY KEY (contract_id, field)
);
