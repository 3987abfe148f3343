package dev.pdsaccounts.testkit;

import dev.pdsaccounts.store.AccountStore;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;

/**
 * The whole store contract in one class: every adapter's test extends it, implements {@link #createStore()},
 * and runs every test of {@link AccountRepositoryContract}, {@link InviteCodeRepositoryContract},
 * {@link RefreshTokenRepositoryContract}, {@link AppPasswordRepositoryContract},
 * {@link EmailTokenRepositoryContract}, {@link SigningKeyRepositoryContract}, {@link TransactionContract} and
 * {@link AccountStoreModelContract} unchanged.
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
 * <p>The suites check storage only: no rule of the domain (invite availability, token effects, revocation,
 * deletion cascades) is asked of the store; the use-case contracts check those over every store. Where the
 * port's javadoc leaves a point open, the suites check this reading of it:
 * <ul>
 *   <li>handles, emails, codes, names and hashes are compared exactly (the domain hands them over
 *       normalised), DIDs case-sensitively; timestamps keep at least millisecond precision; keys that hold
 *       NUL characters find and delete nothing instead of failing;</li>
 *   <li>{@code updateAccount} of an unknown DID is {@code NotFound} even when its handle or email is taken;
 *       a row never clashes with itself;</li>
 *   <li>{@code deleteAccount} deletes the account row only: rows of the other repositories that name the DID
 *       stay (so an adapter has no cascading or restricting foreign key from them to the account);</li>
 *   <li>use records are stored as given, also beyond the code's use count or on a disabled code; deleting a
 *       code deletes its use records;</li>
 *   <li>inserting an invite code that exists (or twice in one batch) throws
 *       {@link dev.pdsaccounts.error.StoreException} and inserts nothing; so does upserting an email-token
 *       hash another account holds for the same purpose;</li>
 *   <li>{@code listInviteCodes} returns a {@code next} cursor exactly when more rows follow, equal to the
 *       last row's {@code (primary, code)};</li>
 *   <li>{@code listAccounts} with an email prefix never matches accounts without email, and its prefix is
 *       literal ({@code _}, {@code %} and {@code \} are no wildcards); without a prefix it lists every account;</li>
 *   <li>{@code deleteRefreshTokens} never deletes another account's row, whatever ids it is given;</li>
 *   <li>{@code refreshTokensOf} has no order; {@code findReservedSigningKeyForDid} answers the reservation
 *       with the earliest {@code createdAt} (ties: the smallest did:key);</li>
 *   <li>{@code inTransaction} rolls back also when the work throws an {@link Error}; the access it hands out
 *       throws {@link IllegalStateException} once the work returned or threw.</li>
 * </ul>
 */
public abstract class AccountStoreContract implements AccountRepositoryContract, InviteCodeRepositoryContract,
        RefreshTokenRepositoryContract, AppPasswordRepositoryContract, EmailTokenRepositoryContract,
        SigningKeyRepositoryContract, TransactionContract, AccountStoreModelContract {

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
