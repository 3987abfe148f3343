package dev.pdsaccounts.account;

import dev.pdsaccounts.config.PdsConfig;
import dev.pdsaccounts.config.ServiceContext;
import dev.pdsaccounts.error.InfrastructureException;
import dev.pdsaccounts.error.LexiconException;
import dev.pdsaccounts.identity.AccountImport;
import dev.pdsaccounts.identity.KeyAlgorithm;
import dev.pdsaccounts.identity.PlcOperations;
import dev.pdsaccounts.identity.PublicKey;
import dev.pdsaccounts.identity.SigningKeyPair;
import dev.pdsaccounts.session.IssuedSession;
import dev.pdsaccounts.session.Scope;
import dev.pdsaccounts.session.SessionIssuer;
import dev.pdsaccounts.syntax.Handle;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Account use cases: creation ({@code com.atproto.server.createAccount}).
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
    private final ServiceContext ctx;
    private final SessionIssuer sessions;
    private final AccountImport imports;

    /** The service over the shared collaborators. */
    public AccountService(ServiceContext ctx) {
        this.ctx = ctx;
        this.sessions = new SessionIssuer(ctx);
        this.imports = new AccountImport(ctx);
    }

    /**
     * Creates an account with a new did:plc and returns its first session; the same as
     * {@link #createAccount(CreateAccountInput, Optional)} without a service-auth token (so a {@code did} import
     * is refused with {@code AuthenticationRequired}).
     *
     * @throws LexiconException {@code InvalidHandle}, {@code InvalidPassword}, {@code InvalidInviteCode},
     *                          {@code HandleNotAvailable} (reserved or taken), {@code UnsupportedDomain}, or
     *                          {@code InvalidRequest} (email missing, invalid or taken; unsupported input)
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
     */
    public CreateAccountOutput createAccount(CreateAccountInput input, Optional<String> serviceAuthJwt) {
        if (input == null) {
            throw LexiconException.invalidRequest("Input is required");
        }
        if (input.did() != null) {
            return imports.createAccount(input, serviceAuthJwt);
        }
        serviceAuthJwt.ifPresent(imports::verifyCreateAccountAuth);
        PdsConfig cfg = ctx.config();
        // 1. plcOp is taken only together with a did (entryway-style creation).
        if (input.plcOp() != null) {
            throw AccountErrors.unsupportedInput("plcOp");
        }
        // 3. Password policy before anything else reads it.
        ctx.passwordPolicy().checkNew(input.password());
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
        String email = ctx.emailPolicy().requireValid(input.email());
        // 6. Handle: syntax, TLD, filter, service-domain rules, reserved words.
        Handle handle = ctx.handlePolicy().requireServiceHandleForSignup(input.handle());
        Optional<String> recoveryKey = Optional.ofNullable(input.recoveryKey());
        recoveryKey.ifPresent(AccountService::requireDidKey);
        // 7-8. Fast pre-checks so a doomed request does no expensive work; the store decides races.
        if (inviteCode.isPresent() && !ctx.store().isInviteCodeAvailable(inviteCode.get())) {
            throw AccountErrors.inviteNotAvailable();
        }
        if (ctx.store().findAccountByHandle(handle.value()).isPresent()) {
            throw AccountErrors.handleTaken(handle.value());
        }
        if (ctx.store().findAccountByEmail(email).isPresent()) {
            throw AccountErrors.emailTaken(input.email());
        }

        // Expensive work, outside any store transaction.
        String passwordHash = ctx.passwordHasher().hash(input.password());
        SigningKeyPair signingKey = SigningKeyPair.generate(KeyAlgorithm.SECP256K1, ctx.random());
        List<String> rotationKeys = new ArrayList<>();
        recoveryKey.ifPresent(rotationKeys::add);
        ctx.secrets().recoveryDidKey().ifPresent(rotationKeys::add);
        rotationKeys.add(ctx.secrets().plcRotationKey().publicKey().didKey());
        Map<String, Object> genesis = PlcOperations.sign(
                PlcOperations.genesisOperation(rotationKeys, signingKey.publicKey().didKey(), handle.value(),
                        cfg.publicUrl()),
                ctx.secrets().plcRotationKey());
        String did = PlcOperations.didForGenesis(genesis);

        Instant now = ctx.now();
        IssuedSession session = sessions.issue(did, Scope.ACCESS, Optional.empty());
        Account account = Account.newAccount(did, handle.value(), Optional.of(email), Optional.of(passwordHash), now,
                Optional.of(signingKey.privateKeyHex()));
        CreateAccountResult result = ctx.store().createAccount(
                new NewAccount(account, inviteCode, session.refreshToken()));
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
            ctx.plcDirectory().submit(did, genesis);
        } catch (RuntimeException e) {
            ctx.store().deleteAccount(did);
            if (e instanceof LexiconException || e instanceof InfrastructureException) {
                throw e;
            }
            throw new InfrastructureException("PLC directory rejected the genesis operation", e);
        }
        Optional<Map<String, Object>> didDoc;
        try {
            didDoc = ctx.plcDirectory().resolveDocument(did);
        } catch (RuntimeException e) {
            didDoc = Optional.empty(); // as the reference: the document is a courtesy, creation stands
        }
        return new CreateAccountOutput(session.accessJwt(), session.refreshJwt(), handle.value(), did, didDoc);
    }

    private void verifyPhone(String phone, String code) {
        if (phone == null || phone.isBlank()) {
            throw AccountErrors.phoneRequired();
        }
        if (code == null || code.isBlank()) {
            throw AccountErrors.phoneCodeRequired();
        }
        if (phone.length() > 64 || code.length() > 64 || !ctx.phoneVerifier().verify(phone, code)) {
            throw AccountErrors.phoneRejected();
        }
    }

    private static void requireDidKey(String didKey) {
        try {
            PublicKey.parseDidKey(didKey);
        } catch (LexiconException e) {
            throw AccountErrors.invalidRecoveryKey();
        }
    }
}
