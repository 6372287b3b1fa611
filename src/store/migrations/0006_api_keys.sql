-- API keys (src/auth/): who may call the API, and with which role. Only a SHA-256 of each key is kept:
-- keys are 32 random bytes, so a fast hash cannot be brute-forced, and a leaked table leaks no usable key.
-- The prefix (the key's first characters) is not secret: it lets a person tell keys apart in a listing
-- and revoke one by it. A revoked key is kept (revoked_at set), so a listing still explains old requests.
CREATE TABLE api_keys (
  id bigserial PRIMARY KEY,
  name text NOT NULL CHECK (name <> ''),
  prefix text NOT NULL UNIQUE,
  hash text NOT NULL UNIQUE,
  role text NOT NULL CHECK (role IN ('admin', 'operator', 'viewer')),
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  last_used_at timestamptz
);
