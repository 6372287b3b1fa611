-- The highest numeric part issued per generated account-number prefix ("A-1042" → 1042). Reading it is one
-- row; finding it by scanning every account number grew with the number of accounts, for every account created.
CREATE TABLE account_number_counters (
  prefix text PRIMARY KEY,
  last bigint NOT NULL CHECK (last >= 0)
);

INSERT INTO account_number_counters (prefix, last)
SELECT 'A-', COALESCE(max((substring(account_number FROM '^A-([0-9]{1,15})$'))::bigint), 0)
FROM accounts
WHERE account_number ~ '^A-([0-9]{1,15})$';
