package dev.pdsaccounts.testkit;

import dev.pdsaccounts.store.AccountStore;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The use cases of the library (create account, sessions, email sign-in codes, invites, email tokens, lifecycle)
 * run end to end over the adapter under test. An adapter's test extends it and implements {@link #createStore()}, exactly
 * as for {@link AccountStoreContract}: the same behaviour, races included, is then proven on every store.
 *
 * <pre>{@code
 * class InMemoryUseCaseTest extends UseCaseContract {
 *     @Override
 *     protected AccountStore createStore() {
 *         return new InMemoryAccountStore();
 *     }
 * }
 * }</pre>
 */
public abstract class UseCaseContract implements CreateAccountContract, InviteContract, EmailTokenContract,
        LifecycleContract, SessionContract, ImportContract, IdentityContract, FuzzContract, LimitsContract,
        SecretHygieneContract, UseCaseModelContract, AccountEventsContract, ReferenceParityContract,
        EmailAuthFactorContract {
    /** Default rounds of each use-case race. */
    public static final int DEFAULT_RACE_ROUNDS = 50;

    private AccountStore store;
    private TestPds tp;

    /** For subclasses. */
    protected UseCaseContract() {
    }

    /**
     * Creates the store one test runs against; called before every test.
     *
     * @return a FRESH, EMPTY store of the adapter under test
     */
    protected abstract AccountStore createStore();

    /**
     * Releases what {@link #createStore()} set up (connections, schemas, files); called after every test.
     * The default releases nothing.
     *
     * @param store the store {@link #createStore()} returned for this test
     */
    protected void destroyStore(AccountStore store) {
        // Nothing to release by default.
    }

    @BeforeEach
    final void setUpUseCaseFixture() {
        store = Objects.requireNonNull(createStore(), "createStore() returned null");
        tp = TestPds.over(store);
    }

    @AfterEach
    final void tearDownUseCaseFixture() {
        if (store != null) {
            destroyStore(store);
        }
    }

    @Override
    public final TestPds tp() {
        return tp;
    }

    @Override
    public final TestPds withConfig(java.util.function.UnaryOperator<dev.pdsaccounts.config.PdsConfig.Builder> config) {
        return TestPds.over(store, config);
    }

    @Override
    public int raceRounds() {
        return DEFAULT_RACE_ROUNDS;
    }
}
