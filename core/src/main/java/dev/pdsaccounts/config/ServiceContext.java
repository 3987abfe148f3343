package dev.pdsaccounts.config;

import dev.pdsaccounts.account.EmailPolicy;
import dev.pdsaccounts.account.HandlePolicy;
import dev.pdsaccounts.account.PasswordPolicy;
import dev.pdsaccounts.account.PhoneVerifier;
import dev.pdsaccounts.crypto.PasswordHasher;
import dev.pdsaccounts.identity.DidResolver;
import dev.pdsaccounts.identity.HandleResolver;
import dev.pdsaccounts.identity.PlcDirectory;
import dev.pdsaccounts.mail.Mailer;
import dev.pdsaccounts.session.SessionTokens;
import dev.pdsaccounts.store.AccountStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * The collaborators every use case shares, assembled once by {@link dev.pdsaccounts.PdsAccounts}'s builder.
 * Hosts do not build it themselves.
 *
 * @param config         the configuration
 * @param secrets        the secrets
 * @param store          the store port
 * @param clock          the clock every timestamp and expiry reads
 * @param random         the randomness of tokens, codes, salts and keys
 * @param mailer         the mailer port
 * @param passwordHasher hashes new passwords and verifies stored ones (any supported format)
 * @param plcDirectory   where new DIDs are registered
 * @param phoneVerifier  checks phone codes when required
 * @param handlePolicy   the handle rules
 * @param emailPolicy    the email rules
 * @param passwordPolicy the new-password rules
 * @param sessionTokens  the session JWT codec
 * @param handleResolver resolves custom-domain handles to DIDs
 * @param didResolver    resolves DIDs to their documents (imports, service auth, activation)
 */
public record ServiceContext(
        PdsConfig config,
        PdsSecrets secrets,
        AccountStore store,
        Clock clock,
        SecureRandom random,
        Mailer mailer,
        PasswordHasher passwordHasher,
        PlcDirectory plcDirectory,
        PhoneVerifier phoneVerifier,
        HandlePolicy handlePolicy,
        EmailPolicy emailPolicy,
        PasswordPolicy passwordPolicy,
        SessionTokens sessionTokens,
        HandleResolver handleResolver,
        DidResolver didResolver) {

    /** Validates presence of every collaborator. */
    public ServiceContext {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(secrets, "secrets");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(mailer, "mailer");
        Objects.requireNonNull(passwordHasher, "passwordHasher");
        Objects.requireNonNull(plcDirectory, "plcDirectory");
        Objects.requireNonNull(phoneVerifier, "phoneVerifier");
        Objects.requireNonNull(handlePolicy, "handlePolicy");
        Objects.requireNonNull(emailPolicy, "emailPolicy");
        Objects.requireNonNull(passwordPolicy, "passwordPolicy");
        Objects.requireNonNull(sessionTokens, "sessionTokens");
        Objects.requireNonNull(handleResolver, "handleResolver");
        Objects.requireNonNull(didResolver, "didResolver");
    }

    /** The current instant, truncated to milliseconds (the precision every store keeps). */
    public Instant now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }
}
