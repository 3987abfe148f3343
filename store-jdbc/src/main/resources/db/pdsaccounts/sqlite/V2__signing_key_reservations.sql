-- Signing keys reserved ahead of an account (com.atproto.server.reserveSigningKey). Private keys are secrets,
-- kept like account.signing_key.
CREATE TABLE IF NOT EXISTS reserved_signing_key (
    key_did     TEXT   NOT NULL PRIMARY KEY,
    did         TEXT,
    private_key TEXT   NOT NULL,
    created_at  BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS reserved_signing_key_did_idx ON reserved_signing_key (did);
