package dev.pdsaccounts.service.identity;

import dev.pdsaccounts.account.Account;
import dev.pdsaccounts.config.PdsConfig;
import dev.pdsaccounts.config.PdsSecrets;
import dev.pdsaccounts.error.CodecException;
import dev.pdsaccounts.error.InfrastructureException;
import dev.pdsaccounts.error.LexiconError;
import dev.pdsaccounts.error.LexiconException;
import dev.pdsaccounts.identity.DidResolver;
import dev.pdsaccounts.identity.KeyAlgorithm;
import dev.pdsaccounts.identity.PlcDirectory;
import dev.pdsaccounts.identity.PlcOperations;
import dev.pdsaccounts.identity.PlcUpdates;
import dev.pdsaccounts.identity.SigningKeyPair;
import dev.pdsaccounts.service.email.EmailTokenService;
import dev.pdsaccounts.service.internal.AccountEventPublisher;
import dev.pdsaccounts.store.AccountStore;
import dev.pdsaccounts.token.EmailTokenPurpose;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code com.atproto.identity.signPlcOperation} and {@code submitPlcOperation}: an account changes its own
 * did:plc document (keys, handle, services), e.g. to migrate, with an emailed {@code plc_operation} token
 * ({@link EmailTokenService#requestPlcOperationSignature}) and this service's PLC rotation key.
 */
public final class PlcOperationService {
    private static final Logger LOG = LoggerFactory.getLogger(PlcOperationService.class);

    private final PdsConfig config;
    private final PdsSecrets secrets;
    private final AccountStore store;
    private final PlcDirectory plcDirectory;
    private final EmailTokenService email;
    private final AccountEventPublisher events;

    /**
     * Wired by {@link dev.pdsaccounts.PdsAccounts}'s builder.
     *
     * @param config       the configuration (public URL)
     * @param secrets      the PLC rotation key
     * @param store        the store port
     * @param plcDirectory the PLC directory
     * @param email        checks and uses the {@code plc_operation} token
     * @param events       publishes the identity change after a submission
     */
    public PlcOperationService(PdsConfig config, PdsSecrets secrets, AccountStore store, PlcDirectory plcDirectory,
                               EmailTokenService email, AccountEventPublisher events) {
        this.config = Objects.requireNonNull(config, "config");
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.store = Objects.requireNonNull(store, "store");
        this.plcDirectory = Objects.requireNonNull(plcDirectory, "plcDirectory");
        this.email = Objects.requireNonNull(email, "email");
        this.events = Objects.requireNonNull(events, "events");
    }

    /**
     * {@code com.atproto.identity.signPlcOperation}: an update operation of the account's DID, {@code prev} = the
     * CID of its last operation, copying that operation and replacing each field the input gives, signed with
     * this service's PLC rotation key (which must be one of the DID's rotation keys for the directory to take
     * it). In order: no token → {@code InvalidRequest} "email confirmation token required to sign PLC
     * operations"; the token must be a live {@code plc_operation} token of the account ({@code InvalidToken}
     * "Token is invalid", {@code ExpiredToken}); a tombstoned DID → {@code InvalidRequest} "Did is tombstoned";
     * the given fields must have the PLC shapes (the reference does not check them; we do): {@code InvalidRequest}
     * naming the bad field. The token is used up only when the signed operation is returned.
     *
     * @param did    the authenticated account
     * @param token  the mailed token
     * @param fields the fields to replace
     * @return the signed operation
     * @throws LexiconException as above; {@code UnresolvableDid} when the directory does not know the DID
     */
    public Map<String, Object> signPlcOperation(String did, Optional<String> token, PlcOperationFields fields) {
        Objects.requireNonNull(fields, "fields");
        String typed = token == null ? null : token.filter(t -> !t.isEmpty()).orElse(null);
        if (typed == null) {
            throw LexiconException.invalidRequest("email confirmation token required to sign PLC operations");
        }
        email.checkToken(EmailTokenPurpose.PLC_OPERATION, did, typed);
        Map<String, Object> last = lastOperation(did);
        if (PlcOperations.TYPE_TOMBSTONE.equals(last.get("type"))) {
            throw LexiconException.invalidRequest("Did is tombstoned");
        }
        Map<String, Object> state;
        try {
            state = PlcUpdates.currentState(last);
        } catch (LexiconException | CodecException e) {
            throw DidResolver.unresolvable(did);
        }
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("type", PlcOperations.TYPE_OPERATION);
        op.put("rotationKeys", fields.rotationKeys().map(l -> (Object) l).orElse(state.get("rotationKeys")));
        op.put("verificationMethods",
                fields.verificationMethods().map(m -> (Object) m).orElse(state.get("verificationMethods")));
        op.put("alsoKnownAs", fields.alsoKnownAs().map(l -> (Object) l).orElse(state.get("alsoKnownAs")));
        op.put("services", fields.services().map(m -> (Object) m).orElse(state.get("services")));
        Map<String, Object> signed;
        try {
            op.put("prev", PlcOperations.cid(last));
            PlcOperations.validateShape(op, false);
            signed = PlcOperations.sign(op, secrets.plcRotationKey());
        } catch (LexiconException e) {
            throw LexiconException.invalidRequest(e.getMessage());
        } catch (CodecException e) {
            throw e.toInvalidRequest();
        }
        email.consumeToken(EmailTokenPurpose.PLC_OPERATION, did, typed);
        return signed;
    }

    /**
     * {@code com.atproto.identity.submitPlcOperation}: checks a signed operation of the account's DID, in the
     * reference's order, each a {@code InvalidRequest}: not a valid signed PLC operation → "Invalid operation";
     * this service's rotation key missing from {@code rotationKeys} → "Rotation keys do not include server's
     * rotation key"; {@code services.atproto_pds.type} not {@code AtprotoPersonalDataServer} → "Incorrect type on
     * atproto_pds service"; its endpoint not the public URL → "Incorrect endpoint on atproto_pds service";
     * {@code verificationMethods.atproto} not the account's signing key → "Incorrect signing key";
     * {@code alsoKnownAs[0]} not {@code at://<handle>} → "Incorrect handle in alsoKnownAs". Then submits it to
     * the PLC directory and publishes an {@link dev.pdsaccounts.events.IdentityEvent.Change#DOCUMENT_CHANGED}.
     *
     * @param did       the authenticated account
     * @param operation the signed operation
     * @throws LexiconException as above; {@code AccountNotFound} for an unknown account; the directory's refusal
     * @throws InfrastructureException when the directory fails
     */
    public void submitPlcOperation(String did, Map<String, Object> operation) {
        Account account = store.findAccountByDid(did == null ? "" : did)
                .orElseThrow(() -> new LexiconException(LexiconError.ACCOUNT_NOT_FOUND, "Account not found"));
        try {
            if (!PlcOperations.TYPE_OPERATION.equals(PlcOperations.validateShape(operation, true))) {
                throw LexiconException.invalidRequest("Invalid operation");
            }
        } catch (LexiconException | CodecException e) {
            throw LexiconException.invalidRequest("Invalid operation");
        }
        List<?> rotationKeys = (List<?>) operation.get("rotationKeys");
        if (!rotationKeys.contains(secrets.plcRotationKey().publicKey().didKey())) {
            throw LexiconException.invalidRequest("Rotation keys do not include server's rotation key");
        }
        Object pds = ((Map<?, ?>) operation.get("services")).get(PlcOperations.ATPROTO_PDS_ID);
        Map<?, ?> service = pds instanceof Map ? (Map<?, ?>) pds : Map.of();
        if (!PlcOperations.ATPROTO_PDS_TYPE.equals(service.get("type"))) {
            throw LexiconException.invalidRequest("Incorrect type on atproto_pds service");
        }
        if (!config.publicUrl().equals(service.get("endpoint"))) {
            throw LexiconException.invalidRequest("Incorrect endpoint on atproto_pds service");
        }
        Optional<String> signingKey = account.signingKey().map(hex ->
                SigningKeyPair.fromPrivateKeyHex(KeyAlgorithm.SECP256K1, hex).publicKey().didKey());
        Object atproto = ((Map<?, ?>) operation.get("verificationMethods")).get(PlcOperations.ATPROTO_KEY_ID);
        if (signingKey.isEmpty() || !signingKey.get().equals(atproto)) {
            throw LexiconException.invalidRequest("Incorrect signing key");
        }
        List<?> aka = (List<?>) operation.get("alsoKnownAs");
        if (aka.isEmpty() || !("at://" + account.handle()).equals(aka.get(0))) {
            throw LexiconException.invalidRequest("Incorrect handle in alsoKnownAs");
        }
        try {
            plcDirectory.submit(did, operation);
        } catch (LexiconException | InfrastructureException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InfrastructureException("PLC directory failed to take the operation", e);
        }
        LOG.info("PLC operation of {} submitted", did);
        events.documentChanged(account);
    }

    private Map<String, Object> lastOperation(String did) {
        Optional<Map<String, Object>> last;
        try {
            last = plcDirectory.lastOperation(did);
        } catch (LexiconException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warn("PLC directory failed to give the last operation of {}", did, e);
            throw DidResolver.unresolvable(did);
        }
        return last.orElseThrow(() -> DidResolver.unresolvable(did));
    }
}
