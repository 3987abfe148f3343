package dev.pdsaccounts.service.account;

import dev.pdsaccounts.account.Account;
import dev.pdsaccounts.service.internal.AccountErrors;
import dev.pdsaccounts.account.AccountStatus;
import dev.pdsaccounts.account.AccountStatusView;
import dev.pdsaccounts.account.CreateAccountInput;
import dev.pdsaccounts.account.CreateAccountOutput;
import dev.pdsaccounts.service.internal.CreateAccountResult;
import dev.pdsaccounts.account.EmailPolicy;
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
import dev.pdsaccounts.identity.KeyAlgorithm;
import dev.pdsaccounts.identity.PlcDirectory;
import dev.pdsaccounts.identity.PlcOperations;
import dev.pdsaccounts.identity.PlcUpdates;
import dev.pdsaccounts.identity.PublicKey;
import dev.pdsaccounts.identity.SigningKeyPair;
import dev.pdsaccounts.service.internal.AccountChanges;
import dev.pdsaccounts.service.internal.AccountEventPublisher;
import dev.pdsaccounts.service.identity.AccountImport;
import dev.pdsaccounts.service.invite.InviteService;
import dev.pdsaccounts.service.internal.SessionIssuer;
import dev.pdsaccounts.session.IssuedSession;
import dev.pdsaccounts.session.Scope;
import dev.pdsaccounts.store.AccountStore;
import dev.pdsaccounts.syntax.Handle;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Account use cases: creation ({@code com.atproto.server.createAccount}), handle change
 * ({@code com.atproto.identity.updateHandle}), deactivation ({@code com.atproto.server.deactivateAccount}) and the
 * status view. Activation, email and password flows live elsewhere ({@link dev.pdsaccounts.service.email.EmailTokenService}
 * for the token-driven ones).
 *
 * <p>Every write follows one shape: validate in the reference's order (first bad field wins), do the
 * expensive work outside any store transaction (hash, keys, signed genesis operation), make one atomic
 * store call that decides every race, then the side effects.
 *
 * <pre>{@code
 * CreateAccountOutput out = pds.accounts().createAccount(CreateAccountInput.builder()
 *         .handle("alice.pds.example.com").email("alice@example.com").password("hunter22")
 *         .inviteCode(code).build());
 * }</pre>
 */
public final class AccountService {
    private static final Logger LOG = LoggerFactory.getLogger(AccountService.class);
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
    private final SessionIssuer sessions;
    private final HandleUpdates handles;
    private final AccountImport imports;
    private final AccountEventPublisher events;

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
     * @param sessions mints sessions
     * @param handles the handle-change rules
     * @param imports DID import and entryway-style creation
     * @param events publishes account events after commit
     */
    public AccountService(PdsConfig config,
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
            SessionIssuer sessions,
            HandleUpdates handles,
            AccountImport imports,
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
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.handles = Objects.requireNonNull(handles, "handles");
        this.imports = Objects.requireNonNull(imports, "imports");
        this.events = Objects.requireNonNull(events, "events");
    }

    /**
     * Creates an account with a new did:plc and returns its first session; the same as
     * {@link #createAccount(CreateAccountInput, Optional)} without a service-auth token (so a {@code did} import
     * is refused with {@code AuthenticationRequired}).
     *
     * @throws LexiconException {@code InvalidHandle}, {@code InvalidPassword}, {@code InvalidInviteCode},
     *                          {@code HandleNotAvailable} (reserved or taken), {@code UnsupportedDomain}, or
     *                          {@code InvalidRequest} (email missing, invalid or taken; unsupported input)
     *
     * @param input the sign-up fields
     * @return the new account's DID, handle and first session tokens
     */
    public CreateAccountOutput createAccount(CreateAccountInput input) {
        return createAccount(input, Optional.empty());
    }

    /**
     * Creates an account, with the request's Bearer service-auth JWT if one was sent. With {@code did} the
     * account imports that DID (migration; with {@code plcOp} too, entryway-style creation): see
     * {@link AccountImport}. Without, a new did:plc is created as {@link #createAccount(CreateAccountInput)}
     * does, after the token (when given) is verified as a {@code createAccount} service-auth token.
     *
     * @throws LexiconException as {@link #createAccount(CreateAccountInput)}, plus {@code AuthenticationRequired},
     *                          {@code UnresolvableDid} and {@code IncompatibleDidDoc} (see {@link AccountImport})
     *
     * @param input          the sign-up fields
     * @param serviceAuthJwt the request's Bearer token, or empty
     * @return the new account's DID, handle and first session tokens
     */
    public CreateAccountOutput createAccount(CreateAccountInput input, Optional<String> serviceAuthJwt) {
        if (input == null) {
            throw LexiconException.invalidRequest("Input is required");
        }
        if (input.did() != null) {
            return imports.createAccount(input, serviceAuthJwt);
        }
        serviceAuthJwt.ifPresent(imports::verifyCreateAccountAuth);
        PdsConfig cfg = config;
        // 1. plcOp is taken only together with a did (entryway-style creation).
        if (input.plcOp() != null) {
            throw AccountErrors.unsupportedInput("plcOp");
        }
        // 3. Password policy before anything else reads it.
        passwordPolicy.checkNew(input.password());
        // 4. Invite presence.
        Optional<String> inviteCode = Optional.ofNullable(input.inviteCode()).filter(c -> !c.isEmpty());
        if (cfg.inviteRequired() && inviteCode.isEmpty()) {
            throw AccountErrors.noInviteCode();
        }
        // Phone verification, when the service requires it.
        if (cfg.phoneVerificationRequired()) {
            verifyPhone(input.verificationPhone(), input.verificationCode());
        }
        // 5. Email.
        String email = emailPolicy.requireValid(input.email());
        // 6. Handle: syntax, TLD, filter, service-domain rules, reserved words.
        Handle handle = handlePolicy.requireServiceHandleForSignup(input.handle());
        Optional<String> recoveryKey = Optional.ofNullable(input.recoveryKey());
        recoveryKey.ifPresent(AccountService::requireDidKey);
        // 7-8. Fast pre-checks so a doomed request does no expensive work; the store decides races.
        // An over-long code cannot exist: refused as unavailable without reaching the store.
        if (inviteCode.isPresent() && (inviteCode.get().length() > InviteService.MAX_CODE_LENGTH
                || !AccountChanges.isInviteCodeAvailable(store, inviteCode.get()))) {
            throw AccountErrors.inviteNotAvailable();
        }
        if (store.findAccountByHandle(handle.value()).isPresent()) {
            throw AccountErrors.handleTaken(handle.value());
        }
        if (store.findAccountByEmail(email).isPresent()) {
            throw AccountErrors.emailTaken(input.email());
        }

        // Expensive work, outside any store transaction.
        String passwordHash = passwordHasher.hash(input.password());
        SigningKeyPair signingKey = SigningKeyPair.generate(KeyAlgorithm.SECP256K1, random);
        List<String> rotationKeys = new ArrayList<>();
        recoveryKey.ifPresent(rotationKeys::add);
        secrets.recoveryDidKey().ifPresent(rotationKeys::add);
        rotationKeys.add(secrets.plcRotationKey().publicKey().didKey());
        Map<String, Object> genesis = PlcOperations.sign(
                PlcOperations.genesisOperation(rotationKeys, signingKey.publicKey().didKey(), handle.value(),
                        cfg.publicUrl()),
                secrets.plcRotationKey());
        String did = PlcOperations.didForGenesis(genesis);

        Instant now = clock.instant();
        IssuedSession session = sessions.issue(did, Scope.ACCESS, Optional.empty());
        Account account = Account.newAccount(did, handle.value(), Optional.of(email), Optional.of(passwordHash), now,
                Optional.of(signingKey.privateKeyHex()));
        NewAccount newAccount = new NewAccount(account, inviteCode, session.refreshToken());
        CreateAccountResult result = store.inTransaction(tx -> AccountChanges.createAccount(tx, newAccount));
        if (result instanceof CreateAccountResult.HandleTaken) {
            throw AccountErrors.handleTaken(handle.value());
        } else if (result instanceof CreateAccountResult.EmailTaken) {
            throw AccountErrors.emailTaken(input.email());
        } else if (result instanceof CreateAccountResult.InviteUnavailable) {
            throw AccountErrors.inviteNotAvailable();
        } else if (result instanceof CreateAccountResult.DidTaken) {
            throw AccountErrors.didTaken();
        }

        // Register the DID only once the account is ours: a lost race never leaves a DID behind.
        try {
            plcDirectory.submit(did, genesis);
        } catch (RuntimeException e) {
            LOG.warn("PLC directory did not take the genesis operation of {}; the new account is removed", did, e);
            store.inTransaction(tx -> AccountChanges.deleteAccount(tx, did, random));
            if (e instanceof LexiconException || e instanceof InfrastructureException) {
                throw e;
            }
            throw new InfrastructureException("PLC directory rejected the genesis operation", e);
        }
        events.created(account);
        Optional<Map<String, Object>> didDoc;
        try {
            didDoc = plcDirectory.resolveDocument(did);
        } catch (RuntimeException e) {
            LOG.warn("DID document of the new account {} did not resolve; created without it", did, e);
            didDoc = Optional.empty(); // as the reference: the document is a courtesy, creation stands
        }
        return new CreateAccountOutput(session.accessJwt(), session.refreshJwt(), handle.value(), did, didDoc);
    }

    /**
     * {@code com.atproto.identity.updateHandle}: the owner changes the handle; rules in {@link HandleUpdates} (no
     * reserved handles). Setting the handle the account already has is a no-op success.
     *
     * @param did    the authenticated account
     * @param handle the new handle, any case
     * @return the normalised handle now held
     * @throws LexiconException {@code InvalidHandle}, {@code HandleNotAvailable} ("Reserved handle", "Handle already
     *                          taken: &lt;handle&gt;"), {@code InvalidRequest} ("account not found", "External handle
     *                          did not resolve to DID"), {@code AccountTakedown}, or {@code IncompatibleDidDoc}
     * @throws InfrastructureException when the PLC directory, the resolver or the store fails
     */
    public String updateHandle(String did, String handle) {
        handles.find(did).filter(Account::isTakenDown).ifPresent(a -> {
            throw takenDown();
        });
        return handles.updateHandle(did, handle, false);
    }

    /**
     * {@code com.atproto.server.deactivateAccount}: sets {@code deactivatedAt = now} and the owner's retention hint
     * (nothing deletes the account when it passes). Allowed while taken down. Deactivating again restarts the
     * clock. Sessions are kept.
     *
     * @param did         the authenticated account
     * @param deleteAfter the retention hint
     * @throws LexiconException {@code InvalidRequest} "account not found"
     */
    public void deactivateAccount(String did, Optional<Instant> deleteAfter) {
        Account account = handles.find(did).orElseThrow(HandleUpdates::accountNotFound);
        Optional<Instant> after = deleteAfter == null ? Optional.empty() : deleteAfter;
        Instant now = clock.instant();
        if (!events.inTransaction(account.did(), tx -> AccountChanges.update(tx, account.did(),
                a -> a.withDeactivation(Optional.of(now), after)))) {
            throw HandleUpdates.accountNotFound();
        }
    }

    /**
     * The account's status: the derived {@code status} and {@code active}, and {@code checkAccountStatus}'s
     * {@code activated} and {@code validDid} (whose DID document, for a did:plc read from the PLC directory, must
     * list the PDS rotation key, name this PDS's public URL as {@code atproto_pds} endpoint and the account's
     * signing key as {@code atproto} key; an unreachable directory or another DID method gives {@code false}).
     *
     * @param did the account
     * @return the view; {@link AccountStatus#DELETED} (inactive, not activated, no valid DID) when there is no such
     *         account
     */
    public AccountStatusView accountStatus(String did) {
        Optional<Account> found = handles.find(did);
        if (found.isEmpty()) {
            return new AccountStatusView(did == null ? "" : did, AccountStatus.DELETED, Optional.empty(), false,
                    false, false);
        }
        Account a = found.get();
        return new AccountStatusView(a.did(), a.status(), a.deactivatedAt(), a.isTakenDown(),
                a.deactivatedAt().isEmpty(), validDid(a));
    }

    /**
     * The legacy {@code com.atproto.account.get}, which the reference never implemented.
     *
     * @throws LexiconException always: {@code MethodNotImplemented} "Not implemented"
     */
    public void legacyAccountGet() {
        throw new LexiconException(LexiconError.METHOD_NOT_IMPLEMENTED, "Not implemented");
    }

    private boolean validDid(Account account) {
        if (!account.did().startsWith("did:plc:") || account.signingKey().isEmpty()) {
            return false;
        }
        try {
            Optional<Map<String, Object>> last = plcDirectory.lastOperation(account.did());
            if (last.isEmpty()) {
                return false;
            }
            Map<String, Object> state = PlcUpdates.currentState(last.get());
            String rotationKey = secrets.plcRotationKey().publicKey().didKey();
            String signingKey = SigningKeyPair.fromPrivateKeyHex(KeyAlgorithm.SECP256K1, account.signingKey().get())
                    .publicKey().didKey();
            Object services = state.get("services");
            Object pds = services instanceof Map ? ((Map<?, ?>) services).get(PlcOperations.ATPROTO_PDS_ID) : null;
            Object endpoint = pds instanceof Map ? ((Map<?, ?>) pds).get("endpoint") : null;
            Object methods = state.get("verificationMethods");
            Object key = methods instanceof Map ? ((Map<?, ?>) methods).get(PlcOperations.ATPROTO_KEY_ID) : null;
            return PlcUpdates.rotationKeys(last.get()).contains(rotationKey)
                    && config.publicUrl().equals(endpoint)
                    && signingKey.equals(key);
        } catch (RuntimeException e) {
            return false; // as the reference: any failure to confirm the document means "not valid"
        }
    }

    private static LexiconException takenDown() {
        return new LexiconException(LexiconError.ACCOUNT_TAKEDOWN, "Account has been taken down");
    }

    private void verifyPhone(String phone, String code) {
        if (phone == null || phone.isBlank()) {
            throw AccountErrors.phoneRequired();
        }
        if (code == null || code.isBlank()) {
            throw AccountErrors.phoneCodeRequired();
        }
        if (phone.length() > 64 || code.length() > 64 || !phoneVerifier.verify(phone, code)) {
            throw AccountErrors.phoneRejected();
        }
    }

    private static void requireDidKey(String didKey) {
        try {
            PublicKey.parseDidKey(didKey);
        } catch (CodecException e) {
            throw AccountErrors.invalidRecoveryKey();
        }
    }
}
