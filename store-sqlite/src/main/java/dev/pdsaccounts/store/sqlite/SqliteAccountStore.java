package dev.pdsaccounts.store.sqlite;

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
import dev.pdsaccounts.store.jdbc.Dialect;
import dev.pdsaccounts.store.jdbc.JdbcAccountStore;
import dev.pdsaccounts.token.EmailToken;
import dev.pdsaccounts.token.EmailTokenPurpose;
import dev.pdsaccounts.token.TokenEffect;
import dev.pdsaccounts.token.TokenUseResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.sqlite.SQLiteConfig;

/**
 * The embedded store: all account data in one SQLite file, the way the reference PDS keeps
 * {@code account.sqlite}. Opening creates the file if needed and migrates its schema.
 *
 * <p>Connection settings: WAL journal (readers never block the writer and see one committed snapshot),
 * {@code synchronous=NORMAL} (durable across process crashes; an OS crash may lose the last commits but never
 * corrupts the file), {@code busy_timeout} 5 s by default, {@code foreign_keys=ON}.
 *
 * <p>Concurrency: every write transaction starts with {@code BEGIN IMMEDIATE}, which takes SQLite's single
 * write lock before reading anything, so writers are serialised across threads and processes and every
 * read-check-write inside an operation is atomic; a busy database is waited for ({@code busy_timeout}) and
 * then retried with backoff. Within one store, write transactions additionally queue on a fair in-process lock
 * so threads do not spin on the busy handler; reads run in parallel on their own connections. Connections come
 * from a tiny internal holder (a few kept open for reuse); no pool library is needed. Delegates every
 * operation to {@link JdbcAccountStore} with {@link Dialect#sqlite()}.
 */
public final class SqliteAccountStore implements AccountStore, AutoCloseable {

    private final Path file;
    private final SqliteConnections connections;
    private final JdbcAccountStore delegate;

    private SqliteAccountStore(Path file, SqliteConnections connections, JdbcAccountStore delegate) {
        this.file = file;
        this.connections = connections;
        this.delegate = delegate;
    }

    /**
     * Opens (creating if needed) the database file with default settings and migrates its schema.
     *
     * @throws StoreException when the file cannot be opened or its schema is newer than this library supports
     */
    public static SqliteAccountStore open(Path file) {
        return builder(file).open();
    }

    /** A builder for a store on {@code file}. */
    public static Builder builder(Path file) {
        return new Builder(file);
    }

    /** Settings of a {@link SqliteAccountStore}. */
    public static final class Builder {
        private final Path file;
        private Duration busyTimeout = Duration.ofSeconds(5);
        private int maxIdleConnections = 4;

        private Builder(Path file) {
            this.file = Objects.requireNonNull(file, "file");
        }

        /** How long a connection waits for another process's write lock before giving up (default 5 s). */
        public Builder busyTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("busyTimeout out of range");
            }
            this.busyTimeout = timeout;
            return this;
        }

        /** How many idle connections are kept open for reuse (default 4, at least 1). */
        public Builder maxIdleConnections(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxIdleConnections must be at least 1");
            }
            this.maxIdleConnections = max;
            return this;
        }

        /**
         * Opens the file (creating it and its parent directories if needed) and migrates its schema.
         *
         * @throws StoreException when the file cannot be opened or its schema is newer than this library supports
         */
        public SqliteAccountStore open() {
            Path absolute = file.toAbsolutePath();
            try {
                if (absolute.getParent() != null) {
                    Files.createDirectories(absolute.getParent());
                }
            } catch (IOException e) {
                throw new StoreException("opening the SQLite store failed: cannot create its directory", e);
            }
            SQLiteConfig config = new SQLiteConfig();
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
            config.setBusyTimeout((int) busyTimeout.toMillis());
            config.enforceForeignKeys(true);
            SqliteConnections connections = new SqliteConnections("jdbc:sqlite:" + absolute, config,
                    maxIdleConnections);
            try {
                JdbcAccountStore delegate = JdbcAccountStore.builder(connections, Dialect.sqlite())
                        .serializeWritesInProcess(true)
                        .build();
                return new SqliteAccountStore(absolute, connections, delegate);
            } catch (RuntimeException e) {
                connections.close();
                throw e;
            }
        }
    }

    /** The database file. */
    public Path file() {
        return file;
    }

    /** The connection holder (for tests of this package). */
    DataSource dataSource() {
        return connections;
    }

    /**
     * Closes the idle connections and refuses further operations (they throw {@link StoreException}).
     * Operations already running finish first on their own connections.
     */
    @Override
    public void close() {
        connections.close();
    }

    @Override
    public String toString() {
        return "SqliteAccountStore[" + file + "]";
    }

    // ---- Accounts ----

    @Override
    public CreateAccountResult createAccount(NewAccount account) {
        return delegate.createAccount(account);
    }

    @Override
    public Optional<Account> findAccountByDid(String did) {
        return delegate.findAccountByDid(did);
    }

    @Override
    public Optional<Account> findAccountByHandle(String handle) {
        return delegate.findAccountByHandle(handle);
    }

    @Override
    public Optional<Account> findAccountByEmail(String email) {
        return delegate.findAccountByEmail(email);
    }

    @Override
    public UpdateResult updateHandle(String did, String handle) {
        return delegate.updateHandle(did, handle);
    }

    @Override
    public UpdateResult updateEmail(String did, String email) {
        return delegate.updateEmail(did, email);
    }

    @Override
    public boolean updatePassword(String did, String passwordHash) {
        return delegate.updatePassword(did, passwordHash);
    }

    @Override
    public boolean upgradePasswordHash(String did, String expectedHash, String newHash) {
        return delegate.upgradePasswordHash(did, expectedHash, newHash);
    }

    @Override
    public boolean updateTakedown(String did, Optional<String> takedownRef) {
        return delegate.updateTakedown(did, takedownRef);
    }

    @Override
    public boolean updateDeactivation(String did, Optional<Instant> deactivatedAt, Optional<Instant> deleteAfter) {
        return delegate.updateDeactivation(did, deactivatedAt, deleteAfter);
    }

    @Override
    public boolean updateInvitesDisabled(String did, boolean disabled) {
        return delegate.updateInvitesDisabled(did, disabled);
    }

    @Override
    public boolean updateEmailConfirmedAt(String did, Instant confirmedAt) {
        return delegate.updateEmailConfirmedAt(did, confirmedAt);
    }

    @Override
    public boolean updateSigningKey(String did, String signingKey) {
        return delegate.updateSigningKey(did, signingKey);
    }

    @Override
    public boolean deleteAccount(String did) {
        return delegate.deleteAccount(did);
    }

    @Override
    public List<Account> searchAccountsByEmail(String emailPrefix, Optional<String> afterDid, int limit) {
        return delegate.searchAccountsByEmail(emailPrefix, afterDid, limit);
    }

    @Override
    public long countAccounts() {
        return delegate.countAccounts();
    }

    // ---- Invite codes ----

    @Override
    public void insertInviteCodes(List<InviteCode> codes) {
        delegate.insertInviteCodes(codes);
    }

    @Override
    public EarnInviteCodesResult insertEarnedInviteCodes(String did, int expectedEarnedCount, List<InviteCode> codes) {
        return delegate.insertEarnedInviteCodes(did, expectedEarnedCount, codes);
    }

    @Override
    public Optional<InviteCodeDetails> findInviteCode(String code) {
        return delegate.findInviteCode(code);
    }

    @Override
    public boolean isInviteCodeAvailable(String code) {
        return delegate.isInviteCodeAvailable(code);
    }

    @Override
    public List<InviteCodeDetails> inviteCodesForAccount(String did) {
        return delegate.inviteCodesForAccount(did);
    }

    @Override
    public Optional<InviteCodeUse> inviteCodeUseOf(String did) {
        return delegate.inviteCodeUseOf(did);
    }

    @Override
    public int disableInviteCodes(Collection<String> codes, Collection<String> forAccounts) {
        return delegate.disableInviteCodes(codes, forAccounts);
    }

    @Override
    public InviteCodePage listInviteCodes(InviteSort sort, int limit, Optional<InviteCursor> after) {
        return delegate.listInviteCodes(sort, limit, after);
    }

    // ---- Refresh tokens ----

    @Override
    public void insertRefreshToken(RefreshToken token) {
        delegate.insertRefreshToken(token);
    }

    @Override
    public Optional<RefreshToken> findRefreshToken(String id) {
        return delegate.findRefreshToken(id);
    }

    @Override
    public RotateResult rotateRefreshToken(String id, Instant graceExpiresAt, RefreshToken successor) {
        return delegate.rotateRefreshToken(id, graceExpiresAt, successor);
    }

    @Override
    public int deleteExpiredRefreshTokens(String did, Instant now) {
        return delegate.deleteExpiredRefreshTokens(did, now);
    }

    @Override
    public boolean deleteRefreshToken(String id) {
        return delegate.deleteRefreshToken(id);
    }

    @Override
    public int deleteRefreshTokensOf(String did) {
        return delegate.deleteRefreshTokensOf(did);
    }

    @Override
    public List<RefreshToken> refreshTokensOf(String did) {
        return delegate.refreshTokensOf(did);
    }

    // ---- App passwords ----

    @Override
    public CreateAppPasswordResult insertAppPassword(AppPassword appPassword) {
        return delegate.insertAppPassword(appPassword);
    }

    @Override
    public List<AppPassword> appPasswordsOf(String did) {
        return delegate.appPasswordsOf(did);
    }

    @Override
    public Optional<AppPassword> findAppPassword(String did, String name) {
        return delegate.findAppPassword(did, name);
    }

    @Override
    public boolean deleteAppPassword(String did, String name) {
        return delegate.deleteAppPassword(did, name);
    }

    // ---- Reserved signing keys ----

    @Override
    public void reserveSigningKey(ReservedSigningKey key) {
        delegate.reserveSigningKey(key);
    }

    @Override
    public Optional<ReservedSigningKey> takeReservedSigningKey(String didOrKeyDid) {
        return delegate.takeReservedSigningKey(didOrKeyDid);
    }

    // ---- Email tokens ----

    @Override
    public void upsertEmailToken(EmailToken token) {
        delegate.upsertEmailToken(token);
    }

    @Override
    public Optional<EmailToken> findEmailToken(EmailTokenPurpose purpose, String did) {
        return delegate.findEmailToken(purpose, did);
    }

    @Override
    public TokenUseResult useEmailToken(EmailTokenPurpose purpose, Optional<String> did, String tokenHash,
                                        Instant issuedNotBefore, TokenEffect effect) {
        return delegate.useEmailToken(purpose, did, tokenHash, issuedNotBefore, effect);
    }

    @Override
    public int deleteEmailTokensOf(String did) {
        return delegate.deleteEmailTokensOf(did);
    }
}
