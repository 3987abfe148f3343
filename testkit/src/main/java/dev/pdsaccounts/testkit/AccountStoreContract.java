package dev.pdsaccounts.testkit;

import dev.pdsaccounts.store.AccountStore;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;

/**
 * The whole store contract in one class: every adapter's test extends it, implements
 * {@link #createStore()}, and runs every test of {@link AccountsContract}, {@link InviteCodesContract},
 * {@link RefreshTokensContract}, {@link AppPasswordsContract}, {@link EmailTokensContract},
 * {@link SigningKeyReservationsContract} and {@link AccountStoreModelContract} unchanged.
 *
 * <pre>{@code
 * class JdbcAccountStoreTest extends AccountStoreContract {
 *     @Override
 *     protected AccountStore createStore() {
 *         return JdbcAccountStore.create(freshDataSource());   // an EMPTY store every time
 *     }
 *
 *     @Override
 *     protected void destroyStore(AccountStore store) {
 *         ((JdbcAccountStore) store).close();
 *     }
 *
 *     @Override
 *     protected String dumpRawContents(AccountStore store) {
 *         return dumpEveryTable();                              // optional
 *     }
 * }
 * }</pre>
 *
 * <p>JUnit runs the interfaces' {@code @Test default} methods on the subclass; a fresh store is created
 * before and destroyed after each test.
 *
 * <p>Where the port's javadoc leaves a point open, the suite checks this reading of it:
 * <ul>
 *   <li>handles and emails are compared exactly (the domain hands them over lower-case), DIDs
 *       case-sensitively; timestamps keep at least millisecond precision;</li>
 *   <li>{@code updateHandle}/{@code updateEmail} of an unknown DID is {@code NotFound} even when the value
 *       is taken; {@code updateEmail} to the account's own email is {@code Updated} and still clears the
 *       confirmation and the email tokens;</li>
 *   <li>inserting an invite code that exists (or twice in one batch) throws
 *       {@link dev.pdsaccounts.error.StoreException} and inserts nothing;</li>
 *   <li>{@code listInviteCodes} returns a {@code next} cursor exactly when more rows follow, equal to the
 *       last row's {@code (primary, code)};</li>
 *   <li>{@code searchAccountsByEmail} never matches accounts without email, and its prefix is literal
 *       ({@code _} and {@code %} are no wildcards);</li>
 *   <li>{@code deleteAccount} removes the codes issued to the account with all their use records (also
 *       those of other accounts), as the port says;</li>
 *   <li>a token requested exactly at {@code issuedNotBefore} is still valid; {@code ConfirmEmail} on an
 *       account without email is {@code EmailMismatch}.</li>
 * </ul>
 * Refresh tokens and email tokens are only ever inserted for existing accounts, so adapters may enforce
 * foreign keys.
 */
public abstract class AccountStoreContract implements AccountsContract, InviteCodesContract, RefreshTokensContract,
        AppPasswordsContract, EmailTokensContract, SigningKeyReservationsContract, AccountStoreModelContract {

    /** The default number of rounds of each concurrency test. */
    public static final int DEFAULT_RACE_ROUNDS = 200;

    private AccountStore store;

    /** For subclasses. */
    protected AccountStoreContract() {
    }

    /**
     * Creates the store for one test. Called before every test; must return a FRESH, EMPTY store each time
     * (a new in-memory instance, a new database or schema, or truncated tables).
     *
     * @return the store under test, never null
     */
    protected abstract AccountStore createStore();

    /**
     * Releases what {@link #createStore()} set up (close pools, drop the schema, delete files). Called after
     * every test, also after a failed one. The default does nothing.
     *
     * @param store the store the test used
     */
    protected void destroyStore(AccountStore store) {
        // Nothing to release by default.
    }

    /**
     * The raw text of everything the store persisted (every table or file, every column), for the check that
     * email tokens are kept hashed. The default throws {@link UnsupportedOperationException}, which reports
     * that check as skipped.
     *
     * @param store the store the test used
     * @return the dump
     */
    protected String dumpRawContents(AccountStore store) {
        throw new UnsupportedOperationException("dumpRawContents is not implemented by this adapter's test");
    }

    /**
     * How many rounds each concurrency test runs; default {@value #DEFAULT_RACE_ROUNDS}. A slow adapter may
     * return fewer, and should say why in a comment: fewer rounds find fewer races.
     *
     * @return a positive round count
     */
    protected int raceRounds() {
        return DEFAULT_RACE_ROUNDS;
    }

    /** Creates the store of the test that is about to run. */
    @BeforeEach
    protected final void createStoreForTest() {
        store = Objects.requireNonNull(createStore(), "createStore() returned null");
    }

    /** Destroys the store of the test that just ran. */
    @AfterEach
    protected final void destroyStoreAfterTest() {
        AccountStore used = store;
        store = null;
        if (used != null) {
            destroyStore(used);
        }
    }

    @Override
    public final AccountStore store() {
        if (store == null) {
            throw new IllegalStateException("no store: store() is only available while a test runs");
        }
        return store;
    }

    @Override
    public final int contractRaceRounds() {
        int rounds = raceRounds();
        if (rounds < 1) {
            throw new IllegalStateException("raceRounds() must be positive, was " + rounds);
        }
        return rounds;
    }

    @Override
    public final String contractRawDump() {
        try {
            return Objects.requireNonNull(dumpRawContents(store()), "dumpRawContents returned null");
        } catch (UnsupportedOperationException e) {
            return Assumptions.abort("skipped: this adapter's test does not implement "
                    + "dumpRawContents(AccountStore) (" + e.getMessage() + ")");
        }
    }
}
