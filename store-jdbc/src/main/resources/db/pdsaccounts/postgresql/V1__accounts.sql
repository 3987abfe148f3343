-- pdsaccounts schema version 1 (PostgreSQL).
-- Timestamps are epoch milliseconds (BIGINT). Handles and emails are stored normalised (lower-case) by the
-- library, so plain unique indexes enforce case-insensitive uniqueness. Idempotent (IF NOT EXISTS).

CREATE TABLE IF NOT EXISTS account (
    did                TEXT    NOT NULL PRIMARY KEY,
    handle             TEXT    NOT NULL,
    email              TEXT,
    password_hash      TEXT,
    email_confirmed_at BIGINT,
    created_at         BIGINT  NOT NULL,
    takedown_ref       TEXT,
    deactivated_at     BIGINT,
    delete_after       BIGINT,
    invites_disabled   BOOLEAN NOT NULL DEFAULT FALSE,
    signing_key        TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS account_handle_key ON account (handle);
CREATE UNIQUE INDEX IF NOT EXISTS account_email_key ON account (email);

CREATE TABLE IF NOT EXISTS invite_code (
    code           TEXT    NOT NULL PRIMARY KEY,
    available_uses INTEGER NOT NULL CHECK (available_uses >= 1),
    use_count      INTEGER NOT NULL DEFAULT 0 CHECK (use_count >= 0),
    disabled       BOOLEAN NOT NULL DEFAULT FALSE,
    for_account    TEXT    NOT NULL,
    created_by     TEXT    NOT NULL,
    created_at     BIGINT  NOT NULL,
    CONSTRAINT invite_code_not_overspent CHECK (use_count <= available_uses)
);
CREATE INDEX IF NOT EXISTS invite_code_for_account_idx ON invite_code (for_account, created_at);
CREATE INDEX IF NOT EXISTS invite_code_recent_idx ON invite_code (created_at, code);
CREATE INDEX IF NOT EXISTS invite_code_usage_idx ON invite_code (use_count, code);

CREATE TABLE IF NOT EXISTS invite_code_use (
    code    TEXT   NOT NULL,
    used_by TEXT   NOT NULL,
    used_at BIGINT NOT NULL,
    PRIMARY KEY (code, used_by)
);
CREATE INDEX IF NOT EXISTS invite_code_use_used_by_idx ON invite_code_use (used_by);

CREATE TABLE IF NOT EXISTS refresh_token (
    id                TEXT   NOT NULL PRIMARY KEY,
    did               TEXT   NOT NULL,
    expires_at        BIGINT NOT NULL,
    next_id           TEXT,
    app_password_name TEXT
);
-- Serves lookups by did alone as well as by (did, app_password_name).
CREATE INDEX IF NOT EXISTS refresh_token_did_app_password_idx ON refresh_token (did, app_password_name);

CREATE TABLE IF NOT EXISTS app_password (
    did           TEXT    NOT NULL,
    name          TEXT    NOT NULL,
    password_hash TEXT    NOT NULL,
    created_at    BIGINT  NOT NULL,
    privileged    BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (did, name)
);

CREATE TABLE IF NOT EXISTS email_token (
    purpose      TEXT   NOT NULL,
    did          TEXT   NOT NULL,
    token_hash   TEXT   NOT NULL,
    requested_at BIGINT NOT NULL,
    PRIMARY KEY (purpose, did),
    CONSTRAINT email_token_purpose_token_key UNIQUE (purpose, token_hash)
);
CREATE INDEX IF NOT EXISTS email_token_did_idx ON email_token (did);
