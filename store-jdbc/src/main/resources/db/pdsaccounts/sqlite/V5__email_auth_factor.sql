-- Issue 19: email sign-in codes. Whether a login with the account's main password needs a code mailed to its
-- (confirmed) email; the library turns it on and off. Existing accounts: off. SQLite has no ADD COLUMN IF NOT
-- EXISTS: the migration runs once, in its BEGIN IMMEDIATE transaction with its version row.
ALTER TABLE account ADD COLUMN email_auth_factor INTEGER NOT NULL DEFAULT 0 CHECK (email_auth_factor IN (0, 1));
