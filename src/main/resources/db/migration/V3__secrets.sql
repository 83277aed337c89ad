-- Secrets of method settings (passwords), each sealed with AES-256-GCM under a key kept outside
-- the database (a file beside an embedded database, or given). Portable SQL (H2 and PostgreSQL).
CREATE TABLE secret (
  name        VARCHAR(400) PRIMARY KEY,
  nonce       BYTEA        NOT NULL,
  sealed      BYTEA        NOT NULL,
  changed_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- One row: a known text sealed under the current key, so a missing or wrong key is told before
-- any secret is decrypted or overwritten.
CREATE TABLE secret_key_check (
  id          INT          PRIMARY KEY,
  nonce       BYTEA        NOT NULL,
  sealed      BYTEA        NOT NULL
);
