-- A running sync run says it is alive every few seconds (the database's clock, not the hub's): a run whose
-- process was killed stops beating, and the next run ends it as interrupted instead of leaving it `running`.
ALTER TABLE sync_runs ADD COLUMN heartbeat_at timestamptz NOT NULL DEFAULT now();
