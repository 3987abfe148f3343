package dev.pdsaccounts.store.jdbc;

import dev.pdsaccounts.account.Account;
import dev.pdsaccounts.account.CreateAccountResult;
import dev.pdsaccounts.account.NewAccount;
import dev.pdsaccounts.account.UpdateResult;
import dev.pdsaccounts.error.StoreException;
import dev.pdsaccounts.identity.ReservedSigningKey;
import dev.pdsaccounts.invite.EarnInviteCodesResult;
import dev.pdsaccounts.invite.InviteCode;
import dev.pdsaccounts.invite.InviteCodeDetails;
import dev.pdsaccounts.invite.InviteCodePage;
import dev.pdsaccounts.invite.InviteCodeUse;
import dev.pdsaccounts.invite.InviteCursor;
import dev.pdsaccounts.invite.InviteSort;
import dev.pdsaccounts.session.AppPassword;
import dev.pdsaccounts.session.CreateAppPasswordResult;
import dev.pdsaccounts.session.RefreshToken;
import dev.pdsaccounts.session.RotateResult;
import dev.pdsaccounts.store.AccountStore;
import dev.pdsaccounts.token.EmailToken;
import dev.pdsaccounts.token.EmailTokenPurpose;
import dev.pdsaccounts.token.TokenEffect;
import dev.pdsaccounts.token.TokenUseResult;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * The store port over plain JDBC: a host-supplied {@link DataSource} (pooled or not; this class never pools)
 * and a {@link Dialect} (PostgreSQL, H2 or SQLite). Schema: the versioned scripts applied by
 * {@link SchemaMigrator}, by default when the store is built.
 *
 * <h2>Concurrency</h2>
 * Every port method runs as one database transaction at READ COMMITTED (PostgreSQL, H2) with explicit row
 * locks, or as one {@code BEGIN IMMEDIATE} write transaction (SQLite, which serialises writers). Atomicity
 * therefore holds across threads <em>and processes</em>; no JVM lock is part of the mechanism:
 * <ul>
 *   <li>invite consumption locks the invite row ({@code SELECT ... FOR UPDATE}), checks availability, then
 *       bumps its {@code use_count} with {@code ... WHERE use_count < available_uses} (a CHECK constraint
 *       forbids overspending too), records the use and inserts the account and first refresh token, all in the
 *       same transaction;</li>
 *   <li>uniqueness of DID, handle and email is enforced by unique indexes; the checks run first in the
 *       documented order, and a unique violation raised by a concurrent insert makes the transaction retry,
 *       so the retry reports the winner as {@code DidTaken}/{@code HandleTaken}/{@code EmailTaken};</li>
 *   <li>refresh rotation is a compare-and-set {@code UPDATE ... WHERE id = ? AND (next_id IS NULL OR
 *       next_id = ?)} plus an insert-or-ignore of the successor; when no row was updated the row is re-read to
 *       answer {@code NextIdConflict} or {@code NotFound};</li>
 *   <li>earning invite codes locks the account row and compares the earned-code count;</li>
 *   <li>using an email token locks the token row, applies the effect and deletes the token in one
 *       transaction, so of two concurrent uses exactly one succeeds.</li>
 * </ul>
 * Transient failures (PostgreSQL {@code 40001}/{@code 40P01}, H2 deadlocks and lock timeouts, SQLite
 * {@code SQLITE_BUSY}/{@code SQLITE_LOCKED}) and lost uniqueness races are retried with jittered exponential
 * backoff, up to {@link Builder#maxAttempts(int)} attempts (10 by default), then reported as a
 * {@link StoreException}. Optionally ({@link Builder#serializeWritesInProcess(boolean)}, used by the SQLite
 * store) write transactions of this instance also queue on an in-process lock; that only avoids busy-waiting
 * on a single-writer database and is never what makes an operation atomic.
 *
 * <h2>Storage conventions</h2>
 * Instants are stored as epoch milliseconds, so they come back truncated to the millisecond. Handles and emails
 * are stored exactly as given (the port requires them normalised). No {@link SQLException} escapes: duplicate
 * keys and conflicts become the port's result values, everything else a {@link StoreException} whose message
 * names the operation and never a parameter value.
 */
public final class JdbcAccountStore implements AccountStore {

    private static final String ACCOUNT_COLUMNS = "did, handle, email, password_hash, email_confirmed_at, "
            + "created_at, takedown_ref, deactivated_at, delete_after, invites_disabled, signing_key";
    private static final String INVITE_COLUMNS =
            "code, available_uses, use_count, disabled, for_account, created_by, created_at";
    private static final String REFRESH_COLUMNS = "id, did, expires_at, next_id, app_password_name";
    private static final List<String> REFRESH_COLUMN_LIST =
            List.of("id", "did", "expires_at", "next_id", "app_password_name");
    private static final String APP_PASSWORD_COLUMNS = "did, name, password_hash, created_at, privileged";
    private static final List<String> EMAIL_TOKEN_COLUMN_LIST = List.of("purpose", "did", "token_hash", "requested_at");
    private static final int IN_CHUNK = 500;
    private static final long MAX_BACKOFF_MILLIS = 200;

    private final DataSource dataSource;
    private final Dialect dialect;
    private final int maxAttempts;
    private final ReentrantLock writeGate;
    private final SecureRandom random = new SecureRandom();

    private JdbcAccountStore(Builder b) {
        this.dataSource = b.dataSource;
        this.dialect = b.dialect;
        this.maxAttempts = b.maxAttempts;
        this.writeGate = b.serializeWrites ? new ReentrantLock(true) : null;
    }

    /**
     * A store over {@code dataSource} with default settings; migrates the schema first (see
     * {@link SchemaMigrator#migrate()}).
     *
     * @throws StoreException when the database cannot be reached or its schema is newer than this library
     */
    public static JdbcAccountStore create(DataSource dataSource, Dialect dialect) {
        return builder(dataSource, dialect).build();
    }

    /** A builder for a store over {@code dataSource}. */
    public static Builder builder(DataSource dataSource, Dialect dialect) {
        return new Builder(dataSource, dialect);
    }

    /** The dialect this store speaks. */
    public Dialect dialect() {
        return dialect;
    }

    /** Settings of a {@link JdbcAccountStore}. */
    public static final class Builder {
        private final DataSource dataSource;
        private final Dialect dialect;
        private boolean migrate = true;
        private int maxAttempts = 10;
        private boolean serializeWrites;

        private Builder(DataSource dataSource, Dialect dialect) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
            this.dialect = Objects.requireNonNull(dialect, "dialect");
        }

        /**
         * Whether {@link #build()} runs {@link SchemaMigrator#migrate()} (default true). Turn it off when the host
         * applies the scripts under {@link Dialect#schemaLocation()} with its own migration tool.
         */
        public Builder migrate(boolean migrate) {
            this.migrate = migrate;
            return this;
        }

        /** How many times a transaction is tried when it meets transient conflicts (default 10, at least 1). */
        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1");
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        /**
         * Whether this instance's write transactions queue on an in-process lock before opening (default false).
         * Worth it only on a single-writer database such as SQLite, where it replaces busy-waiting; atomicity
         * never depends on it.
         */
        public Builder serializeWritesInProcess(boolean serialize) {
            this.serializeWrites = serialize;
            return this;
        }

        /**
         * The store, after migrating the schema if asked to.
         *
         * @throws StoreException when migration fails or the database schema is newer than this library
         */
        public JdbcAccountStore build() {
            if (migrate) {
                new SchemaMigrator(dataSource, dialect).migrate();
            }
            return new JdbcAccountStore(this);
        }
    }

    // =====================================================================================================
    // Accounts
    // =====================================================================================================

    @Override
    public CreateAccountResult createAccount(NewAccount newAccount) {
        Objects.requireNonNull(newAccount, "newAccount");
        Account a = newAccount.account();
        return write("createAccount", tx -> {
            String lock = tx.forUpdate();
            if (tx.exists("SELECT 1 FROM account WHERE did = ?", a.did())) {
                return rollback(tx, new CreateAccountResult.DidTaken());
            }
            if (tx.exists("SELECT 1 FROM account WHERE handle = ?", a.handle())) {
                return rollback(tx, new CreateAccountResult.HandleTaken());
            }
            if (a.email().isPresent() && tx.exists("SELECT 1 FROM account WHERE email = ?", a.email().get())) {
                return rollback(tx, new CreateAccountResult.EmailTaken());
            }
            if (newAccount.inviteCode().isPresent()) {
                String code = newAccount.inviteCode().get();
                Optional<InviteRow> invite = tx.one("SELECT " + INVITE_COLUMNS + " FROM invite_code WHERE code = ?"
                        + lock, JdbcAccountStore::inviteRow, code);
                if (invite.isEmpty() || !available(tx, invite.get())) {
                    return rollback(tx, new CreateAccountResult.InviteUnavailable());
                }
                int bumped = tx.update("UPDATE invite_code SET use_count = use_count + 1 "
                        + "WHERE code = ? AND disabled = ? AND use_count < available_uses", code, false);
                if (bumped != 1) {
                    return rollback(tx, new CreateAccountResult.InviteUnavailable());
                }
            }
            if (!tx.insertUnlessDuplicate("INSERT INTO account (" + ACCOUNT_COLUMNS + ") VALUES ("
                    + Tx.placeholders(11) + ")", accountArgs(a))) {
                throw new LostRace();
            }
            if (newAccount.inviteCode().isPresent()
                    && !tx.insertUnlessDuplicate("INSERT INTO invite_code_use (code, used_by, used_at) VALUES (?, ?, ?)",
                            newAccount.inviteCode().get(), a.did(), a.createdAt())) {
                throw new LostRace();
            }
            if (newAccount.refreshToken().isPresent()) {
                insertRefresh(tx, newAccount.refreshToken().get());
            }
            return new CreateAccountResult.Created();
        });
    }

    @Override
    public Optional<Account> findAccountByDid(String did) {
        return read("findAccountByDid", tx -> tx.one("SELECT " + ACCOUNT_COLUMNS + " FROM account WHERE did = ?",
                JdbcAccountStore::account, did));
    }

    @Override
    public Optional<Account> findAccountByHandle(String handle) {
        return read("findAccountByHandle", tx -> tx.one("SELECT " + ACCOUNT_COLUMNS
                + " FROM account WHERE handle = ?", JdbcAccountStore::account, handle));
    }

    @Override
    public Optional<Account> findAccountByEmail(String email) {
        return read("findAccountByEmail", tx -> tx.one("SELECT " + ACCOUNT_COLUMNS
                + " FROM account WHERE email = ?", JdbcAccountStore::account, email));
    }

    @Override
    public UpdateResult updateHandle(String did, String handle) {
        Objects.requireNonNull(handle, "handle");
        return write("updateHandle", tx -> {
            Optional<String> current = tx.one("SELECT handle FROM account WHERE did = ?" + tx.forUpdate(),
                    rs -> rs.getString(1), did);
            if (current.isEmpty()) {
                return new UpdateResult.NotFound();
            }
            if (current.get().equals(handle)) {
                return new UpdateResult.Updated();
            }
            if (tx.exists("SELECT 1 FROM account WHERE handle = ? AND did <> ?", handle, did)) {
                return rollback(tx, new UpdateResult.HandleTaken());
            }
            if (!tx.insertUnlessDuplicate("UPDATE account SET handle = ? WHERE did = ?", handle, did)) {
                throw new LostRace();
            }
            return new UpdateResult.Updated();
        });
    }

    @Override
    public UpdateResult updateEmail(String did, String email) {
        Objects.requireNonNull(email, "email");
        return write("updateEmail", tx -> {
            if (!tx.exists("SELECT did FROM account WHERE did = ?" + tx.forUpdate(), did)) {
                return new UpdateResult.NotFound();
            }
            return setEmail(tx, did, email) ? new UpdateResult.Updated() : rollback(tx, new UpdateResult.EmailTaken());
        });
    }

    /** Sets the email of a locked account, clears its confirmation and its email tokens; false if taken. */
    private boolean setEmail(Tx tx, String did, String email) throws SQLException {
        if (tx.exists("SELECT 1 FROM account WHERE email = ? AND did <> ?", email, did)) {
            return false;
        }
        if (!tx.insertUnlessDuplicate("UPDATE account SET email = ?, email_confirmed_at = ? WHERE did = ?",
                email, Tx.Null.BIGINT, did)) {
            throw new LostRace();
        }
        tx.update("DELETE FROM email_token WHERE did = ?", did);
        return true;
    }

    @Override
    public boolean updatePassword(String did, String passwordHash) {
        Objects.requireNonNull(passwordHash, "passwordHash");
        return write("updatePassword", tx -> {
            if (tx.update("UPDATE account SET password_hash = ? WHERE did = ?", passwordHash, did) == 0) {
                return false;
            }
            tx.update("DELETE FROM refresh_token WHERE did = ?", did);
            tx.update("DELETE FROM email_token WHERE purpose = ? AND did = ?",
                    EmailTokenPurpose.RESET_PASSWORD.value(), did);
            return true;
        });
    }

    @Override
    public boolean upgradePasswordHash(String did, String expectedHash, String newHash) {
        Objects.requireNonNull(expectedHash, "expectedHash");
        Objects.requireNonNull(newHash, "newHash");
        return write("upgradePasswordHash", tx -> tx.update(
                "UPDATE account SET password_hash = ? WHERE did = ? AND password_hash = ?",
                newHash, did, expectedHash) > 0);
    }

    @Override
    public boolean updateTakedown(String did, Optional<String> takedownRef) {
        Objects.requireNonNull(takedownRef, "takedownRef");
        return write("updateTakedown", tx -> {
            if (tx.update("UPDATE account SET takedown_ref = ? WHERE did = ?", Tx.text(takedownRef), did) == 0) {
                return false;
            }
            tx.update("DELETE FROM refresh_token WHERE did = ?", did);
            return true;
        });
    }

    @Override
    public boolean updateDeactivation(String did, Optional<Instant> deactivatedAt, Optional<Instant> deleteAfter) {
        Objects.requireNonNull(deactivatedAt, "deactivatedAt");
        Objects.requireNonNull(deleteAfter, "deleteAfter");
        return write("updateDeactivation", tx -> tx.update(
                "UPDATE account SET deactivated_at = ?, delete_after = ? WHERE did = ?",
                Tx.millis(deactivatedAt), Tx.millis(deleteAfter), did) > 0);
    }

    @Override
    public boolean updateInvitesDisabled(String did, boolean disabled) {
        return write("updateInvitesDisabled", tx -> tx.update(
                "UPDATE account SET invites_disabled = ? WHERE did = ?", disabled, did) > 0);
    }

    @Override
    public boolean updateEmailConfirmedAt(String did, Instant confirmedAt) {
        Objects.requireNonNull(confirmedAt, "confirmedAt");
        return write("updateEmailConfirmedAt", tx -> tx.update(
                "UPDATE account SET email_confirmed_at = ? WHERE did = ?", confirmedAt, did) > 0);
    }

    @Override
    public boolean updateSigningKey(String did, String signingKey) {
        Objects.requireNonNull(signingKey, "signingKey");
        return write("updateSigningKey", tx -> tx.update(
                "UPDATE account SET signing_key = ? WHERE did = ?", signingKey, did) > 0);
    }

    @Override
    public boolean deleteAccount(String did) {
        return write("deleteAccount", tx -> deleteAccountIn(tx, did));
    }

    /** The whole deletion cascade inside an open write transaction; returns whether the account existed. */
    private boolean deleteAccountIn(Tx tx, String did) throws SQLException {
        boolean existed = tx.update("DELETE FROM account WHERE did = ?", did) > 0;
        tx.update("DELETE FROM refresh_token WHERE did = ?", did);
        tx.update("DELETE FROM app_password WHERE did = ?", did);
        tx.update("DELETE FROM email_token WHERE did = ?", did);
        tx.update("DELETE FROM reserved_signing_key WHERE did = ?", did);
        // Lock the account's codes first: a sign-up consuming one of them finishes before they go.
        List<String> codes = tx.list("SELECT code FROM invite_code WHERE for_account = ?" + tx.forUpdate(),
                rs -> rs.getString(1), did);
        for (List<String> chunk : chunks(codes)) {
            tx.update("DELETE FROM invite_code_use WHERE code IN (" + Tx.placeholders(chunk.size()) + ")",
                    chunk.toArray());
        }
        tx.update("DELETE FROM invite_code WHERE for_account = ?", did);
        tx.update("UPDATE invite_code_use SET used_by = ? WHERE used_by = ?", anonymousDid(), did);
        return existed;
    }

    private String anonymousDid() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return "did:deleted:" + HexFormat.of().formatHex(bytes);
    }

    @Override
    public List<Account> searchAccountsByEmail(String emailPrefix, Optional<String> afterDid, int limit) {
        Objects.requireNonNull(emailPrefix, "emailPrefix");
        Objects.requireNonNull(afterDid, "afterDid");
        if (limit <= 0) {
            return List.of();
        }
        List<Object> args = new ArrayList<>();
        // Only accounts that have an email match, even the empty prefix (the contract's reading of "all").
        StringBuilder sql = new StringBuilder("SELECT " + ACCOUNT_COLUMNS + " FROM account WHERE email IS NOT NULL");
        if (!emailPrefix.isEmpty()) {
            // Exact, case-sensitive prefix comparison (LIKE is case-insensitive on SQLite and needs escaping).
            sql.append(" AND SUBSTR(email, 1, ?) = ?");
            args.add(emailPrefix.codePointCount(0, emailPrefix.length()));
            args.add(emailPrefix);
        }
        if (afterDid.isPresent()) {
            sql.append(" AND did > ?");
            args.add(afterDid.get());
        }
        sql.append(" ORDER BY did LIMIT ?");
        args.add(limit);
        return read("searchAccountsByEmail", tx -> tx.list(sql.toString(), JdbcAccountStore::account, args.toArray()));
    }

    @Override
    public long countAccounts() {
        return read("countAccounts", tx -> tx.count("SELECT COUNT(*) FROM account"));
    }

    // =====================================================================================================
    // Invite codes
    // =====================================================================================================

    @Override
    public void insertInviteCodes(List<InviteCode> codes) {
        Objects.requireNonNull(codes, "codes");
        if (codes.isEmpty()) {
            return;
        }
        write("insertInviteCodes", tx -> {
            insertCodes(tx, codes, "insertInviteCodes");
            return null;
        });
    }

    @Override
    public EarnInviteCodesResult insertEarnedInviteCodes(String did, int expectedEarnedCount, List<InviteCode> codes) {
        Objects.requireNonNull(codes, "codes");
        return write("insertEarnedInviteCodes", tx -> {
            if (!tx.exists("SELECT did FROM account WHERE did = ?" + tx.forUpdate(), did)) {
                tx.lockKey("earned-invites:" + did);
            }
            long earned = tx.count("SELECT COUNT(*) FROM invite_code WHERE for_account = ? AND created_by <> ?",
                    did, InviteCode.ADMIN);
            if (earned != expectedEarnedCount) {
                return rollback(tx, new EarnInviteCodesResult.ConcurrentCreate());
            }
            insertCodes(tx, codes, "insertEarnedInviteCodes");
            return new EarnInviteCodesResult.Created();
        });
    }

    private static void insertCodes(Tx tx, List<InviteCode> codes, String operation) throws SQLException {
        for (InviteCode c : codes) {
            if (!tx.insertUnlessDuplicate("INSERT INTO invite_code (" + INVITE_COLUMNS + ") VALUES ("
                            + Tx.placeholders(7) + ")", c.code(), c.availableUses(), 0, c.disabled(), c.forAccount(),
                    c.createdBy(), c.createdAt())) {
                throw new StoreException(operation + " failed: an invite code with that value already exists");
            }
        }
    }

    @Override
    public Optional<InviteCodeDetails> findInviteCode(String code) {
        return read("findInviteCode", tx -> {
            Optional<InviteRow> row = tx.one("SELECT " + INVITE_COLUMNS + " FROM invite_code WHERE code = ?",
                    JdbcAccountStore::inviteRow, code);
            if (row.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(withUses(tx, List.of(row.get())).get(0));
        });
    }

    @Override
    public boolean isInviteCodeAvailable(String code) {
        return read("isInviteCodeAvailable", tx -> {
            Optional<InviteRow> row = tx.one("SELECT " + INVITE_COLUMNS + " FROM invite_code WHERE code = ?",
                    JdbcAccountStore::inviteRow, code);
            return row.isPresent() && available(tx, row.get());
        });
    }

    /** The availability rule, except the use count which the caller's conditional update re-checks. */
    private static boolean available(Tx tx, InviteRow row) throws SQLException {
        if (row.code().disabled() || row.useCount() >= row.code().availableUses()) {
            return false;
        }
        return !tx.exists("SELECT 1 FROM account WHERE did = ? AND takedown_ref IS NOT NULL", row.code().forAccount());
    }

    @Override
    public List<InviteCodeDetails> inviteCodesForAccount(String did) {
        return read("inviteCodesForAccount", tx -> withUses(tx, tx.list("SELECT " + INVITE_COLUMNS
                + " FROM invite_code WHERE for_account = ? ORDER BY created_at, code", JdbcAccountStore::inviteRow, did)));
    }

    @Override
    public Optional<InviteCodeUse> inviteCodeUseOf(String did) {
        return read("inviteCodeUseOf", tx -> tx.one("SELECT code, used_by, used_at FROM invite_code_use "
                + "WHERE used_by = ? ORDER BY used_at, code", JdbcAccountStore::use, did));
    }

    @Override
    public int disableInviteCodes(Collection<String> codes, Collection<String> forAccounts) {
        Objects.requireNonNull(codes, "codes");
        Objects.requireNonNull(forAccounts, "forAccounts");
        if (codes.isEmpty() && forAccounts.isEmpty()) {
            return 0;
        }
        return write("disableInviteCodes", tx -> {
            int changed = 0;
            for (List<String> chunk : chunks(new ArrayList<>(new LinkedHashSet<>(codes)))) {
                changed += tx.update("UPDATE invite_code SET disabled = ? WHERE disabled = ? AND code IN ("
                        + Tx.placeholders(chunk.size()) + ")", concat(List.of(true, false), chunk));
            }
            for (List<String> chunk : chunks(new ArrayList<>(new LinkedHashSet<>(forAccounts)))) {
                changed += tx.update("UPDATE invite_code SET disabled = ? WHERE disabled = ? AND for_account IN ("
                        + Tx.placeholders(chunk.size()) + ")", concat(List.of(true, false), chunk));
            }
            return changed;
        });
    }

    @Override
    public InviteCodePage listInviteCodes(InviteSort sort, int limit, Optional<InviteCursor> after) {
        Objects.requireNonNull(sort, "sort");
        Objects.requireNonNull(after, "after");
        if (limit <= 0) {
            return new InviteCodePage(List.of(), Optional.empty());
        }
        String key = sort == InviteSort.RECENT ? "created_at" : "use_count";
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT " + INVITE_COLUMNS + " FROM invite_code");
        if (after.isPresent()) {
            // A row-value comparison, so the (key, code) index serves the keyset scan.
            sql.append(" WHERE (").append(key).append(", code) < (?, ?)");
            args.add(after.get().primary());
            args.add(after.get().code());
        }
        sql.append(" ORDER BY ").append(key).append(" DESC, code DESC LIMIT ?");
        args.add(limit + 1);
        return read("listInviteCodes", tx -> {
            List<InviteRow> rows = tx.list(sql.toString(), JdbcAccountStore::inviteRow, args.toArray());
            boolean more = rows.size() > limit;
            List<InviteRow> page = more ? rows.subList(0, limit) : rows;
            Optional<InviteCursor> next = Optional.empty();
            if (more) {
                InviteRow last = page.get(page.size() - 1);
                long primary = sort == InviteSort.RECENT ? last.code().createdAt().toEpochMilli() : last.useCount();
                next = Optional.of(new InviteCursor(primary, last.code().code()));
            }
            return new InviteCodePage(withUses(tx, page), next);
        });
    }

    /** The codes with their uses (oldest first), in the order given. */
    private static List<InviteCodeDetails> withUses(Tx tx, List<InviteRow> rows) throws SQLException {
        Map<String, List<InviteCodeUse>> uses = new LinkedHashMap<>();
        for (InviteRow r : rows) {
            uses.put(r.code().code(), new ArrayList<>());
        }
        for (List<String> chunk : chunks(new ArrayList<>(uses.keySet()))) {
            for (InviteCodeUse u : tx.list("SELECT code, used_by, used_at FROM invite_code_use WHERE code IN ("
                    + Tx.placeholders(chunk.size()) + ") ORDER BY used_at, used_by", JdbcAccountStore::use,
                    chunk.toArray())) {
                uses.get(u.code()).add(u);
            }
        }
        List<InviteCodeDetails> out = new ArrayList<>(rows.size());
        for (InviteRow r : rows) {
            out.add(new InviteCodeDetails(r.code(), uses.get(r.code().code())));
        }
        return out;
    }

    // =====================================================================================================
    // Refresh tokens
    // =====================================================================================================

    @Override
    public void insertRefreshToken(RefreshToken token) {
        Objects.requireNonNull(token, "token");
        write("insertRefreshToken", tx -> {
            lockAccountRow(tx, token.did());
            insertRefresh(tx, token);
            return null;
        });
    }

    /**
     * Locks the account row before a refresh token is inserted. Revocations (password change, takedown, account
     * deletion, app-password revocation) write that row before deleting the account's tokens, so an insert is
     * ordered either before them (and deleted by them) or after them (and then sees the new state), even under
     * READ COMMITTED, where a concurrent DELETE would otherwise miss a row inserted while it ran.
     */
    private static void lockAccountRow(Tx tx, String did) throws SQLException {
        tx.one("SELECT did FROM account WHERE did = ?" + tx.forUpdate(), rs -> Boolean.TRUE, did);
    }

    private static void insertRefresh(Tx tx, RefreshToken t) throws SQLException {
        tx.insertIgnoring("refresh_token", REFRESH_COLUMN_LIST, List.of("id"), t.id(), t.did(), t.expiresAt(),
                Tx.text(t.nextId()), Tx.text(t.appPasswordName()));
    }

    @Override
    public Optional<RefreshToken> findRefreshToken(String id) {
        return read("findRefreshToken", tx -> tx.one("SELECT " + REFRESH_COLUMNS + " FROM refresh_token WHERE id = ?",
                JdbcAccountStore::refresh, id));
    }

    @Override
    public RotateResult rotateRefreshToken(String id, Instant graceExpiresAt, RefreshToken successor) {
        Objects.requireNonNull(graceExpiresAt, "graceExpiresAt");
        Objects.requireNonNull(successor, "successor");
        return write("rotateRefreshToken", tx -> {
            lockAccountRow(tx, successor.did());
            int updated = tx.update("UPDATE refresh_token SET expires_at = ?, next_id = ? "
                    + "WHERE id = ? AND (next_id IS NULL OR next_id = ?)", graceExpiresAt, successor.id(), id,
                    successor.id());
            if (updated == 1) {
                insertRefresh(tx, successor);
                return new RotateResult.Rotated();
            }
            Optional<Optional<String>> row = tx.one("SELECT next_id FROM refresh_token WHERE id = ?",
                    rs -> Optional.ofNullable(rs.getString(1)), id);
            if (row.isEmpty()) {
                return new RotateResult.NotFound();
            }
            if (row.get().isEmpty() || row.get().get().equals(successor.id())) {
                // The row changed between the two statements: decide again on a fresh transaction.
                throw new LostRace();
            }
            return new RotateResult.NextIdConflict(row.get().get());
        });
    }

    @Override
    public int deleteExpiredRefreshTokens(String did, Instant now) {
        Objects.requireNonNull(now, "now");
        return write("deleteExpiredRefreshTokens", tx -> tx.update(
                "DELETE FROM refresh_token WHERE did = ? AND expires_at <= ?", did, now));
    }

    @Override
    public boolean deleteRefreshToken(String id) {
        return write("deleteRefreshToken", tx -> tx.update("DELETE FROM refresh_token WHERE id = ?", id) > 0);
    }

    @Override
    public int deleteRefreshTokensOf(String did) {
        return write("deleteRefreshTokensOf", tx -> tx.update("DELETE FROM refresh_token WHERE did = ?", did));
    }

    @Override
    public List<RefreshToken> refreshTokensOf(String did) {
        return read("refreshTokensOf", tx -> tx.list("SELECT " + REFRESH_COLUMNS
                + " FROM refresh_token WHERE did = ? ORDER BY expires_at, id", JdbcAccountStore::refresh, did));
    }

    // =====================================================================================================
    // App passwords
    // =====================================================================================================

    @Override
    public CreateAppPasswordResult insertAppPassword(AppPassword p) {
        Objects.requireNonNull(p, "appPassword");
        return write("insertAppPassword", tx -> {
            if (!tx.exists("SELECT did FROM account WHERE did = ?" + tx.forUpdate(), p.did())) {
                return new CreateAppPasswordResult.AccountNotFound();
            }
            if (!tx.insertUnlessDuplicate("INSERT INTO app_password (" + APP_PASSWORD_COLUMNS + ") VALUES ("
                    + Tx.placeholders(5) + ")", p.did(), p.name(), p.passwordHash(), p.createdAt(), p.privileged())) {
                return new CreateAppPasswordResult.DuplicateName();
            }
            return new CreateAppPasswordResult.Created();
        });
    }

    @Override
    public List<AppPassword> appPasswordsOf(String did) {
        return read("appPasswordsOf", tx -> tx.list("SELECT " + APP_PASSWORD_COLUMNS
                + " FROM app_password WHERE did = ? ORDER BY created_at DESC, name", JdbcAccountStore::appPassword, did));
    }

    @Override
    public Optional<AppPassword> findAppPassword(String did, String name) {
        return read("findAppPassword", tx -> tx.one("SELECT " + APP_PASSWORD_COLUMNS
                + " FROM app_password WHERE did = ? AND name = ?", JdbcAccountStore::appPassword, did, name));
    }

    @Override
    public boolean deleteAppPassword(String did, String name) {
        return write("deleteAppPassword", tx -> {
            lockAccountRow(tx, did);
            if (tx.update("DELETE FROM app_password WHERE did = ? AND name = ?", did, name) == 0) {
                return false;
            }
            tx.update("DELETE FROM refresh_token WHERE did = ? AND app_password_name = ?", did, name);
            return true;
        });
    }

    // =====================================================================================================
    // Reserved signing keys
    // =====================================================================================================

    private static final String RESERVED_KEY_COLUMNS = "key_did, did, private_key, created_at";

    @Override
    public void reserveSigningKey(ReservedSigningKey key) {
        Objects.requireNonNull(key, "key");
        write("reserveSigningKey", tx -> {
            if (key.did().isPresent()) {
                tx.update("DELETE FROM reserved_signing_key WHERE did = ?", key.did().get());
            }
            tx.update("DELETE FROM reserved_signing_key WHERE key_did = ?", key.keyDid());
            tx.update("INSERT INTO reserved_signing_key (" + RESERVED_KEY_COLUMNS + ") VALUES (?, ?, ?, ?)",
                    key.keyDid(), Tx.text(key.did()), key.privateKeyHex(), key.createdAt().toEpochMilli());
            return null;
        });
    }

    @Override
    public Optional<ReservedSigningKey> takeReservedSigningKey(String didOrKeyDid) {
        Objects.requireNonNull(didOrKeyDid, "didOrKeyDid");
        return write("takeReservedSigningKey", tx -> {
            Optional<ReservedSigningKey> found = tx.one("SELECT " + RESERVED_KEY_COLUMNS
                    + " FROM reserved_signing_key WHERE did = ? ORDER BY created_at DESC" + tx.forUpdate(),
                    JdbcAccountStore::reservedKey, didOrKeyDid);
            if (found.isEmpty()) {
                found = tx.one("SELECT " + RESERVED_KEY_COLUMNS + " FROM reserved_signing_key WHERE key_did = ?"
                        + tx.forUpdate(), JdbcAccountStore::reservedKey, didOrKeyDid);
            }
            // The delete decides: of two concurrent takers only one removes the row.
            if (found.isEmpty()
                    || tx.update("DELETE FROM reserved_signing_key WHERE key_did = ?", found.get().keyDid()) == 0) {
                return Optional.<ReservedSigningKey>empty();
            }
            return found;
        });
    }

    private static ReservedSigningKey reservedKey(ResultSet rs) throws SQLException {
        return new ReservedSigningKey(rs.getString("key_did"), Tx.optText(rs, "did"), rs.getString("private_key"),
                Tx.instant(rs, "created_at"));
    }

    // =====================================================================================================
    // Email tokens
    // =====================================================================================================

    @Override
    public void upsertEmailToken(EmailToken token) {
        Objects.requireNonNull(token, "token");
        write("upsertEmailToken", tx -> {
            try {
                tx.upsert("email_token", EMAIL_TOKEN_COLUMN_LIST, List.of("purpose", "did"), token.purpose().value(),
                        token.did(), token.tokenHash(), token.requestedAt());
            } catch (SQLException e) {
                if (dialect.isDuplicateKey(e)) {
                    throw new StoreException("upsertEmailToken failed: another account holds an identical token");
                }
                throw e;
            }
            return null;
        });
    }

    @Override
    public Optional<EmailToken> findEmailToken(EmailTokenPurpose purpose, String did) {
        Objects.requireNonNull(purpose, "purpose");
        return read("findEmailToken", tx -> tx.one("SELECT purpose, did, token_hash, requested_at FROM email_token "
                + "WHERE purpose = ? AND did = ?", JdbcAccountStore::emailToken, purpose.value(), did));
    }

    @Override
    public TokenUseResult useEmailToken(EmailTokenPurpose purpose, Optional<String> did, String tokenHash,
                                        Instant issuedNotBefore, TokenEffect effect) {
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(did, "did");
        Objects.requireNonNull(tokenHash, "tokenHash");
        Objects.requireNonNull(issuedNotBefore, "issuedNotBefore");
        Objects.requireNonNull(effect, "effect");
        boolean checkOnly = effect instanceof TokenEffect.CheckOnly;
        return transact("useEmailToken", !checkOnly, tx -> {
            String sql = "SELECT did, requested_at FROM email_token WHERE purpose = ? AND token_hash = ?"
                    + (did.isPresent() ? " AND did = ?" : "") + (checkOnly ? "" : tx.forUpdate());
            Object[] args = did.isPresent() ? new Object[] {purpose.value(), tokenHash, did.get()}
                    : new Object[] {purpose.value(), tokenHash};
            Optional<TokenRow> found = tx.one(sql, rs -> new TokenRow(rs.getString(1), rs.getLong(2)), args);
            if (found.isEmpty()) {
                return new TokenUseResult.Invalid();
            }
            if (found.get().requestedAtMillis() < issuedNotBefore.toEpochMilli()) {
                return new TokenUseResult.Expired();
            }
            return applyEffect(tx, purpose, found.get().did(), effect);
        });
    }

    private TokenUseResult applyEffect(Tx tx, EmailTokenPurpose purpose, String did, TokenEffect effect)
            throws SQLException {
        boolean checkOnly = effect instanceof TokenEffect.CheckOnly;
        if (!tx.exists("SELECT did FROM account WHERE did = ?" + (checkOnly ? "" : tx.forUpdate()), did)) {
            // A token whose account is gone authorises nothing.
            return rollback(tx, new TokenUseResult.Invalid());
        }
        if (checkOnly) {
            return new TokenUseResult.Used(did);
        }
        if (effect instanceof TokenEffect.SetPassword set) {
            if (tx.update("UPDATE account SET password_hash = ? WHERE did = ?", set.passwordHash(), did) == 0) {
                return rollback(tx, new TokenUseResult.Invalid());
            }
            tx.update("DELETE FROM refresh_token WHERE did = ?", did);
        } else if (effect instanceof TokenEffect.ConfirmEmail confirm) {
            if (tx.update("UPDATE account SET email_confirmed_at = ? WHERE did = ? AND email = ?",
                    confirm.confirmedAt(), did, confirm.email()) == 0) {
                return rollback(tx, new TokenUseResult.EmailMismatch());
            }
        } else if (effect instanceof TokenEffect.UpdateEmail update) {
            if (!setEmail(tx, did, update.email())) {
                return rollback(tx, new TokenUseResult.EmailTaken());
            }
        } else if (effect instanceof TokenEffect.DeleteAccount) {
            deleteAccountIn(tx, did);
        } else if (!(effect instanceof TokenEffect.ConsumeOnly)) {
            throw new IllegalArgumentException("unknown token effect " + effect.getClass().getName());
        }
        tx.update("DELETE FROM email_token WHERE purpose = ? AND did = ?", purpose.value(), did);
        return new TokenUseResult.Used(did);
    }

    @Override
    public int deleteEmailTokensOf(String did) {
        return write("deleteEmailTokensOf", tx -> tx.update("DELETE FROM email_token WHERE did = ?", did));
    }

    // =====================================================================================================
    // Row mapping
    // =====================================================================================================

    /** The part of an email-token row a use needs. */
    private record TokenRow(String did, long requestedAtMillis) {
    }

    /** An invite code row with its stored use count. */
    private record InviteRow(InviteCode code, int useCount) {
    }

    private static Object[] accountArgs(Account a) {
        return new Object[] {a.did(), a.handle(), Tx.text(a.email()), Tx.text(a.passwordHash()),
            Tx.millis(a.emailConfirmedAt()), a.createdAt(), Tx.text(a.takedownRef()), Tx.millis(a.deactivatedAt()),
            Tx.millis(a.deleteAfter()), a.invitesDisabled(), Tx.text(a.signingKey())};
    }

    private static Account account(ResultSet rs) throws SQLException {
        return new Account(rs.getString("did"), rs.getString("handle"), Tx.optText(rs, "email"),
                Tx.optText(rs, "password_hash"), Tx.optInstant(rs, "email_confirmed_at"), Tx.instant(rs, "created_at"),
                Tx.optText(rs, "takedown_ref"), Tx.optInstant(rs, "deactivated_at"), Tx.optInstant(rs, "delete_after"),
                rs.getBoolean("invites_disabled"), Tx.optText(rs, "signing_key"));
    }

    private static InviteRow inviteRow(ResultSet rs) throws SQLException {
        return new InviteRow(new InviteCode(rs.getString("code"), rs.getInt("available_uses"),
                rs.getBoolean("disabled"), rs.getString("for_account"), rs.getString("created_by"),
                Tx.instant(rs, "created_at")), rs.getInt("use_count"));
    }

    private static InviteCodeUse use(ResultSet rs) throws SQLException {
        return new InviteCodeUse(rs.getString("code"), rs.getString("used_by"), Tx.instant(rs, "used_at"));
    }

    private static RefreshToken refresh(ResultSet rs) throws SQLException {
        return new RefreshToken(rs.getString("id"), rs.getString("did"), Tx.instant(rs, "expires_at"),
                Tx.optText(rs, "next_id"), Tx.optText(rs, "app_password_name"));
    }

    private static AppPassword appPassword(ResultSet rs) throws SQLException {
        return new AppPassword(rs.getString("did"), rs.getString("name"), rs.getString("password_hash"),
                Tx.instant(rs, "created_at"), rs.getBoolean("privileged"));
    }

    private static EmailToken emailToken(ResultSet rs) throws SQLException {
        String stored = rs.getString("purpose");
        EmailTokenPurpose purpose = EmailTokenPurpose.fromValue(stored).orElseThrow(() ->
                new StoreException("findEmailToken failed: unknown stored token purpose"));
        return new EmailToken(purpose, rs.getString("did"), rs.getString("token_hash"), Tx.instant(rs, "requested_at"));
    }

    private static List<List<String>> chunks(List<String> values) {
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < values.size(); i += IN_CHUNK) {
            out.add(values.subList(i, Math.min(values.size(), i + IN_CHUNK)));
        }
        return out;
    }

    private static Object[] concat(List<Object> head, List<String> tail) {
        List<Object> all = new ArrayList<>(head);
        all.addAll(tail);
        return all.toArray();
    }

    // =====================================================================================================
    // Transactions
    // =====================================================================================================

    /** The body of one transaction attempt. */
    @FunctionalInterface
    private interface TxBody<T> {
        T run(Tx tx) throws SQLException;
    }

    /** Thrown inside a body when a concurrent writer won a uniqueness race: retry the whole transaction. */
    private static final class LostRace extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LostRace() {
            super("lost a race to a concurrent transaction", null, false, false);
        }
    }

    private static <T> T rollback(Tx tx, T result) {
        tx.setRollbackOnly();
        return result;
    }

    private <T> T write(String operation, TxBody<T> body) {
        return transact(operation, true, body);
    }

    private <T> T read(String operation, TxBody<T> body) {
        return transact(operation, false, body);
    }

    private <T> T transact(String operation, boolean write, TxBody<T> body) {
        Throwable lastConflict = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            try {
                return attempt(write, body);
            } catch (SQLException e) {
                if (!dialect.isTransient(e)) {
                    if (dialect.isDuplicateKey(e)) {
                        // Never chain a duplicate-key error: its message may quote the key's value.
                        throw new StoreException(operation + " failed: unexpected duplicate key");
                    }
                    throw new StoreException(operation + " failed", e);
                }
                lastConflict = e;
            } catch (LostRace e) {
                lastConflict = e;
            }
            if (attempt < maxAttempts) {
                backoff(operation, attempt);
            }
        }
        throw new StoreException(operation + " failed: still conflicting after " + maxAttempts + " attempts",
                lastConflict instanceof LostRace ? null : lastConflict);
    }

    private <T> T attempt(boolean write, TxBody<T> body) throws SQLException {
        ReentrantLock gate = write ? writeGate : null;
        if (gate != null) {
            gate.lock();
        }
        try (Connection c = dataSource.getConnection()) {
            Object saved = dialect.begin(c, write);
            boolean finished = false;
            try {
                Tx tx = new Tx(c, dialect);
                T result = body.run(tx);
                if (tx.isRollbackOnly()) {
                    dialect.rollback(c);
                } else {
                    dialect.commit(c);
                }
                finished = true;
                return result;
            } finally {
                if (!finished) {
                    try {
                        dialect.rollback(c);
                    } catch (SQLException | RuntimeException ignored) {
                        // The original failure is what matters; the connection is closed next.
                    }
                }
                try {
                    dialect.end(c, saved);
                } catch (SQLException | RuntimeException ignored) {
                    // The transaction is over; a pool resets what could not be restored, or drops the connection.
                }
            }
        } finally {
            if (gate != null) {
                gate.unlock();
            }
        }
    }

    private static void backoff(String operation, int attempt) {
        long cap = Math.min(MAX_BACKOFF_MILLIS, 2L << Math.min(attempt, 10));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, cap + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(operation + " interrupted while retrying", e);
        }
    }
}
