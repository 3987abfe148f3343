-- Issue 19: email sign-in codes. Whether a login with the account's main password needs a code mailed to its
-- (confirmed) email; the library turns it on and off. Existing accounts: off. Idempotent (IF NOT EXISTS).
ALTER TABLE account ADD COLUMN IF NOT EXISTS email_auth_factor BOOLEAN NOT NULL DEFAULT FALSE;
