package dev.pdsaccounts.testkit;

import dev.pdsaccounts.PdsAccounts;
import dev.pdsaccounts.account.CreateAccountInput;
import dev.pdsaccounts.account.CreateAccountOutput;
import dev.pdsaccounts.config.PdsConfig;
import dev.pdsaccounts.config.PdsSecrets;
import dev.pdsaccounts.crypto.Argon2Parameters;
import dev.pdsaccounts.crypto.AppPasswordHasher;
import dev.pdsaccounts.crypto.Argon2idHasher;
import dev.pdsaccounts.crypto.DelegatingPasswordHasher;
import dev.pdsaccounts.crypto.PasswordHasher;
import dev.pdsaccounts.crypto.ReferenceAppPasswordHasher;
import dev.pdsaccounts.crypto.ReferenceScryptHasher;
import dev.pdsaccounts.identity.DidResolver;
import dev.pdsaccounts.identity.InMemoryPlcDirectory;
import dev.pdsaccounts.identity.PlcDirectoryDidResolver;
import dev.pdsaccounts.mail.RecordingMailer;
import dev.pdsaccounts.session.SessionTokens;
import dev.pdsaccounts.store.AccountStore;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A {@link PdsAccounts} wired for tests over a given store: service {@code pds.test} with handle domain
 * {@code .test}, a {@link MutableClock}, a {@link RecordingMailer}, an {@link InMemoryPlcDirectory} (also the
 * DID resolver), a {@link TestHandles} handle resolver, a cheap Argon2id hasher (insecure parameters, tests only)
 * that still reads reference scrypt hashes, and {@link ReferenceAppPasswordHasher#forTestsOnly()} for app
 * passwords (the reference format at a cost too low for production).
 */
public final class TestPds {
    /** The handle domain of the test service. */
    public static final String DOMAIN = ".test";
    /** The password every helper-made account gets. */
    public static final String PASSWORD = "correct-horse-battery";

    private final AccountStore store;
    private final MutableClock clock;
    private final RecordingMailer mailer;
    private final InMemoryPlcDirectory plc;
    private final PasswordHasher hasher;
    private final AppPasswordHasher appPasswordHasher;
    private final TestHandles handles;
    private final PdsAccounts pds;
    private final PdsSecrets secrets;
    private final SecureRandom random;
    private final SessionTokens sessionTokens;
    private final DidResolver didResolver;
    private final RecordingAccountEvents events = new RecordingAccountEvents();

    private TestPds(AccountStore store, UnaryOperator<PdsConfig.Builder> config, PasswordHasher hasher,
                    AppPasswordHasher appPasswordHasher) {
        this.store = store;
        this.clock = new MutableClock(StoreFixtures.T0);
        this.mailer = new RecordingMailer();
        this.plc = new InMemoryPlcDirectory(clock);
        this.hasher = hasher;
        this.appPasswordHasher = appPasswordHasher;
        this.handles = new TestHandles();
        this.random = new SecureRandom();
        this.secrets = PdsSecrets.generateForDevelopment(random);
        PdsConfig cfg = config.apply(PdsConfig.builder("pds.test").serviceHandleDomains(List.of(DOMAIN))).build();
        // The tests' own codec over the same secret: reads claims (jti, scope) that the library never exposes.
        this.sessionTokens = new SessionTokens(secrets.jwtSecret(), cfg.serviceDid(), clock, cfg.tokenClockSkew());
        this.didResolver = new PlcDirectoryDidResolver(plc);
        this.pds = PdsAccounts.builder()
                .config(cfg)
                .secrets(secrets)
                .store(store)
                .clock(clock)
                .random(random)
                .mailer(mailer)
                .passwordHasher(hasher)
                .appPasswordHasher(appPasswordHasher)
                .plcDirectory(plc)
                .handleResolver(handles)
                .accountEvents(events)
                .backgroundExecutor(Runnable::run)
                .build();
    }

    /**
     * The default test service over {@code store}: invites required, as the reference.
     *
     * @param store the store under test
     * @return a new test service with its own clock (at {@link StoreFixtures#T0}), mailer, PLC directory and
     *         secrets
     */
    public static TestPds over(AccountStore store) {
        return over(store, b -> b);
    }

    /**
     * A test service over {@code store} with configuration changes.
     *
     * @param store  the store under test
     * @param config changes to the default test configuration
     * @return a new test service with its own clock, mailer, PLC directory and secrets
     */
    public static TestPds over(AccountStore store, UnaryOperator<PdsConfig.Builder> config) {
        return over(store, config, cheapHasher());
    }

    /**
     * A test service with its own password hasher (e.g. a {@link CountingHasher}).
     *
     * @param store  the store under test
     * @param config changes to the default test configuration
     * @param hasher the password hasher the service uses
     * @return a new test service with its own clock, mailer, PLC directory and secrets
     */
    public static TestPds over(AccountStore store, UnaryOperator<PdsConfig.Builder> config, PasswordHasher hasher) {
        return over(store, config, hasher, ReferenceAppPasswordHasher.forTestsOnly());
    }

    /**
     * A test service with its own password and app-password hashers (e.g. the production
     * {@link ReferenceAppPasswordHasher}, to check that a reference PDS's app passwords log in).
     *
     * @param store             the store under test
     * @param config            changes to the default test configuration
     * @param hasher            the password hasher the service uses
     * @param appPasswordHasher the app-password hash the service uses
     * @return a new test service with its own clock, mailer, PLC directory and secrets
     */
    public static TestPds over(AccountStore store, UnaryOperator<PdsConfig.Builder> config, PasswordHasher hasher,
                               AppPasswordHasher appPasswordHasher) {
        return new TestPds(store, config, hasher, appPasswordHasher);
    }

    /**
     * A password hasher for tests only: Argon2id with insecure, fast parameters, reading reference scrypt
     * hashes too.
     *
     * @return a new hasher
     */
    public static PasswordHasher cheapHasher() {
        return new DelegatingPasswordHasher(new Argon2idHasher(Argon2Parameters.forTestsOnly()),
                List.of(new ReferenceScryptHasher()));
    }

    /** {@return the service under test} */
    public PdsAccounts pds() {
        return pds;
    }

    /** {@return the recorder of the account events the service published, in order} */
    public RecordingAccountEvents events() {
        return events;
    }

    /** {@return the store under test} */
    public AccountStore store() {
        return store;
    }

    /** {@return the secrets the service was built with} */
    public PdsSecrets secrets() {
        return secrets;
    }

    /** {@return the randomness the service was built with} */
    public SecureRandom random() {
        return random;
    }

    /** {@return a session-token codec over the service's secret, to read claims in assertions} */
    public SessionTokens sessionTokens() {
        return sessionTokens;
    }

    /** {@return the DID resolver the service uses (over its in-memory PLC directory)} */
    public DidResolver didResolver() {
        return didResolver;
    }

    /** {@return the clock every use case reads; tests move it by hand} */
    public MutableClock clock() {
        return clock;
    }

    /** {@return the mailer that recorded every mail sent} */
    public RecordingMailer mailer() {
        return mailer;
    }

    /** {@return the PLC directory new DIDs are registered with} */
    public InMemoryPlcDirectory plc() {
        return plc;
    }

    /** {@return the handle resolver the service uses for custom-domain handles: tests say which handle claims which DID} */
    public TestHandles handles() {
        return handles;
    }

    /** {@return the password hasher in use} */
    public PasswordHasher hasher() {
        return hasher;
    }

    /** {@return the app-password hash in use} */
    public AppPasswordHasher appPasswordHasher() {
        return appPasswordHasher;
    }

    /** {@return a fresh single-use admin invite code, created through the service} */
    public String inviteCode() {
        return pds.invites().createInviteCode(1, Optional.empty());
    }

    /**
     * Creates an account {@code <name>.test} with email {@code <name>@mail.test} and {@link #PASSWORD}, spending a
     * fresh invite code.
     *
     * @param name the handle's first label (e.g. from {@link #randomName()})
     * @return what {@code createAccount} returned (DID, handle, session tokens)
     */
    public CreateAccountOutput createAccount(String name) {
        return pds.accounts().createAccount(CreateAccountInput.builder()
                .handle(name + DOMAIN)
                .email(name + "@mail.test")
                .password(PASSWORD)
                .inviteCode(inviteCode())
                .build());
    }

    /** {@return a fresh random front label usable as a handle name (3..18 characters)} */
    public static String randomName() {
        return "u" + StoreFixtures.randomBase32(10);
    }
}
