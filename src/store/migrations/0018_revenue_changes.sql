-- How many times revbridge has changed a contract (every change a person makes, every link made by hand). A push
-- settles a contract only if the count is still the one it read: a change made while the push was in flight stays
-- pending. A timestamp cannot tell two changes within the same millisecond apart; a count can.
ALTER TABLE contracts ADD COLUMN revbridge_changes integer NOT NULL DEFAULT 0;
