package dev.pdsaccounts;

import dev.pdsaccounts.account.DisposableEmailCheck;
import dev.pdsaccounts.account.DisposableEmailDomains;
import dev.pdsaccounts.account.EmailPolicy;
import dev.pdsaccounts.account.HandleFilter;
import dev.pdsaccounts.account.HandlePolicy;
import dev.pdsaccounts.account.PasswordPolicy;
import dev.pdsaccounts.account.PhoneVerifier;
import dev.pdsaccounts.account.RepoRevisions;
import dev.pdsaccounts.account.ReservedHandles;
import dev.pdsaccounts.config.PdsConfig;
import dev.pdsaccounts.config.PdsSecrets;
import dev.pdsaccounts.crypto.AppPasswordHasher;
import dev.pdsaccounts.crypto.DelegatingPasswordHasher;
import dev.pdsaccounts.crypto.PasswordHasher;
import dev.pdsaccounts.crypto.ReferenceAppPasswordHasher;
import dev.pdsaccounts.error.ConfigurationException;
import dev.pdsaccounts.events.AccountEvents;
import dev.pdsaccounts.identity.DidResolver;
import dev.pdsaccounts.identity.HandleResolver;
import dev.pdsaccounts.identity.InMemoryPlcDirectory;
import dev.pdsaccounts.identity.PlcDirectory;
import dev.pdsaccounts.identity.PlcDirectoryDidResolver;
import dev.pdsaccounts.mail.Mailer;
import dev.pdsaccounts.mail.RecordingMailer;
import dev.pdsaccounts.ratelimit.RateLimiter;
import dev.pdsaccounts.service.account.AccountService;
import dev.pdsaccounts.service.account.HandleUpdates;
import dev.pdsaccounts.service.admin.AdminService;
import dev.pdsaccounts.service.email.EmailTokenService;
import dev.pdsaccounts.service.identity.AccountImport;
import dev.pdsaccounts.service.identity.IdentityService;
import dev.pdsaccounts.service.identity.PlcOperationService;
import dev.pdsaccounts.service.internal.AccountEventPublisher;
import dev.pdsaccounts.service.internal.SessionIssuer;
import dev.pdsaccounts.service.invite.InviteService;
import dev.pdsaccounts.service.session.AppPasswordService;
import dev.pdsaccounts.service.session.Login;
import dev.pdsaccounts.service.session.SessionService;
import dev.pdsaccounts.service.sync.SyncService;
import dev.pdsaccounts.session.SessionTokens;
import dev.pdsaccounts.store.AccountStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The entry point: the account domain of one PDS, wired to a store. Built by a staged builder that requires
 * the configuration, the secrets and the store (in that order, enforced by the types), then the PLC directory
 * and the mailer (checked by {@code build()}: no silent in-memory default), and defaults the rest.
 * Thread-safe; build one per service and share it.
 *
 * <pre>{@code
 * PdsAccounts pds = PdsAccounts.builder()
 *         .config(PdsConfig.builder("pds.example.com").build())
 *         .secrets(secrets)
 *         .store(new InMemoryAccountStore())
 *         .plcDirectory(HttpPlcDirectory.builder().build())   // module identity-http
 *         .mailer(mailer)                                     // the host's mail delivery
 *         .build();
 * CreateAccountOutput out = pds.accounts().createAccount(CreateAccountInput.builder()
 *         .handle("alice.pds.example.com").email("alice@example.com").password("hunter22")
 *         .inviteCode(pds.invites().createInviteCode(1, Optional.empty())).build());
 * }</pre>
 */
public final class PdsAccounts {
    /** Threads of the default background executor ({@link OptionalStage#backgroundExecutor}). */
    public static final int DEFAULT_BACKGROUND_THREADS = 2;
    /** Queued tasks the default background executor holds before it refuses more. */
    public static final int DEFAULT_BACKGROUND_QUEUE = 1000;
    /** Idle seconds after which a thread of the default background executor ends. */
    public static final int DEFAULT_BACKGROUND_IDLE_SECONDS = 30;

    private final PdsConfig config;
    private final AccountStore store;
    private final Mailer mailer;
    private final PlcDirectory plcDirectory;
    private final AccountService accounts;
    private final InviteService invites;
    private final EmailTokenService email;
    private final AdminService admin;
    private final SessionService sessions;
    private final AppPasswordService appPasswords;
    private final IdentityService identity;
    private final RateLimiter rateLimiter;
    private final SyncService sync;
    private final PlcOperationService plcOperations;

    private PdsAccounts(Builder b, PasswordHasher hasher, AppPasswordHasher appPasswordHasher, PlcDirectory plc,
                        Mailer mailer, SecureRandom random, Executor background) {
        // The one wiring place: every use case gets exactly the collaborators it uses, nothing else.
        Clock clock = Clock.tick(b.clock, Duration.ofMillis(1)); // the precision every store keeps
        PdsConfig config = b.config;
        PdsSecrets secrets = b.secrets;
        AccountStore store = b.store;
        HandlePolicy handlePolicy = HandlePolicy.of(config.serviceHandleDomains(), ReservedHandles.defaults(),
                b.handleFilter);
        EmailPolicy emailPolicy = EmailPolicy.of(b.disposableEmailCheck);
        PasswordPolicy passwordPolicy = PasswordPolicy.of(config.minPasswordLength());
        SessionTokens sessionTokens = new SessionTokens(secrets.jwtSecret(), config.serviceDid(), b.clock,
                config.tokenClockSkew());
        DidResolver didResolver = b.didResolver != null ? b.didResolver : new PlcDirectoryDidResolver(plc);
        SessionIssuer issuer = new SessionIssuer(config, clock, random, sessionTokens);
        AccountEventPublisher events = new AccountEventPublisher(store, b.accountEvents, clock);
        HandleUpdates handles = new HandleUpdates(secrets, store, plc, handlePolicy, b.handleResolver, events);
        AccountImport imports = new AccountImport(config, secrets, store, clock, random, hasher, plc,
                b.phoneVerifier, handlePolicy, emailPolicy, passwordPolicy, b.handleResolver, didResolver, issuer,
                events);
        this.config = config;
        this.store = store;
        this.mailer = mailer;
        this.plcDirectory = plc;
        this.rateLimiter = b.rateLimiter;
        this.accounts = new AccountService(config, secrets, store, clock, random, hasher, plc, b.phoneVerifier,
                handlePolicy, emailPolicy, passwordPolicy, issuer, handles, imports, events);
        this.invites = new InviteService(config, store, clock, random);
        this.email = new EmailTokenService(config, store, clock, random, mailer, hasher, emailPolicy,
                passwordPolicy, events, background);
        this.admin = new AdminService(store, clock, random, hasher, emailPolicy, passwordPolicy, handles, events,
                mailer);
        Login login = new Login(config, store, clock, random, mailer, hasher, appPasswordHasher, plc, emailPolicy,
                issuer);
        this.sessions = new SessionService(config, store, clock, random, plc, sessionTokens, issuer, login);
        this.appPasswords = new AppPasswordService(store, clock, random, appPasswordHasher);
        this.sync = new SyncService(store, b.repoRevisions);
        this.plcOperations = new PlcOperationService(config, secrets, store, plc, email, events);
        this.identity = new IdentityService(config, secrets, store, clock, random, plc, b.handleResolver,
                didResolver, events);
    }

    /** {@return the account part of {@code com.atproto.sync.*}: {@code getRepoStatus}} */
    public SyncService sync() {
        return sync;
    }

    /**
     * {@return the PLC operation use cases, {@code identity.signPlcOperation} and {@code identity.submitPlcOperation}}
     */
    public PlcOperationService plcOperations() {
        return plcOperations;
    }

    /**
     * Starts the staged builder.
     *
     * @return its first stage, which takes the configuration
     */
    public static ConfigStage builder() {
        return new Builder();
    }

    /** {@return account creation and lifecycle: handle update, deactivation, status} */
    public AccountService accounts() {
        return accounts;
    }

    /**
     * {@return the emailed-token flows: password reset, email confirmation and update, account deletion, PLC tokens}
     */
    public EmailTokenService email() {
        return email;
    }

    /** {@return the admin operations ({@code com.atproto.admin.*})} Authorising the admin is the host's job. */
    public AdminService admin() {
        return admin;
    }

    /** {@return the invite-code use cases (create, list, disable, the account's own codes)} */
    public InviteService invites() {
        return invites;
    }

    /** {@return the session use cases: login, refresh, logout, access-token checks} */
    public SessionService sessions() {
        return sessions;
    }

    /** {@return the app-password use cases: create, list, revoke (with their sessions)} */
    public AppPasswordService appPasswords() {
        return appPasswords;
    }

    /**
     * {@return the identity use cases: signing-key reservation, service auth, DID credentials, activation, handle
     * resolution}
     */
    public IdentityService identity() {
        return identity;
    }

    /** {@return the configuration this instance was built with} */
    public PdsConfig config() {
        return config;
    }

    /**
     * {@return the mailer in use} It is the host's, or a {@link RecordingMailer} with
     * {@link OptionalStage#developmentDoubles()}.
     */
    public Mailer mailer() {
        return mailer;
    }

    /**
     * {@return the rate limiter the host calls at its edge before a limited use case} (Default
     * {@link RateLimiter#NONE}.) The use cases never call it themselves.
     */
    public RateLimiter rateLimiter() {
        return rateLimiter;
    }

    /** {@return the store this instance was built with} */
    public AccountStore store() {
        return store;
    }

    /** {@return the PLC directory in use: the one set, or an {@link InMemoryPlcDirectory} with development doubles} */
    public PlcDirectory plcDirectory() {
        return plcDirectory;
    }

    /** First stage: the configuration. */
    public interface ConfigStage {
        /**
         * Sets the configuration.
         *
         * @param config the service's configuration
         * @return the next stage, which takes the secrets
         * @throws NullPointerException if {@code config} is null
         */
        SecretsStage config(PdsConfig config);
    }

    /** Second stage: the secrets. */
    public interface SecretsStage {
        /**
         * Sets the secrets.
         *
         * @param secrets the JWT secret and the other keys of the service
         * @return the next stage, which takes the store
         * @throws NullPointerException if {@code secrets} is null
         */
        StoreStage secrets(PdsSecrets secrets);
    }

    /** Third stage: the store. */
    public interface StoreStage {
        /**
         * Sets the store adapter.
         *
         * @param store the store, e.g. a JDBC, SQLite or in-memory one
         * @return the last stage, with the optional collaborators
         * @throws NullPointerException if {@code store} is null
         */
        OptionalStage store(AccountStore store);
    }

    /** Last stage: optional collaborators, each with a documented default, then {@link #build()}. */
    public interface OptionalStage {
        /**
         * Sets the clock (default {@link Clock#systemUTC()}); times are kept to the millisecond.
         *
         * @param clock the clock
         * @return this stage
         * @throws NullPointerException if {@code clock} is null
         */
        OptionalStage clock(Clock clock);

        /**
         * Sets the randomness for tokens, codes, salts and keys (default a new {@link SecureRandom}).
         *
         * @param random the source of randomness
         * @return this stage
         * @throws NullPointerException if {@code random} is null
         */
        OptionalStage random(SecureRandom random);

        /**
         * The mailer that delivers password-reset, confirmation and other token mails. Required: there is no
         * silent default (a {@link RecordingMailer} only through {@link #developmentDoubles()} or explicitly).
         *
         * @param mailer the host's mail delivery, e.g. the SMTP mailer of the {@code mailer-smtp} module
         * @return this stage
         * @throws NullPointerException if {@code mailer} is null
         */
        OptionalStage mailer(Mailer mailer);

        /**
         * The password hasher (default Argon2id v1 parameters for new hashes, verifying reference scrypt
         * hashes too, with rehash on login).
         *
         * @param hasher the hasher for new passwords and for checking stored hashes
         * @return this stage
         * @throws NullPointerException if {@code hasher} is null
         */
        OptionalStage passwordHasher(PasswordHasher hasher);

        /**
         * The hash app passwords are stored as (default: a {@link ReferenceAppPasswordHasher}, the reference PDS's
         * scrypt with a per-account salt, at most one computation per processor at once, so a reference PDS's
         * app passwords keep working). Every failed login pays one such hash. Tests may pass
         * {@link ReferenceAppPasswordHasher#forTestsOnly()}; production keeps the default.
         *
         * @param hasher the app-password hash
         * @return this stage
         * @throws NullPointerException if {@code hasher} is null
         */
        OptionalStage appPasswordHasher(AppPasswordHasher hasher);

        /**
         * The PLC directory new DIDs are published to, e.g. {@code HttpPlcDirectory} of the {@code identity-http}
         * module. Required: there is no silent default (an {@link InMemoryPlcDirectory} only through
         * {@link #developmentDoubles()} or explicitly).
         *
         * @param directory the PLC directory
         * @return this stage
         * @throws NullPointerException if {@code directory} is null
         */
        OptionalStage plcDirectory(PlcDirectory directory);

        /**
         * Development and tests only: where no PLC directory or mailer is set, use the in-memory doubles, an
         * {@link InMemoryPlcDirectory} (DIDs nobody else can resolve) and a {@link RecordingMailer} (mail kept in
         * memory, never delivered). Without this call, {@link #build()} refuses to build without both.
         *
         * @return this stage
         */
        OptionalStage developmentDoubles();

        /**
         * Sets the handle resolver for custom-domain handles (default {@link HandleResolver#NONE}).
         *
         * @param resolver the resolver, e.g. the DNS and well-known one of the {@code identity-http} module
         * @return this stage
         * @throws NullPointerException if {@code resolver} is null
         */
        OptionalStage handleResolver(HandleResolver resolver);

        /**
         * Runs work taken off the caller's thread so that its time reveals nothing: today the token write and the
         * mail of {@code requestPasswordReset}, which must cost a registered and an unknown email the same. The
         * use case submits exactly one task per call; a {@link java.util.concurrent.RejectedExecutionException}
         * becomes an {@link dev.pdsaccounts.error.InfrastructureException} for the caller, and a failing task is
         * logged, never thrown.
         *
         * <p>Default: one executor per built {@code PdsAccounts} with {@value #DEFAULT_BACKGROUND_THREADS} daemon
         * threads named {@code pdsaccounts-background}, started on demand and ended after
         * {@value #DEFAULT_BACKGROUND_IDLE_SECONDS} idle seconds, and a queue of {@value #DEFAULT_BACKGROUND_QUEUE}
         * tasks (a full queue refuses). Tasks still queued when the JVM exits are lost (the user asks again); a host
         * that wants an orderly shutdown passes its own executor and shuts it down. Tests pass
         * {@code Runnable::run} to run the work on the calling thread, deterministically.
         *
         * @param executor the executor of the background work
         * @return this stage
         * @throws NullPointerException if {@code executor} is null
         */
        OptionalStage backgroundExecutor(Executor executor);

        /**
         * The DID resolver (default a {@link PlcDirectoryDidResolver} over the PLC directory: did:plc only).
         *
         * @param resolver the DID resolver, e.g. the HTTP one of the {@code identity-http} module (did:plc and did:web)
         * @return this stage
         * @throws NullPointerException if {@code resolver} is null
         */
        OptionalStage didResolver(DidResolver resolver);

        /**
         * Sets the phone verifier (default {@link PhoneVerifier#REJECT_ALL}; only used when phones are required).
         *
         * @param verifier the host's check of a phone number and its code
         * @return this stage
         * @throws NullPointerException if {@code verifier} is null
         */
        OptionalStage phoneVerifier(PhoneVerifier verifier);

        /**
         * Sets an extra handle filter, e.g. for offensive words (default none).
         *
         * @param filter the filter, asked after the built-in handle rules
         * @return this stage
         * @throws NullPointerException if {@code filter} is null
         */
        OptionalStage handleFilter(HandleFilter filter);

        /**
         * The disposable-email check (default {@link dev.pdsaccounts.account.DisposableEmailDomains#defaults()},
         * the reference's list; {@link DisposableEmailCheck#NONE} accepts every domain; extend the default with
         * {@code DisposableEmailDomains.defaults().plus(...)} or {@link DisposableEmailCheck#or}).
         *
         * @param check the check of an email's domain
         * @return this stage
         * @throws NullPointerException if {@code check} is null
         */
        OptionalStage disposableEmailCheck(DisposableEmailCheck check);

        /**
         * The host's repository revisions, reported by {@code sync.getRepoStatus} for active accounts (default
         * {@link RepoRevisions#NONE}: {@code rev} omitted).
         *
         * @param revisions the hook
         * @return this stage
         */
        OptionalStage repoRevisions(RepoRevisions revisions);

        /**
         * The rate limiter returned by {@link PdsAccounts#rateLimiter()} for the host to call at its edge
         * (default {@link RateLimiter#NONE}; {@link dev.pdsaccounts.ratelimit.InMemoryRateLimiter} has the
         * reference's limits).
         *
         * @param limiter the rate limiter
         * @return this stage
         * @throws NullPointerException if {@code limiter} is null
         */
        OptionalStage rateLimiter(RateLimiter limiter);

        /**
         * Where the account events go, for the host to sequence its firehose: one
         * {@link dev.pdsaccounts.events.IdentityEvent} or {@link dev.pdsaccounts.events.AccountStatusEvent} per
         * committed change, after commit (default {@link AccountEvents#NONE}: events are optional).
         *
         * @param events the host's listener
         * @return this stage
         */
        OptionalStage accountEvents(AccountEvents events);

        /**
         * Builds the service.
         *
         * @return the service, ready to use
         *
         * @throws ConfigurationException naming the missing setting when no PLC directory or no mailer was set
         *     and {@link #developmentDoubles()} was not chosen
         */
        PdsAccounts build();
    }

    private static final class Builder implements ConfigStage, SecretsStage, StoreStage, OptionalStage {
        private PdsConfig config;
        private PdsSecrets secrets;
        private AccountStore store;
        private Clock clock = Clock.systemUTC();
        private SecureRandom random;
        private Mailer mailer;
        private PasswordHasher hasher;
        private AppPasswordHasher appPasswordHasher;
        private PlcDirectory plcDirectory;
        private PhoneVerifier phoneVerifier = PhoneVerifier.REJECT_ALL;
        private HandleResolver handleResolver = HandleResolver.NONE;
        private RateLimiter rateLimiter = RateLimiter.NONE;
        private AccountEvents accountEvents = AccountEvents.NONE;
        private DidResolver didResolver;
        private HandleFilter handleFilter = HandleFilter.NONE;
        private DisposableEmailCheck disposableEmailCheck = DisposableEmailDomains.defaults();
        private RepoRevisions repoRevisions = RepoRevisions.NONE;
        private Executor backgroundExecutor;
        private boolean developmentDoubles;

        @Override
        public SecretsStage config(PdsConfig c) {
            this.config = Objects.requireNonNull(c, "config");
            return this;
        }

        @Override
        public StoreStage secrets(PdsSecrets s) {
            this.secrets = Objects.requireNonNull(s, "secrets");
            return this;
        }

        @Override
        public OptionalStage store(AccountStore s) {
            this.store = Objects.requireNonNull(s, "store");
            return this;
        }

        @Override
        public OptionalStage clock(Clock c) {
            this.clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        @Override
        public OptionalStage random(SecureRandom r) {
            this.random = Objects.requireNonNull(r, "random");
            return this;
        }

        @Override
        public OptionalStage mailer(Mailer m) {
            this.mailer = Objects.requireNonNull(m, "mailer");
            return this;
        }

        @Override
        public OptionalStage passwordHasher(PasswordHasher h) {
            this.hasher = Objects.requireNonNull(h, "passwordHasher");
            return this;
        }

        @Override
        public OptionalStage appPasswordHasher(AppPasswordHasher h) {
            this.appPasswordHasher = Objects.requireNonNull(h, "appPasswordHasher");
            return this;
        }

        @Override
        public OptionalStage plcDirectory(PlcDirectory d) {
            this.plcDirectory = Objects.requireNonNull(d, "plcDirectory");
            return this;
        }

        @Override
        public OptionalStage developmentDoubles() {
            this.developmentDoubles = true;
            return this;
        }

        @Override
        public OptionalStage rateLimiter(RateLimiter l) {
            this.rateLimiter = Objects.requireNonNull(l, "rateLimiter");
            return this;
        }

        @Override
        public OptionalStage accountEvents(AccountEvents e) {
            this.accountEvents = Objects.requireNonNull(e, "accountEvents");
            return this;
        }

        @Override
        public OptionalStage handleResolver(HandleResolver r) {
            this.handleResolver = Objects.requireNonNull(r, "handleResolver");
            return this;
        }

        @Override
        public OptionalStage backgroundExecutor(Executor e) {
            this.backgroundExecutor = Objects.requireNonNull(e, "backgroundExecutor");
            return this;
        }

        @Override
        public OptionalStage didResolver(DidResolver r) {
            this.didResolver = Objects.requireNonNull(r, "didResolver");
            return this;
        }

        @Override
        public OptionalStage phoneVerifier(PhoneVerifier v) {
            this.phoneVerifier = Objects.requireNonNull(v, "phoneVerifier");
            return this;
        }

        @Override
        public OptionalStage handleFilter(HandleFilter f) {
            this.handleFilter = Objects.requireNonNull(f, "handleFilter");
            return this;
        }

        @Override
        public OptionalStage repoRevisions(RepoRevisions r) {
            this.repoRevisions = Objects.requireNonNull(r, "repoRevisions");
            return this;
        }

        @Override
        public OptionalStage disposableEmailCheck(DisposableEmailCheck d) {
            this.disposableEmailCheck = Objects.requireNonNull(d, "disposableEmailCheck");
            return this;
        }

        @Override
        public PdsAccounts build() {
            SecureRandom rnd = random != null ? random : new SecureRandom();
            PasswordHasher h = hasher != null ? hasher : DelegatingPasswordHasher.standard();
            AppPasswordHasher ah = appPasswordHasher != null ? appPasswordHasher : new ReferenceAppPasswordHasher();
            PlcDirectory plc = plcDirectory;
            if (plc == null) {
                if (!developmentDoubles) {
                    throw new ConfigurationException("plcDirectory is not set: pass an HttpPlcDirectory "
                            + "(module identity-http), or choose developmentDoubles() for an InMemoryPlcDirectory "
                            + "in development");
                }
                plc = new InMemoryPlcDirectory();
            }
            Mailer m = mailer;
            if (m == null) {
                if (!developmentDoubles) {
                    throw new ConfigurationException("mailer is not set: pass the Mailer that delivers your mail, "
                            + "or choose developmentDoubles() for a RecordingMailer in development");
                }
                m = new RecordingMailer();
            }
            Executor background = backgroundExecutor != null ? backgroundExecutor : defaultBackgroundExecutor();
            return new PdsAccounts(this, h, ah, plc, m, rnd, background);
        }
    }

    /** The default background executor (see {@link OptionalStage#backgroundExecutor}). */
    private static Executor defaultBackgroundExecutor() {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(DEFAULT_BACKGROUND_THREADS, DEFAULT_BACKGROUND_THREADS,
                DEFAULT_BACKGROUND_IDLE_SECONDS, TimeUnit.SECONDS, new ArrayBlockingQueue<>(DEFAULT_BACKGROUND_QUEUE),
                task -> {
                    Thread t = new Thread(task, "pdsaccounts-background");
                    t.setDaemon(true);
                    return t;
                });
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }
}
