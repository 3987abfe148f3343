-- Issue 16: a failed login looks an app password up by (did, hash), whatever the number an account has; the
-- reservation sweep deletes by age.
CREATE INDEX IF NOT EXISTS app_password_did_hash_idx ON app_password (did, password_hash);
CREATE INDEX IF NOT EXISTS reserved_signing_key_created_at_idx ON reserved_signing_key (created_at);
