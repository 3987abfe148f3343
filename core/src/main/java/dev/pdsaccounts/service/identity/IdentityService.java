package dev.pdsaccounts.service.identity;

import dev.pdsaccounts.account.Account;
import dev.pdsaccounts.config.PdsConfig;
import dev.pdsaccounts.config.PdsSecrets;
import dev.pdsaccounts.error.CodecException;
import dev.pdsaccounts.error.LexiconError;
import dev.pdsaccounts.error.LexiconException;
import dev.pdsaccounts.identity.DidDocuments;
import dev.pdsaccounts.identity.DidResolver;
import dev.pdsaccounts.identity.HandleResolver;
import dev.pdsaccounts.identity.KeyAlgorithm;
import dev.pdsaccounts.identity.PlcDirectory;
import dev.pdsaccounts.identity.PlcOperations;
import dev.pdsaccounts.identity.RecommendedDidCredentials;
import dev.pdsaccounts.identity.ReservedSigningKey;
import dev.pdsaccounts.identity.ServiceAuth;
import dev.pdsaccounts.identity.ServiceAuthClaims;
import dev.pdsaccounts.identity.SigningKeyPair;
import dev.pdsaccounts.service.internal.AccountChanges;
import dev.pdsaccounts.service.internal.AccountEventPublisher;
import dev.pdsaccounts.session.Scope;
import dev.pdsaccounts.store.AccountStore;
import dev.pdsaccounts.syntax.Did;
import dev.pdsaccounts.syntax.Handle;
import dev.pdsaccounts.syntax.Nsid;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Identity use cases: {@code server.reserveSigningKey}, {@code server.getServiceAuth},
 * {@code identity.getRecommendedDidCredentials}, {@code server.activateAccount} and
 * {@code identity.resolveHandle}. Callers (the host's XRPC layer) have already authenticated the account; the
 * {@code did} arguments are the authenticated account's.
 *
 * <pre>{@code
 * String token = pds.identity().getServiceAuth(did, "did:web:new-pds.example",
 *         Optional.of(nowSeconds + 600), Optional.of("com.atproto.server.createAccount"), Scope.ACCESS);
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class IdentityService {
    private static final Logger LOG = LoggerFactory.getLogger(IdentityService.class);
    /** Longest lifetime a requested service-auth token may have. */
    public static final Duration MAX_SERVICE_AUTH_LIFETIME = Duration.ofHours(1);
    /** Longest lifetime of a service-auth token bound to no method (also the default lifetime). */
    public static final Duration MAX_METHODLESS_LIFETIME = Duration.ofMinutes(1);
    /** Longest {@code aud} accepted (the lexicon's maxLength). */
    public static final int MAX_AUD_LENGTH = 2048;

    /** Account-management methods a service-auth token can never be requested for (the reference's list). */
    public static final Set<String> PROTECTED_METHODS = Set.of(
            "com.atproto.admin.sendEmail",
            "com.atproto.identity.requestPlcOperationSignature",
            "com.atproto.identity.signPlcOperation",
            "com.atproto.identity.updateHandle",
            "com.atproto.server.activateAccount",
            "com.atproto.server.confirmEmail",
            "com.atproto.server.createAppPassword",
            "com.atproto.server.deactivateAccount",
            "com.atproto.server.getAccountInviteCodes",
            "com.atproto.server.getSession",
            "com.atproto.server.listAppPasswords",
            "com.atproto.server.requestAccountDelete",
            "com.atproto.server.requestEmailConfirmation",
            "com.atproto.server.requestEmailUpdate",
            "com.atproto.server.revokeAppPassword",
            "com.atproto.server.updateEmail");
    private static final Set<String> PROTECTED_METHODS_FOLDED = PROTECTED_METHODS.stream()
            .map(m -> m.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());

    private final PdsConfig config;
    private final PdsSecrets secrets;
    private final AccountStore store;
    private final Clock clock;
    private final SecureRandom random;
    private final PlcDirectory plcDirectory;
    private final HandleResolver handleResolver;
    private final DidResolver didResolver;
    private final AccountEventPublisher events;
    private final ServiceAuth serviceAuth;

    /**
     * Wired by {@link dev.pdsaccounts.PdsAccounts}'s builder, the one place that assembles the library.
     *
     * @param config the configuration
     * @param secrets the secrets
     * @param store the store port
     * @param clock the clock (millisecond precision)
     * @param random the randomness
     * @param plcDirectory the PLC directory
     * @param handleResolver resolves handles to DIDs
     * @param didResolver resolves DIDs to documents
     * @param events publishes activations after commit
     */
    public IdentityService(PdsConfig config,
            PdsSecrets secrets,
            AccountStore store,
            Clock clock,
            SecureRandom random,
            PlcDirectory plcDirectory,
            HandleResolver handleResolver,
            DidResolver didResolver,
            AccountEventPublisher events) {
        this.config = Objects.requireNonNull(config, "config");
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.plcDirectory = Objects.requireNonNull(plcDirectory, "plcDirectory");
        this.handleResolver = Objects.requireNonNull(handleResolver, "handleResolver");
        this.didResolver = Objects.requireNonNull(didResolver, "didResolver");
        this.events = Objects.requireNonNull(events, "events");
        this.serviceAuth = new ServiceAuth(clock, random);
    }

    // ---------------------------------------------------------------- reserveSigningKey

    /**
     * Reserves a secp256k1 signing key for an account about to be created here (its DID document can name the key
     * first). No auth, so nobody can disturb another's reservation: a DID that already has a live reservation
     * gets the SAME key back, never a replacement (as the reference). Reservations live
     * {@link PdsConfig#signingKeyReservationTtl()} (24 hours by default), are swept on every reservation, and at
     * most {@link PdsConfig#maxSigningKeyReservations()} are held (10,000 by default; concurrent requests may pass
     * it by their number).
     *
     * @param did the DID the key is for, if known
     * @return the key as did:key
     * @throws LexiconException {@code InvalidRequest} for a malformed DID; {@code RateLimitExceeded} (429) "Too
     *                          many signing keys are reserved, try again later" when the bound is reached
     */
    public String reserveSigningKey(Optional<String> did) {
        Objects.requireNonNull(did, "did");
        did.ifPresent(Did::parse);
        // Generated before the transaction (never while rows are locked), even if the DID's reservation wins.
        SigningKeyPair key = SigningKeyPair.generate(KeyAlgorithm.SECP256K1, random);
        Instant now = clock.instant();
        ReservedSigningKey fresh = new ReservedSigningKey(key.publicKey().didKey(), did, key.privateKeyHex(), now);
        Instant notBefore = now.minus(config.signingKeyReservationTtl()).plusMillis(1);
        int max = config.maxSigningKeyReservations();
        return store.inTransaction(tx -> AccountChanges.reserveSigningKey(tx, fresh, notBefore, max))
                .map(ReservedSigningKey::keyDid)
                .orElseThrow(() -> new LexiconException(LexiconError.RATE_LIMIT_EXCEEDED,
                        "Too many signing keys are reserved, try again later"));
    }

    // ---------------------------------------------------------------- getServiceAuth

    /**
     * Issues a service-auth JWT signed with the account's signing key ({@link ServiceAuth}), with the
     * reference's restrictions, in its order:
     * <ol>
     *   <li>{@code exp} (epoch seconds), when given: in the past → {@code BadExpiration} "expiration is in
     *       past"; more than an hour ahead → {@code BadExpiration} "cannot request a token with an expiration
     *       more than an hour in the future"; without {@code lxm} more than a minute ahead →
     *       {@code BadExpiration} "cannot request a method-less token with an expiration more than a minute in
     *       the future". Default: now + 60 s.</li>
     *   <li>{@code aud} not a {@code did:plc}/{@code did:web} DID, optionally with a non-empty {@code #service}
     *       fragment → {@code InvalidRequest} "aud must be a valid atproto DID or did#serviceId reference";</li>
     *   <li>{@code lxm} in {@link #PROTECTED_METHODS}, compared ignoring case as the reference does → {@code InvalidRequest} "cannot request a service auth
     *       token for the following protected method: X"; {@code com.atproto.server.createAccount} or a
     *       {@code chat.bsky.*} method from a non-privileged app password → {@code InvalidRequest} "insufficient
     *       access to request a service auth token for the following method: X".</li>
     * </ol>
     * A taken-down account's session ({@link Scope#TAKENDOWN}) may only request a
     * {@code com.atproto.server.createAccount} token, to migrate away ({@code InvalidToken} "Bad token scope"
     * otherwise, as for refresh and signup-queued scopes).
     *
     * @param did the authenticated account
     * @param aud the audience: a DID, optionally with a {@code #service} fragment
     * @param exp the requested expiry in epoch seconds, if any
     * @param lxm the lexicon method to bind the token to, if any
     * @param callerScope the scope of the caller's session
     * @return the compact JWS
     * @throws LexiconException as above; {@code InvalidRequest} for a malformed {@code aud} or {@code lxm};
     *     {@code AccountNotFound} when the account does not exist
     */
    public String getServiceAuth(String did, String aud, Optional<Long> exp, Optional<String> lxm,
                                 Scope callerScope) {
        Objects.requireNonNull(exp, "exp");
        Objects.requireNonNull(lxm, "lxm");
        if (callerScope == null || !(Scope.STANDARD.contains(callerScope) || callerScope == Scope.TAKENDOWN)) {
            throw new LexiconException(LexiconError.INVALID_TOKEN, "Bad token scope");
        }
        if (!isAtprotoAudience(aud)) {
            throw LexiconException.invalidRequest("aud must be a valid atproto DID or did#serviceId reference");
        }
        if (lxm.isPresent() && !Nsid.isValid(lxm.get())) {
            throw LexiconException.invalidRequest("Invalid lxm: must be an NSID");
        }
        Instant now = clock.instant();
        if (exp.isPresent()) {
            long expSeconds = exp.get();
            // Compare in milliseconds as the reference; clamp so absurd values cannot overflow.
            long expMillis = expSeconds > Long.MAX_VALUE / 1000 ? Long.MAX_VALUE
                    : expSeconds < Long.MIN_VALUE / 1000 ? Long.MIN_VALUE : expSeconds * 1000;
            long diff = expMillis - now.toEpochMilli();
            if (expMillis < now.toEpochMilli()) {
                throw new LexiconException(LexiconError.BAD_EXPIRATION, "expiration is in past");
            } else if (diff > MAX_SERVICE_AUTH_LIFETIME.toMillis()) {
                throw new LexiconException(LexiconError.BAD_EXPIRATION,
                        "cannot request a token with an expiration more than an hour in the future");
            } else if (lxm.isEmpty() && diff > MAX_METHODLESS_LIFETIME.toMillis()) {
                throw new LexiconException(LexiconError.BAD_EXPIRATION,
                        "cannot request a method-less token with an expiration more than a minute in the future");
            }
        }
        if (lxm.isPresent()) {
            String method = lxm.get();
            if (PROTECTED_METHODS_FOLDED.contains(method.toLowerCase(Locale.ROOT))) {
                throw LexiconException.invalidRequest(
                        "cannot request a service auth token for the following protected method: " + method);
            }
            boolean privileged = callerScope == Scope.ACCESS || callerScope == Scope.APP_PASS_PRIVILEGED
                    || (callerScope == Scope.TAKENDOWN && isCreateAccount(method));
            if (!privileged && isPrivilegedMethod(method)) {
                throw LexiconException.invalidRequest(
                        "insufficient access to request a service auth token for the following method: " + method);
            }
        }
        if (callerScope == Scope.TAKENDOWN && !lxm.map(IdentityService::isCreateAccount).orElse(false)) {
            throw new LexiconException(LexiconError.INVALID_TOKEN, "Bad token scope");
        }
        SigningKeyPair key = signingKeyOf(requireAccount(did));
        Instant expiry = exp.map(Instant::ofEpochSecond).orElse(now.plus(MAX_METHODLESS_LIFETIME));
        try {
            return serviceAuth.issue(key, did, aud, lxm, expiry);
        } catch (CodecException e) {
            throw e.toInvalidRequest(); // e.g. an aud fragment with a lone surrogate cannot be written as JSON
        }
    }

    /** The reference compares method names lower-cased: {@code com.atproto.server.createaccount} is createAccount. */
    private static boolean isPrivilegedMethod(String method) {
        return isCreateAccount(method) || method.toLowerCase(Locale.ROOT).startsWith("chat.bsky.");
    }

    private static boolean isCreateAccount(String method) {
        return AccountImport.CREATE_ACCOUNT_METHOD.equalsIgnoreCase(method);
    }

    /**
     * An audience the reference accepts: an atproto DID ({@code did:plc} or {@code did:web}), optionally followed
     * by {@code #} and a non-empty service id.
     */
    static boolean isAtprotoAudience(String aud) {
        if (aud == null || aud.isEmpty() || aud.length() > MAX_AUD_LENGTH) {
            return false;
        }
        int hash = aud.indexOf('#');
        if (hash == aud.length() - 1) {
            return false;
        }
        String did = hash < 0 ? aud : aud.substring(0, hash);
        if (!Did.isValid(did)) {
            return false;
        }
        String method = Did.parse(did).method();
        return "plc".equals(method) || "web".equals(method);
    }

    // ---------------------------------------------------------------- moderation service auth

    /**
     * Verifies a service-auth JWT sent by the configured moderation service
     * ({@link PdsConfig#moderationServiceDid()}) to one of the moderation admin methods, as the reference does:
     * issuer that DID or {@code <did>#atproto_labeler} (signed with its {@code #atproto_label} key), audience this
     * service's DID; an {@code lxm}, when present, must be the called method. Only the moderation service's DID is
     * ever resolved: a token from any other issuer fails without a network call.
     *
     * @param jwt    the Bearer token
     * @param method the called method (an NSID)
     * @return the verified issuer
     * @throws LexiconException {@code AuthenticationRequired} (401): no moderation service configured
     *     ("Untrusted issuer"), another issuer, or any verification failure ({@link ServiceAuth})
     */
    public String verifyModerationServiceAuth(String jwt, String method) {
        Objects.requireNonNull(method, "method");
        String modDid = config.moderationServiceDid().orElseThrow(() -> ServiceAuth.auth("Untrusted issuer"));
        DidResolver onlyModerator = new DidResolver() {
            @Override
            public Optional<Map<String, Object>> resolve(String did) {
                return modDid.equals(did) ? didResolver.resolve(did) : Optional.empty();
            }

            @Override
            public Optional<Map<String, Object>> resolveFresh(String did) {
                return modDid.equals(did) ? didResolver.resolveFresh(did) : Optional.empty();
            }
        };
        ServiceAuthClaims claims = serviceAuth.verify(jwt, config.serviceDid(), Optional.empty(), onlyModerator);
        if (!claims.iss().equals(modDid) && !claims.iss().equals(modDid + ServiceAuth.LABELER_FRAGMENT)) {
            throw ServiceAuth.auth("Untrusted issuer");
        }
        if (claims.lxm().isPresent() && !claims.lxm().get().equals(method)) {
            throw ServiceAuth.auth("bad jwt lexicon method (\"lxm\"). must match: " + method);
        }
        return claims.iss();
    }

    // ---------------------------------------------------------------- getRecommendedDidCredentials

    /**
     * What the account's DID document should contain for this service to host it: rotation keys (server
     * recovery key when configured, then this service's PLC rotation key), {@code at://<handle>}, the
     * account's signing key as {@code atproto} verification method, and this service as {@code atproto_pds}.
     *
     * @param did the authenticated account (any status)
     * @return the credentials
     * @throws LexiconException {@code AccountNotFound} when the account does not exist
     */
    public RecommendedDidCredentials getRecommendedDidCredentials(String did) {
        Account account = requireAccount(did);
        List<String> rotationKeys = new ArrayList<>();
        secrets.recoveryDidKey().ifPresent(rotationKeys::add);
        rotationKeys.add(secrets.plcRotationKey().publicKey().didKey());
        return new RecommendedDidCredentials(
                rotationKeys,
                List.of("at://" + account.handle()),
                Map.of(PlcOperations.ATPROTO_KEY_ID, signingKeyOf(account).publicKey().didKey()),
                Map.of(PlcOperations.ATPROTO_PDS_ID, Map.of(
                        "type", PlcOperations.ATPROTO_PDS_TYPE,
                        "endpoint", config.publicUrl())));
    }

    // ---------------------------------------------------------------- activateAccount

    /**
     * Activates a (deactivated or imported) account once its DID document points here:
     * <ul>
     *   <li>no account, or taken down → {@code AccountNotFound} "user not found";</li>
     *   <li>did:plc: the PLC data (latest operation) must list this service's rotation key, else
     *       {@code InvalidRequest} "Server rotation key not included in PLC DID data";</li>
     *   <li>the DID document (read anew) must resolve ({@code InvalidRequest} "could not resolve valid DID
     *       document: &lt;did&gt;"), its {@code atproto_pds} endpoint must be the public URL ("DID document
     *       atproto_pds service endpoint does not match PDS public url") and its {@code atproto} key the account's
     *       signing key ("DID document verification method does not match expected signing key");</li>
     * </ul>
     * then clears {@code deactivatedAt} and {@code deleteAfter}. Activating an active account re-checks and
     * succeeds.
     *
     * @param did the authenticated account
     * @throws LexiconException as above; {@code UnresolvableDid} when the PLC directory or resolver fails
     */
    public void activateAccount(String did) {
        Account account = store.findAccountByDid(did == null ? "" : did)
                .filter(a -> !a.isTakenDown())
                .orElseThrow(() -> new LexiconException(LexiconError.ACCOUNT_NOT_FOUND, "user not found"));
        if ("plc".equals(Did.parse(did).method())) {
            Optional<Map<String, Object>> last;
            try {
                last = plcDirectory.lastOperation(did);
            } catch (LexiconException e) {
                throw e;
            } catch (RuntimeException e) {
                LOG.warn("PLC directory failed to give the last operation of {} for its activation", did, e);
                throw DidResolver.unresolvable(did);
            }
            if (last.isEmpty() || PlcOperations.TYPE_TOMBSTONE.equals(last.get().get("type"))) {
                throw LexiconException.invalidRequest("could not resolve valid DID document: " + did);
            }
            List<String> rotationKeys;
            try {
                PlcOperations.validateShape(last.get(), false);
                rotationKeys = PlcOperations.rotationKeysOf(last.get());
            } catch (CodecException | LexiconException e) {
                throw LexiconException.invalidRequest("could not resolve valid DID document: " + did);
            }
            if (!rotationKeys.contains(secrets.plcRotationKey().publicKey().didKey())) {
                throw LexiconException.invalidRequest("Server rotation key not included in PLC DID data");
            }
        }
        Map<String, Object> doc = didResolver.resolveFresh(did).orElseThrow(
                () -> LexiconException.invalidRequest("could not resolve valid DID document: " + did));
        if (!DidDocuments.pdsEndpoint(doc).equals(Optional.of(config.publicUrl()))) {
            throw LexiconException.invalidRequest(
                    "DID document atproto_pds service endpoint does not match PDS public url");
        }
        Optional<String> expectedKey = account.signingKey().map(hex ->
                SigningKeyPair.fromPrivateKeyHex(KeyAlgorithm.SECP256K1, hex).publicKey().didKey());
        if (expectedKey.isEmpty() || !DidDocuments.atprotoSigningDidKey(doc).equals(expectedKey)) {
            throw LexiconException.invalidRequest(
                    "DID document verification method does not match expected signing key");
        }
        if (!events.inTransaction(did, tx -> AccountChanges.update(tx, did,
                a -> a.withDeactivation(Optional.empty(), Optional.empty())))) {
            throw new LexiconException(LexiconError.ACCOUNT_NOT_FOUND, "user not found");
        }
    }

    // ---------------------------------------------------------------- resolveHandle

    /**
     * Resolves a handle as the reference's {@code identity.resolveHandle}: an active local account answers its
     * DID (a deactivated or taken-down one does not); a handle on one of this service's domains that is not a
     * local active account does not resolve; any other handle goes to the {@link HandleResolver}.
     *
     * @param handle the handle (any letter case)
     * @return the DID
     * @throws LexiconException {@code InvalidHandle} for a malformed handle; {@code HandleNotFound} "Unable to
     *     resolve handle" when it does not resolve
     */
    public String resolveHandle(String handle) {
        String h = Handle.normalizeAndParse(handle).value();
        Optional<Account> local = store.findAccountByHandle(h);
        if (local.isPresent() && local.get().takedownRef().isEmpty() && local.get().deactivatedAt().isEmpty()) {
            return local.get().did();
        }
        for (String domain : config.serviceHandleDomains()) {
            if (h.endsWith(domain) || h.equals(domain.substring(1))) {
                throw new LexiconException(LexiconError.HANDLE_NOT_FOUND, "Unable to resolve handle");
            }
        }
        Optional<String> did;
        try {
            did = handleResolver.resolve(h);
        } catch (RuntimeException e) {
            did = Optional.empty();
        }
        if (did == null || did.isEmpty() || !Did.isValid(did.get())) {
            throw new LexiconException(LexiconError.HANDLE_NOT_FOUND, "Unable to resolve handle");
        }
        return did.get();
    }

    // ---------------------------------------------------------------- helpers

    private Account requireAccount(String did) {
        if (did == null) {
            throw new LexiconException(LexiconError.ACCOUNT_NOT_FOUND, "Account not found");
        }
        return store.findAccountByDid(did)
                .orElseThrow(() -> new LexiconException(LexiconError.ACCOUNT_NOT_FOUND, "Account not found"));
    }

    private static SigningKeyPair signingKeyOf(Account account) {
        return SigningKeyPair.fromPrivateKeyHex(KeyAlgorithm.SECP256K1, account.signingKey().orElseThrow(
                () -> LexiconException.invalidRequest("Account has no signing key")));
    }
}
