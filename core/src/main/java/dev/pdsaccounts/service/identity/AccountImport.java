package dev.pdsaccounts.service.identity;

import dev.pdsaccounts.account.Account;
import dev.pdsaccounts.account.CreateAccountInput;
import dev.pdsaccounts.account.CreateAccountOutput;
import dev.pdsaccounts.service.internal.CreateAccountResult;
import dev.pdsaccounts.account.EmailPolicy;
import dev.pdsaccounts.account.HandleCheck;
import dev.pdsaccounts.account.HandlePolicy;
import dev.pdsaccounts.service.internal.NewAccount;
import dev.pdsaccounts.account.PasswordPolicy;
import dev.pdsaccounts.account.PhoneVerifier;
import dev.pdsaccounts.config.PdsConfig;
import dev.pdsaccounts.config.PdsSecrets;
import dev.pdsaccounts.crypto.PasswordHasher;
import dev.pdsaccounts.error.CodecException;
import dev.pdsaccounts.error.InfrastructureException;
import dev.pdsaccounts.error.LexiconError;
import dev.pdsaccounts.error.LexiconException;
import dev.pdsaccounts.identity.DagCbor;
import dev.pdsaccounts.identity.DidDocuments;
import dev.pdsaccounts.identity.DidResolver;
import dev.pdsaccounts.identity.HandleResolver;
import dev.pdsaccounts.identity.KeyAlgorithm;
import dev.pdsaccounts.identity.PlcDirectory;
import dev.pdsaccounts.identity.PlcOperations;
import dev.pdsaccounts.identity.PublicKey;
import dev.pdsaccounts.identity.ReservedSigningKey;
import dev.pdsaccounts.identity.ServiceAuth;
import dev.pdsaccounts.identity.ServiceAuthClaims;
import dev.pdsaccounts.identity.SigningKeyPair;
import dev.pdsaccounts.service.internal.AccountChanges;
import dev.pdsaccounts.service.internal.AccountEventPublisher;
import dev.pdsaccounts.service.internal.SessionIssuer;
import dev.pdsaccounts.session.IssuedSession;
import dev.pdsaccounts.session.Scope;
import dev.pdsaccounts.store.AccountStore;
import dev.pdsaccounts.syntax.Did;
import dev.pdsaccounts.syntax.Handle;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code com.atproto.server.createAccount} with an existing DID: the two paths the account service delegates
 * here (see {@link dev.pdsaccounts.service.account.AccountService#createAccount(CreateAccountInput, Optional)}).
 *
 * <p><b>Import</b> ({@code did} without {@code plcOp}; account migration). In order:
 * <ol>
 *   <li>a service-auth JWT is required ("Missing auth to create account with did: &lt;did&gt;", 401
 *       {@code AuthenticationRequired});</li>
 *   <li>the DID must resolve through the {@link DidResolver} ({@code UnresolvableDid} "Could not resolve DID:
 *       &lt;did&gt;");</li>
 *   <li>the JWT must verify ({@link ServiceAuth}: signed by the DID's {@code #atproto} key, {@code aud} = this
 *       service's DID, {@code lxm} = {@value #CREATE_ACCOUNT_METHOD}) and its issuer must be that DID (else
 *       the same "Missing auth ..." error);</li>
 *   <li>then the sign-up rules: password policy when a password is given (it is optional), invite code
 *       presence, phone verification when configured, email (required), handle (service-domain rules, or an
 *       external handle that must resolve to the DID through the {@link HandleResolver}: InvalidRequest
 *       "External handle did not resolve to DID"), {@code recoveryKey} syntax, then invite availability, DID,
 *       handle and email uniqueness;</li>
 *   <li>the signing key is the one reserved for the DID (taken) or a fresh secp256k1 key; no PLC operation is
 *       sent;</li>
 *   <li>the account is stored DEACTIVATED ({@code deactivatedAt} = now, {@code deleteAfter} = now + 3 days)
 *       with a full-access session; the output carries the resolved DID document.</li>
 * </ol>
 *
 * <p><b>Entryway-style</b> ({@code did} with {@code plcOp}): a service-auth JWT is optional (verified when
 * given); the sign-up rules apply as above; the operation must be a valid signed genesis
 * {@code plc_operation} (400 {@code IncompatibleDidDoc} "invalid plc operation") listing this service's
 * rotation key ("PLC DID does not include service rotation key"), signed by one of its rotation keys, creating
 * exactly {@code did} ("plc operation does not create the provided DID"); its handle, PDS endpoint and
 * signing key must be the requested handle ("provided handle does not match DID document handle"), this
 * service's public URL ("DID document pds endpoint does not match service endpoint") and a key reserved here
 * for the DID or, failing that, the named key (InvalidRequest "reserved signing key does not exist"; "DID
 * document signing key does not match service signing key"). The account is stored active, then the
 * operation is submitted to the PLC directory; if that fails the account is deleted again and the
 * reservation restored.
 *
 * <p>A reservation taken by a request that then fails is put back. Thread-safe.
 */
public final class AccountImport {
    private static final Logger LOG = LoggerFactory.getLogger(AccountImport.class);
    private final PdsConfig config;
    private final PdsSecrets secrets;
    private final AccountStore store;
    private final Clock clock;
    private final SecureRandom random;
    private final PasswordHasher passwordHasher;
    private final PlcDirectory plcDirectory;
    private final PhoneVerifier phoneVerifier;
    private final HandlePolicy handlePolicy;
    private final EmailPolicy emailPolicy;
    private final PasswordPolicy passwordPolicy;
    private final HandleResolver handleResolver;
    private final DidResolver didResolver;
    private final SessionIssuer sessions;
    private final AccountEventPublisher events;
    /** The lexicon method a migration's service-auth token must be bound to. */
    public static final String CREATE_ACCOUNT_METHOD = "com.atproto.server.createAccount";
    /** How long an imported, still deactivated account is kept by hint ({@code deleteAfter}). */
    public static final Duration IMPORT_RETENTION = Duration.ofDays(3);

    private final ServiceAuth serviceAuth;

    /**
     * Wired by {@link dev.pdsaccounts.PdsAccounts}'s builder, the one place that assembles the library.
     *
     * @param config the configuration
     * @param secrets the secrets
     * @param store the store port
     * @param clock the clock (millisecond precision)
     * @param random the randomness
     * @param passwordHasher hashes and verifies passwords
     * @param plcDirectory the PLC directory
     * @param phoneVerifier checks phone codes
     * @param handlePolicy the handle rules
     * @param emailPolicy the email rules
     * @param passwordPolicy the new-password rules
     * @param handleResolver resolves handles to DIDs
     * @param didResolver resolves DIDs to documents
     * @param sessions mints sessions
     * @param events publishes the creation after commit
     */
    public AccountImport(PdsConfig config,
            PdsSecrets secrets,
            AccountStore store,
            Clock clock,
            SecureRandom random,
            PasswordHasher passwordHasher,
            PlcDirectory plcDirectory,
            PhoneVerifier phoneVerifier,
            HandlePolicy handlePolicy,
            EmailPolicy emailPolicy,
            PasswordPolicy passwordPolicy,
            HandleResolver handleResolver,
            DidResolver didResolver,
            SessionIssuer sessions,
            AccountEventPublisher events) {
        this.config = Objects.requireNonNull(config, "config");
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.passwordHasher = Objects.requireNonNull(passwordHasher, "passwordHasher");
        this.plcDirectory = Objects.requireNonNull(plcDirectory, "plcDirectory");
        this.phoneVerifier = Objects.requireNonNull(phoneVerifier, "phoneVerifier");
        this.handlePolicy = Objects.requireNonNull(handlePolicy, "handlePolicy");
        this.emailPolicy = Objects.requireNonNull(emailPolicy, "emailPolicy");
        this.passwordPolicy = Objects.requireNonNull(passwordPolicy, "passwordPolicy");
        this.handleResolver = Objects.requireNonNull(handleResolver, "handleResolver");
        this.didResolver = Objects.requireNonNull(didResolver, "didResolver");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.events = Objects.requireNonNull(events, "events");
        this.serviceAuth = new ServiceAuth(clock, random);
    }

    /**
     * Verifies a service-auth JWT sent to {@code createAccount}: {@code aud} = this service's DID, {@code lxm}
     * = {@value #CREATE_ACCOUNT_METHOD}, signed by its issuer's {@code #atproto} key.
     *
     * @param jwt the token
     * @return the verified claims
     * @throws LexiconException {@code AuthenticationRequired} (401) when it does not verify
     */
    public ServiceAuthClaims verifyCreateAccountAuth(String jwt) {
        return serviceAuth.verify(jwt, config.serviceDid(), Optional.of(CREATE_ACCOUNT_METHOD),
                didResolver);
    }

    /**
     * Creates an account for an existing DID (see the class description).
     *
     * @param input the createAccount input; {@code did} must be present
     * @param serviceAuthJwt the Bearer service-auth token sent with the request, if any
     * @return tokens, handle, DID and (when it resolved) the DID document
     * @throws LexiconException as described on the class, and the sign-up errors of
     *     {@link dev.pdsaccounts.service.account.AccountService#createAccount(CreateAccountInput)}
     */
    public CreateAccountOutput createAccount(CreateAccountInput input, Optional<String> serviceAuthJwt) {
        if (input == null) {
            throw LexiconException.invalidRequest("Input is required");
        }
        Objects.requireNonNull(serviceAuthJwt, "serviceAuthJwt");
        if (input.did() == null) {
            throw LexiconException.invalidRequest("Unsupported input: \"plcOp\"");
        }
        String did = Did.parse(input.did()).value();
        PdsConfig cfg = config;
        boolean withOp = input.plcOp() != null;

        // 1-3. Authentication (import) or optional token check (entryway-style).
        Optional<Map<String, Object>> resolvedDoc = Optional.empty();
        if (withOp) {
            serviceAuthJwt.ifPresent(this::verifyCreateAccountAuth);
        } else {
            String jwt = serviceAuthJwt.filter(t -> !t.isEmpty()).orElseThrow(() -> missingAuth(did));
            resolvedDoc = Optional.of(didResolver.resolve(did).orElseThrow(() -> DidResolver.unresolvable(did)));
            ServiceAuthClaims claims = verifyCreateAccountAuth(jwt);
            if (!claims.issuerDid().equals(did)) {
                throw missingAuth(did);
            }
        }

        // 4. The sign-up rules, in the reference's order.
        String password = input.password();
        boolean hasPassword = password != null && !password.isEmpty();
        if (hasPassword) {
            passwordPolicy.checkNew(password);
        }
        Optional<String> inviteCode = Optional.ofNullable(input.inviteCode()).filter(c -> !c.isEmpty());
        if (cfg.inviteRequired() && inviteCode.isEmpty()) {
            throw new LexiconException(LexiconError.INVALID_INVITE_CODE, "No invite code provided");
        }
        if (cfg.phoneVerificationRequired()) {
            verifyPhone(input.verificationPhone(), input.verificationCode());
        }
        String email = emailPolicy.requireValid(input.email());
        Handle handle = handleFor(input.handle(), did);
        if (input.recoveryKey() != null) {
            try {
                PublicKey.parseDidKey(input.recoveryKey());
            } catch (CodecException e) {
                throw LexiconException.invalidRequest("recoveryKey must be a did:key (K-256 or P-256)");
            }
        }

        // 5. The operation (entryway-style) and the signing key.
        Map<String, Object> op = withOp ? checkPlcOp(input.plcOp(), did, handle) : null;
        Optional<ReservedSigningKey> reserved;
        SigningKeyPair signingKey;
        if (withOp) {
            Object named = ((Map<?, ?>) op.get("verificationMethods")).get(PlcOperations.ATPROTO_KEY_ID);
            reserved = take(did);
            if (reserved.isEmpty() && named instanceof String) {
                reserved = take((String) named);
            }
            if (reserved.isEmpty()) {
                throw LexiconException.invalidRequest("reserved signing key does not exist");
            }
            if (!reserved.get().keyDid().equals(named)) {
                restore(reserved.get());
                throw PlcOperations.incompatible("DID document signing key does not match service signing key");
            }
            signingKey = reserved.get().keyPair();
        } else {
            reserved = take(did);
            signingKey = reserved.isPresent() ? reserved.get().keyPair()
                    : SigningKeyPair.generate(KeyAlgorithm.SECP256K1, random);
        }

        // 6. Pre-checks, expensive work and the one atomic store step; a failure restores the reservation.
        IssuedSession session;
        Account stored;
        try {
            preCheck(did, inviteCode, handle, email, input.email());
            Optional<String> passwordHash = hasPassword ? Optional.of(passwordHasher.hash(password))
                    : Optional.empty();
            Instant now = clock.instant();
            session = sessions.issue(did, Scope.ACCESS, Optional.empty());
            Account account = Account.newAccount(did, handle.value(), Optional.of(email), passwordHash, now,
                    Optional.of(signingKey.privateKeyHex()));
            if (!withOp) {
                account = account.withDeactivation(Optional.of(now), Optional.of(now.plus(IMPORT_RETENTION)));
            }
            NewAccount newAccount = new NewAccount(account, inviteCode, session.refreshToken());
            CreateAccountResult result = store.inTransaction(tx -> AccountChanges.createAccount(tx, newAccount));
            requireCreated(result, handle, input.email());
            stored = account;
        } catch (RuntimeException e) {
            reserved.ifPresent(this::restore);
            throw e;
        }

        if (!withOp) {
            events.created(stored);
            return new CreateAccountOutput(session.accessJwt(), session.refreshJwt(), handle.value(), did,
                    resolvedDoc);
        }
        // 7. Entryway-style: register the operation only once the account is ours.
        try {
            plcDirectory.submit(did, op);
        } catch (RuntimeException e) {
            LOG.warn("PLC directory did not take the operation of {}; the new account is removed", did, e);
            store.inTransaction(tx -> AccountChanges.deleteAccount(tx, did, random));
            reserved.ifPresent(this::restore);
            if (e instanceof LexiconException || e instanceof InfrastructureException) {
                throw e;
            }
            throw new InfrastructureException("PLC directory rejected the operation", e);
        }
        events.created(stored);
        Optional<Map<String, Object>> didDoc;
        try {
            didDoc = didResolver.resolveFresh(did);
        } catch (RuntimeException e) {
            LOG.warn("DID document of the new account {} did not resolve; created without it", did, e);
            didDoc = Optional.empty(); // a courtesy: creation stands
        }
        return new CreateAccountOutput(session.accessJwt(), session.refreshJwt(), handle.value(), did, didDoc);
    }

    /** The handle: service-domain rules, or an external handle that must resolve to {@code did}. */
    private Handle handleFor(String rawHandle, String did) {
        HandleCheck check = handlePolicy.check(rawHandle, false);
        if (check instanceof HandleCheck.ExternalHandle) {
            Optional<String> resolved;
            try {
                resolved = handleResolver.resolve(check.handle().value());
            } catch (RuntimeException e) {
                resolved = Optional.empty();
            }
            if (resolved == null || !resolved.equals(Optional.of(did))) {
                throw LexiconException.invalidRequest("External handle did not resolve to DID");
            }
        }
        return check.handle();
    }

    /** Validates an entryway-style operation against the request and this service; returns a frozen copy. */
    private Map<String, Object> checkPlcOp(Map<String, Object> raw, String did, Handle handle) {
        Map<String, Object> op;
        String opDid;
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> frozen = (Map<String, Object>) DagCbor.freeze(raw);
            op = frozen;
            if (!PlcOperations.TYPE_OPERATION.equals(PlcOperations.validateShape(op, true))) {
                throw PlcOperations.incompatible("invalid plc operation");
            }
        } catch (CodecException | LexiconException e) {
            throw PlcOperations.incompatible("invalid plc operation");
        }
        String serviceKey = secrets.plcRotationKey().publicKey().didKey();
        if (!PlcOperations.rotationKeysOf(op).contains(serviceKey)) {
            throw PlcOperations.incompatible("PLC DID does not include service rotation key");
        }
        try {
            if (!PlcOperations.verifySignature(op, PlcOperations.rotationKeysOf(op))) {
                throw PlcOperations.incompatible("invalid plc operation");
            }
            opDid = PlcOperations.didForGenesis(op);
        } catch (CodecException | LexiconException e) {
            throw PlcOperations.incompatible("invalid plc operation");
        }
        if (!opDid.equals(did)) {
            throw PlcOperations.incompatible("plc operation does not create the provided DID");
        }
        Map<String, Object> doc = PlcOperations.didDocument(did, op);
        Optional<String> docHandle = DidDocuments.handle(doc).map(h -> h.toLowerCase(Locale.ROOT));
        if (!docHandle.equals(Optional.of(handle.value()))) {
            throw PlcOperations.incompatible("provided handle does not match DID document handle");
        }
        if (!DidDocuments.pdsEndpoint(doc).equals(Optional.of(config.publicUrl()))) {
            throw PlcOperations.incompatible("DID document pds endpoint does not match service endpoint");
        }
        return op;
    }

    private Optional<ReservedSigningKey> take(String didOrKeyDid) {
        Instant notBefore = clock.instant().minus(config.signingKeyReservationTtl()).plusMillis(1);
        return store.inTransaction(tx -> AccountChanges.takeReservedSigningKey(tx, didOrKeyDid, notBefore));
    }

    private void restore(ReservedSigningKey key) {
        store.inTransaction(tx -> {
            AccountChanges.restoreReservedSigningKey(tx, key);
            return null;
        });
    }

    private void preCheck(String did, Optional<String> inviteCode, Handle handle, String email, String emailAsGiven) {
        if (inviteCode.isPresent() && !AccountChanges.isInviteCodeAvailable(store, inviteCode.get())) {
            throw inviteNotAvailable();
        }
        if (store.findAccountByDid(did).isPresent()) {
            throw didTaken();
        }
        if (store.findAccountByHandle(handle.value()).isPresent()) {
            throw handleTaken(handle.value());
        }
        if (store.findAccountByEmail(email).isPresent()) {
            throw emailTaken(emailAsGiven);
        }
    }

    private static void requireCreated(CreateAccountResult result, Handle handle, String emailAsGiven) {
        if (result instanceof CreateAccountResult.HandleTaken) {
            throw handleTaken(handle.value());
        } else if (result instanceof CreateAccountResult.EmailTaken) {
            throw emailTaken(emailAsGiven);
        } else if (result instanceof CreateAccountResult.InviteUnavailable) {
            throw inviteNotAvailable();
        } else if (result instanceof CreateAccountResult.DidTaken) {
            throw didTaken();
        }
    }

    private void verifyPhone(String phone, String code) {
        if (phone == null || phone.isBlank()) {
            throw LexiconException.invalidRequest(
                    "Phone number verification is required on this server and none was provided.");
        }
        if (code == null || code.isBlank()) {
            throw LexiconException.invalidRequest("No phone verification code provided.");
        }
        if (phone.length() > 64 || code.length() > 64 || !phoneVerifier.verify(phone, code)) {
            throw LexiconException.invalidRequest("Could not verify phone number. Please try again.");
        }
    }

    private static LexiconException missingAuth(String did) {
        return ServiceAuth.auth("Missing auth to create account with did: " + did);
    }

    private static LexiconException inviteNotAvailable() {
        return new LexiconException(LexiconError.INVALID_INVITE_CODE, "Provided invite code not available");
    }

    private static LexiconException handleTaken(String handle) {
        return new LexiconException(LexiconError.HANDLE_NOT_AVAILABLE, "Handle already taken: " + handle);
    }

    private static LexiconException emailTaken(String emailAsGiven) {
        return LexiconException.invalidRequest("Email already taken: " + emailAsGiven);
    }

    private static LexiconException didTaken() {
        return LexiconException.invalidRequest("An account with this DID already exists");
    }
}
