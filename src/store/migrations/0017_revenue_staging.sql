-- What a revenue import read, kept only until its contracts are built: scratch data, cleared by every run. Unlogged
-- (no WAL: a crash empties it, and the run it belonged to is over anyway, to be read again by the next one), and
-- `json`, kept as the text Salesforce's records were written in, which PostgreSQL takes without converting them.
ALTER TABLE revenue_import_rows SET UNLOGGED;
ALTER TABLE revenue_import_rows ALTER COLUMN record TYPE json USING record::json;
