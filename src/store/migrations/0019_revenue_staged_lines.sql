-- A revenue import keeps only line items until their opportunities are built (the opportunities themselves go
-- straight from Salesforce's pages into contracts): every staged row is a line, named by its opportunity.
ALTER TABLE revenue_import_rows DROP COLUMN kind;
