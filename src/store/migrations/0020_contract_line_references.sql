-- A contract line's contract and product, checked once per statement instead of once per line. The import writes
-- 1,500 lines to a statement, 600,000 on a first import of 200,000 opportunities; a row-level foreign key runs a
-- query of its own for each line and each reference (600,000 lines with the two keys: 8.6 s of the store's time,
-- 2.2 s without). Lines are only ever written in the transaction that writes their contract, which holds that
-- contract's row, so the row lock a foreign key takes on the contract adds nothing; what the keys checked and did
-- is kept below, set-based: a line naming a contract or product that does not exist is refused, a deleted contract
-- takes its lines with it, and a product that lines name cannot be deleted.
ALTER TABLE contract_lines DROP CONSTRAINT contract_lines_contract_id_fkey;
ALTER TABLE contract_lines DROP CONSTRAINT contract_lines_product_id_fkey;

CREATE FUNCTION contract_lines_check_references() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM written_lines l WHERE NOT EXISTS (SELECT 1 FROM contracts c WHERE c.id = l.contract_id)) THEN
    RAISE EXCEPTION 'a contract line names a contract that does not exist'
      USING ERRCODE = 'foreign_key_violation', TABLE = 'contract_lines', COLUMN = 'contract_id';
  END IF;
  IF EXISTS (
    SELECT 1 FROM written_lines l WHERE NOT EXISTS (SELECT 1 FROM revenue_products p WHERE p.id = l.product_id)
  ) THEN
    RAISE EXCEPTION 'a contract line names a revenue product that does not exist'
      USING ERRCODE = 'foreign_key_violation', TABLE = 'contract_lines', COLUMN = 'product_id';
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER contract_lines_inserted AFTER INSERT ON contract_lines
  REFERENCING NEW TABLE AS written_lines FOR EACH STATEMENT EXECUTE FUNCTION contract_lines_check_references();
CREATE TRIGGER contract_lines_updated AFTER UPDATE ON contract_lines
  REFERENCING NEW TABLE AS written_lines FOR EACH STATEMENT EXECUTE FUNCTION contract_lines_check_references();

CREATE FUNCTION contracts_delete_lines() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM contract_lines l USING deleted_contracts d WHERE l.contract_id = d.id;
  RETURN NULL;
END $$;

CREATE TRIGGER contracts_deleted AFTER DELETE ON contracts
  REFERENCING OLD TABLE AS deleted_contracts FOR EACH STATEMENT EXECUTE FUNCTION contracts_delete_lines();

CREATE FUNCTION revenue_products_keep_named() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM contract_lines l JOIN deleted_products d ON d.id = l.product_id) THEN
    RAISE EXCEPTION 'a revenue product that contract lines name cannot be deleted'
      USING ERRCODE = 'foreign_key_violation', TABLE = 'revenue_products';
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER revenue_products_deleted AFTER DELETE ON revenue_products
  REFERENCING OLD TABLE AS deleted_products FOR EACH STATEMENT EXECUTE FUNCTION revenue_products_keep_named();
