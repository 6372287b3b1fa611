-- The sync engine: links between Salesforce records and billing records, the integration history
-- (one row per run, one per record outcome) and the change-polling cursors.

-- A Salesforce record and the billing record it is synced with. `synced_hash` is the hash of the mapped
-- Salesforce values billing last accepted: an unchanged record hashes the same and costs no write.
-- `rollup_hash` is the hash of the invoice roll-ups last written onto the Salesforce record.
CREATE TABLE sync_links (
  object text NOT NULL CHECK (object IN ('account', 'contact')),
  salesforce_id char(18) NOT NULL,
  billing_id bigint NOT NULL,
  synced_hash text,
  rollup_hash text,
  mapping_version integer NOT NULL,
  synced_at timestamptz NOT NULL,
  PRIMARY KEY (object, salesforce_id),
  UNIQUE (object, billing_id)
);

CREATE TABLE sync_runs (
  id bigserial PRIMARY KEY,
  flow text NOT NULL,
  trigger text NOT NULL,
  dry_run boolean NOT NULL DEFAULT false,
  status text NOT NULL CHECK (status IN ('running', 'succeeded', 'partial', 'failed', 'deferred')),
  counts jsonb NOT NULL DEFAULT '{}',
  error_code text,
  error_message text,
  retry_of bigint REFERENCES sync_runs (id),
  api_calls integer NOT NULL DEFAULT 0,
  -- Transient failures retried on the way (503, locked rows, expired sessions): what, when, which attempt.
  retries jsonb NOT NULL DEFAULT '[]',
  started_at timestamptz NOT NULL,
  finished_at timestamptz
);

CREATE INDEX sync_runs_started ON sync_runs (started_at DESC, id DESC);

-- What happened to one record in one run. `diff` holds the changed fields ({"field": {"from", "to"}});
-- `retries` the transient failures that were retried on the way.
CREATE TABLE sync_outcomes (
  id bigserial PRIMARY KEY,
  run_id bigint NOT NULL REFERENCES sync_runs (id),
  object text NOT NULL,
  salesforce_id char(18),
  billing_id bigint,
  label text,
  outcome text NOT NULL CHECK (outcome IN ('created', 'updated', 'unchanged', 'skipped', 'failed', 'deferred')),
  diff jsonb,
  error_code text,
  error_message text,
  warnings jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX sync_outcomes_run ON sync_outcomes (run_id, id);
CREATE INDEX sync_outcomes_failed ON sync_outcomes (object, salesforce_id) WHERE outcome = 'failed';
-- A record's later outcomes (is it still failing?).
CREATE INDEX sync_outcomes_record ON sync_outcomes (object, salesforce_id, id);

-- Where change polling resumes: the newest SystemModstamp seen per flow and object, kept across restarts.
CREATE TABLE sync_cursors (
  flow text NOT NULL,
  object text NOT NULL,
  modstamp timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (flow, object)
);
