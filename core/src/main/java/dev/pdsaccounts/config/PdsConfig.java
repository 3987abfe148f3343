package dev.pdsaccounts.config;

import dev.pdsaccounts.syntax.Did;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Immutable configuration of the account domain. Build it with {@link #builder(String)}; every setting but the
 * hostname has a named, documented default equal to the reference PDS's.
 *
 * <pre>{@code
 * PdsConfig config = PdsConfig.builder("pds.example.com")
 *         .inviteRequired(false)
 *         .build();
 * }</pre>
 */
public final class PdsConfig {
    /** Default access-token lifetime: 120 minutes, as the reference. */
    public static final Duration DEFAULT_ACCESS_TOKEN_LIFETIME = Duration.ofMinutes(120);
    /** Default refresh-token lifetime: 90 days, as the reference. */
    public static final Duration DEFAULT_REFRESH_TOKEN_LIFETIME = Duration.ofDays(90);
    /** Default grace window in which a rotated refresh token still yields the same successor: 2 hours. */
    public static final Duration DEFAULT_REFRESH_GRACE_PERIOD = Duration.ofHours(2);
    /** Default JWT clock tolerance: none, as the reference. */
    public static final Duration DEFAULT_TOKEN_CLOCK_SKEW = Duration.ZERO;
    /** Default email-token lifetime: 15 minutes, as the reference. */
    public static final Duration DEFAULT_EMAIL_TOKEN_TTL = Duration.ofMinutes(15);
    /**
     * Default lifetime of a signing-key reservation ({@code reserveSigningKey}): 24 hours. The reference keeps
     * reservations forever; they hold private keys and anyone may make one, so they expire here.
     */
    public static final Duration DEFAULT_SIGNING_KEY_RESERVATION_TTL = Duration.ofHours(24);
    /** Default most live signing-key reservations held at once (a full store refuses new ones). */
    public static final int DEFAULT_MAX_SIGNING_KEY_RESERVATIONS = 10_000;
    /** Default minimum password length: none (0), as the reference's XRPC API. */
    public static final int DEFAULT_MIN_PASSWORD_LENGTH = 0;
    /** Default: invite codes are required, as the reference when its flag is unset. */
    public static final boolean DEFAULT_INVITE_REQUIRED = true;
    /** Default most codes one admin request may create (codeCount × accounts), to refuse absurd requests. */
    public static final int DEFAULT_MAX_INVITE_CODES_PER_REQUEST = 1_000;
    /** Default largest {@code useCount} of one code. */
    public static final int DEFAULT_MAX_INVITE_CODE_USES = 100_000;
    /** Most unused earned codes an account holds at a time (the reference's constant). */
    public static final int MAX_UNUSED_EARNED_CODES = 5;
    /** Default: session outputs carry no DID document, as the reference without PDS_ENABLE_DID_DOC_WITH_SESSION. */
    public static final boolean DEFAULT_DID_DOC_WITH_SESSION = false;

    private final String hostname;
    private final String serviceDid;
    private final String publicUrl;
    private final List<String> serviceHandleDomains;
    private final boolean inviteRequired;
    private final Optional<Duration> inviteInterval;
    private final Instant inviteEpoch;
    private final int maxInviteCodesPerRequest;
    private final int maxInviteCodeUses;
    private final Duration accessTokenLifetime;
    private final Duration refreshTokenLifetime;
    private final Duration refreshGracePeriod;
    private final Duration tokenClockSkew;
    private final Duration emailTokenTtl;
    private final Duration signingKeyReservationTtl;
    private final int maxSigningKeyReservations;
    private final int minPasswordLength;
    private final boolean phoneVerificationRequired;
    private final boolean revealUnknownEmailOnPasswordReset;
    private final Optional<String> privacyPolicyUrl;
    private final Optional<String> termsOfServiceUrl;
    private final Optional<String> contactEmail;
    private final boolean didDocWithSession;
    private final Optional<String> moderationServiceDid;

    private PdsConfig(Builder b) {
        this.hostname = b.hostname;
        this.serviceDid = b.serviceDid != null ? b.serviceDid : "did:web:" + b.hostname;
        this.publicUrl = b.publicUrl != null ? b.publicUrl
                : ("localhost".equals(b.hostname) ? "http://localhost" : "https://" + b.hostname);
        List<String> domains = b.serviceHandleDomains != null ? b.serviceHandleDomains
                : List.of("localhost".equals(b.hostname) ? ".test" : "." + b.hostname);
        List<String> normalised = new ArrayList<>();
        for (String d : domains) {
            String n = Objects.requireNonNull(d, "service handle domain").trim().toLowerCase(Locale.ROOT);
            if (!n.startsWith(".") || n.length() < 2) {
                throw new IllegalArgumentException("service handle domains must start with '.': " + d);
            }
            normalised.add(n);
        }
        if (normalised.isEmpty()) {
            throw new IllegalArgumentException("at least one service handle domain is required");
        }
        this.serviceHandleDomains = List.copyOf(normalised);
        this.inviteRequired = b.inviteRequired;
        this.inviteInterval = b.inviteInterval;
        this.inviteEpoch = b.inviteEpoch;
        this.maxInviteCodesPerRequest = positive(b.maxInviteCodesPerRequest, "maxInviteCodesPerRequest");
        this.maxInviteCodeUses = positive(b.maxInviteCodeUses, "maxInviteCodeUses");
        this.accessTokenLifetime = positive(b.accessTokenLifetime, "accessTokenLifetime");
        this.refreshTokenLifetime = positive(b.refreshTokenLifetime, "refreshTokenLifetime");
        this.refreshGracePeriod = notNegative(b.refreshGracePeriod, "refreshGracePeriod");
        this.tokenClockSkew = notNegative(b.tokenClockSkew, "tokenClockSkew");
        this.emailTokenTtl = positive(b.emailTokenTtl, "emailTokenTtl");
        this.signingKeyReservationTtl = positive(b.signingKeyReservationTtl, "signingKeyReservationTtl");
        this.maxSigningKeyReservations = positive(b.maxSigningKeyReservations, "maxSigningKeyReservations");
        if (b.minPasswordLength < 0 || b.minPasswordLength > 256) {
            throw new IllegalArgumentException("minPasswordLength must be within 0..256");
        }
        this.minPasswordLength = b.minPasswordLength;
        this.phoneVerificationRequired = b.phoneVerificationRequired;
        this.revealUnknownEmailOnPasswordReset = b.revealUnknownEmailOnPasswordReset;
        this.privacyPolicyUrl = b.privacyPolicyUrl;
        this.termsOfServiceUrl = b.termsOfServiceUrl;
        this.contactEmail = b.contactEmail;
        this.didDocWithSession = b.didDocWithSession;
        if (b.moderationServiceDid.isPresent() && !Did.isValid(b.moderationServiceDid.get())) {
            throw new IllegalArgumentException("moderationServiceDid must be a DID");
        }
        this.moderationServiceDid = b.moderationServiceDid;
    }

    private static Duration positive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return d;
    }

    private static int positive(int n, String name) {
        if (n < 1) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return n;
    }

    private static Duration notNegative(Duration d, String name) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative");
        }
        return d;
    }

    /**
     * A builder for the service at {@code hostname}, with every other setting at its default.
     *
     * @param hostname the public host name without scheme or path, e.g. {@code pds.example.com}; lower-cased
     * @return a new builder
     * @throws IllegalArgumentException if {@code hostname} is blank or holds a {@code /} or a space
     * @throws NullPointerException if {@code hostname} is null
     */
    public static Builder builder(String hostname) {
        return new Builder(hostname);
    }

    /** {@return the public hostname, lower-case} */
    public String hostname() {
        return hostname;
    }

    /** {@return the service DID, the {@code aud} of session tokens} Default {@code did:web:<hostname>}. */
    public String serviceDid() {
        return serviceDid;
    }

    /**
     * {@return the public URL, the PDS endpoint in DID documents, without a trailing slash} Default {@code https://<hostname>}, or
     * {@code http://localhost} for {@code localhost}.
     */
    public String publicUrl() {
        return publicUrl;
    }

    /**
     * {@return the handle domains of this service, each starting with {@code .}, lower-cased; never empty}
     * Default {@code .<hostname>},
     * or {@code .test} for {@code localhost}.
     */
    public List<String> serviceHandleDomains() {
        return serviceHandleDomains;
    }

    /** {@return whether sign-up needs an invite code} Default true. */
    public boolean inviteRequired() {
        return inviteRequired;
    }

    /** {@return how often an account earns a code; empty (the default) means accounts never earn codes} */
    public Optional<Duration> inviteInterval() {
        return inviteInterval;
    }

    /**
     * {@return the instant from which accounts earn codes} Codes are earned only for time after it. Default the Unix
     * epoch.
     */
    public Instant inviteEpoch() {
        return inviteEpoch;
    }

    /**
     * {@return the most codes one admin request may create (code count times accounts)} Default
     * {@value #DEFAULT_MAX_INVITE_CODES_PER_REQUEST}.
     */
    public int maxInviteCodesPerRequest() {
        return maxInviteCodesPerRequest;
    }

    /** {@return the largest {@code useCount} of one code} Default {@value #DEFAULT_MAX_INVITE_CODE_USES}. */
    public int maxInviteCodeUses() {
        return maxInviteCodeUses;
    }

    /** {@return the access-token lifetime} Default 120 minutes. */
    public Duration accessTokenLifetime() {
        return accessTokenLifetime;
    }

    /** {@return the refresh-token lifetime} Default 90 days. */
    public Duration refreshTokenLifetime() {
        return refreshTokenLifetime;
    }

    /** {@return the grace window in which a rotated refresh token still yields the same successor} Default 2 hours. */
    public Duration refreshGracePeriod() {
        return refreshGracePeriod;
    }

    /** {@return the clock tolerance when verifying JWT expiry} Default none (zero). */
    public Duration tokenClockSkew() {
        return tokenClockSkew;
    }

    /** {@return how long an emailed token stays usable} Default 15 minutes. */
    public Duration emailTokenTtl() {
        return emailTokenTtl;
    }

    /**
     * {@return how long a reserved signing key stays usable ({@code reserveSigningKey})} Older reservations are treated as
     * absent and deleted. Default 24 hours ({@link #DEFAULT_SIGNING_KEY_RESERVATION_TTL}).
     */
    public Duration signingKeyReservationTtl() {
        return signingKeyReservationTtl;
    }

    /**
     * {@return the most live signing-key reservations at once} When reached, a new reservation is refused
     * ({@code RateLimitExceeded}) until some expire or are used. Default
     * {@value #DEFAULT_MAX_SIGNING_KEY_RESERVATIONS}.
     */
    public int maxSigningKeyReservations() {
        return maxSigningKeyReservations;
    }

    /** {@return the minimum length of new passwords, in UTF-16 units} Default 0 (none). */
    public int minPasswordLength() {
        return minPasswordLength;
    }

    /**
     * {@return whether sign-up needs a verified phone ({@code verificationPhone} and {@code verificationCode})}
     * Default false.
     */
    public boolean phoneVerificationRequired() {
        return phoneVerificationRequired;
    }

    /**
     * {@return whether {@code requestPasswordReset} for an unknown email answers the reference's error (true) or the
     * same silent success as for a known one (false, the default: no account enumeration)}
     */
    public boolean revealUnknownEmailOnPasswordReset() {
        return revealUnknownEmailOnPasswordReset;
    }

    /** {@return the privacy-policy link for {@code describeServer}, or empty} */
    public Optional<String> privacyPolicyUrl() {
        return privacyPolicyUrl;
    }

    /** {@return the terms-of-service link for {@code describeServer}, or empty} */
    public Optional<String> termsOfServiceUrl() {
        return termsOfServiceUrl;
    }

    /** {@return the contact email for {@code describeServer}, or empty} */
    public Optional<String> contactEmail() {
        return contactEmail;
    }

    /**
     * {@return whether createSession, refreshSession and getSession include the account's DID document} (It is resolved from
     * the PLC directory and omitted when it does not resolve.) Default {@value #DEFAULT_DID_DOC_WITH_SESSION}, as
     * the reference unless {@code PDS_ENABLE_DID_DOC_WITH_SESSION} is set.
     */
    public boolean didDocWithSession() {
        return didDocWithSession;
    }

    /**
     * {@return the moderation service DID, or empty} Its service-auth JWTs (issuer this DID or {@code <did>#atproto_labeler}, audience
     * this service's DID) are accepted by the moderation admin methods, as the reference's
     * {@code PDS_MOD_SERVICE_DID}. Default none.
     */
    public Optional<String> moderationServiceDid() {
        return moderationServiceDid;
    }

    /** {@return a new builder pre-filled with this configuration} */
    public Builder toBuilder() {
        Builder b = new Builder(hostname);
        b.serviceDid = serviceDid;
        b.publicUrl = publicUrl;
        b.serviceHandleDomains = serviceHandleDomains;
        b.inviteRequired = inviteRequired;
        b.inviteInterval = inviteInterval;
        b.inviteEpoch = inviteEpoch;
        b.maxInviteCodesPerRequest = maxInviteCodesPerRequest;
        b.maxInviteCodeUses = maxInviteCodeUses;
        b.accessTokenLifetime = accessTokenLifetime;
        b.refreshTokenLifetime = refreshTokenLifetime;
        b.refreshGracePeriod = refreshGracePeriod;
        b.tokenClockSkew = tokenClockSkew;
        b.emailTokenTtl = emailTokenTtl;
        b.signingKeyReservationTtl = signingKeyReservationTtl;
        b.maxSigningKeyReservations = maxSigningKeyReservations;
        b.minPasswordLength = minPasswordLength;
        b.phoneVerificationRequired = phoneVerificationRequired;
        b.revealUnknownEmailOnPasswordReset = revealUnknownEmailOnPasswordReset;
        b.privacyPolicyUrl = privacyPolicyUrl;
        b.termsOfServiceUrl = termsOfServiceUrl;
        b.contactEmail = contactEmail;
        b.didDocWithSession = didDocWithSession;
        b.moderationServiceDid = moderationServiceDid;
        return b;
    }

    @Override
    public String toString() {
        return "PdsConfig[hostname=" + hostname + ", serviceDid=" + serviceDid + ", domains=" + serviceHandleDomains
                + ", inviteRequired=" + inviteRequired + "]";
    }

    /** Builder of {@link PdsConfig}; every setter but the constructor's hostname is optional. */
    public static final class Builder {
        private final String hostname;
        private String serviceDid;
        private String publicUrl;
        private List<String> serviceHandleDomains;
        private boolean inviteRequired = DEFAULT_INVITE_REQUIRED;
        private Optional<Duration> inviteInterval = Optional.empty();
        private Instant inviteEpoch = Instant.EPOCH;
        private int maxInviteCodesPerRequest = DEFAULT_MAX_INVITE_CODES_PER_REQUEST;
        private int maxInviteCodeUses = DEFAULT_MAX_INVITE_CODE_USES;
        private Duration accessTokenLifetime = DEFAULT_ACCESS_TOKEN_LIFETIME;
        private Duration refreshTokenLifetime = DEFAULT_REFRESH_TOKEN_LIFETIME;
        private Duration refreshGracePeriod = DEFAULT_REFRESH_GRACE_PERIOD;
        private Duration tokenClockSkew = DEFAULT_TOKEN_CLOCK_SKEW;
        private Duration emailTokenTtl = DEFAULT_EMAIL_TOKEN_TTL;
        private Duration signingKeyReservationTtl = DEFAULT_SIGNING_KEY_RESERVATION_TTL;
        private int maxSigningKeyReservations = DEFAULT_MAX_SIGNING_KEY_RESERVATIONS;
        private int minPasswordLength = DEFAULT_MIN_PASSWORD_LENGTH;
        private boolean phoneVerificationRequired;
        private boolean revealUnknownEmailOnPasswordReset;
        private Optional<String> privacyPolicyUrl = Optional.empty();
        private Optional<String> termsOfServiceUrl = Optional.empty();
        private Optional<String> contactEmail = Optional.empty();
        private boolean didDocWithSession = DEFAULT_DID_DOC_WITH_SESSION;
        private Optional<String> moderationServiceDid = Optional.empty();

        private Builder(String hostname) {
            String h = Objects.requireNonNull(hostname, "hostname").trim().toLowerCase(Locale.ROOT);
            if (h.isEmpty() || h.contains("/") || h.contains(" ")) {
                throw new IllegalArgumentException("hostname must be a bare host name, e.g. pds.example.com");
            }
            this.hostname = h;
        }

        /**
         * Sets the service DID (default {@code did:web:<hostname>}).
         *
         * @param v a DID, the {@code aud} of session tokens
         * @return this builder
         * @throws IllegalArgumentException if {@code v} is null or does not start with {@code did:}
         */
        public Builder serviceDid(String v) {
            if (v == null || !v.startsWith("did:")) {
                throw new IllegalArgumentException("serviceDid must be a DID");
            }
            this.serviceDid = v;
            return this;
        }

        /**
         * Sets the public URL (default {@code https://<hostname>}); a trailing slash is dropped.
         *
         * @param v an absolute URL such as {@code https://pds.example.com}
         * @return this builder
         * @throws IllegalArgumentException if {@code v} is not an absolute URL with a host
         * @throws NullPointerException if {@code v} is null
         */
        public Builder publicUrl(String v) {
            URI uri = URI.create(Objects.requireNonNull(v, "publicUrl"));
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("publicUrl must be an absolute URL");
            }
            String s = v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
            this.publicUrl = s;
            return this;
        }

        /**
         * Sets the handle domains; normalised to lower case.
         *
         * @param v one or more domains, each starting with {@code .} (e.g. {@code .pds.example.com}); checked by
         *          {@link #build()}
         * @return this builder
         */
        public Builder serviceHandleDomains(List<String> v) {
            this.serviceHandleDomains = List.copyOf(v);
            return this;
        }

        /**
         * Sets whether sign-up needs an invite code (default true).
         *
         * @param v true to require a code
         * @return this builder
         */
        public Builder inviteRequired(boolean v) {
            this.inviteRequired = v;
            return this;
        }

        /**
         * Sets how often accounts earn an invite code (default: never).
         *
         * @param v a positive interval
         * @return this builder
         * @throws IllegalArgumentException if {@code v} is null, zero or negative
         */
        public Builder inviteInterval(Duration v) {
            this.inviteInterval = Optional.of(positive(v, "inviteInterval"));
            return this;
        }

        /**
         * Sets the start of code earning (default the Unix epoch).
         *
         * @param v accounts earn codes only for time after this instant
         * @return this builder
         * @throws NullPointerException if {@code v} is null
         */
        public Builder inviteEpoch(Instant v) {
            this.inviteEpoch = Objects.requireNonNull(v, "inviteEpoch");
            return this;
        }

        /**
         * Sets the most codes one admin request may create (default {@value #DEFAULT_MAX_INVITE_CODES_PER_REQUEST}).
         *
         * @param v a positive count, checked by {@link #build()}
         * @return this builder
         */
        public Builder maxInviteCodesPerRequest(int v) {
            this.maxInviteCodesPerRequest = v;
            return this;
        }

        /**
         * Sets the largest use count of one code (default {@value #DEFAULT_MAX_INVITE_CODE_USES}).
         *
         * @param v a positive count, checked by {@link #build()}
         * @return this builder
         */
        public Builder maxInviteCodeUses(int v) {
            this.maxInviteCodeUses = v;
            return this;
        }

        /**
         * Sets the access-token lifetime (default 120 minutes).
         *
         * @param v a positive duration, checked by {@link #build()}
         * @return this builder
         */
        public Builder accessTokenLifetime(Duration v) {
            this.accessTokenLifetime = v;
            return this;
        }

        /**
         * Sets the refresh-token lifetime (default 90 days).
         *
         * @param v a positive duration, checked by {@link #build()}
         * @return this builder
         */
        public Builder refreshTokenLifetime(Duration v) {
            this.refreshTokenLifetime = v;
            return this;
        }

        /**
         * Sets the grace window of a rotated refresh token (default 2 hours).
         *
         * @param v a duration, zero or more, checked by {@link #build()}
         * @return this builder
         */
        public Builder refreshGracePeriod(Duration v) {
            this.refreshGracePeriod = v;
            return this;
        }

        /**
         * Sets the clock tolerance when verifying JWT expiry (default none).
         *
         * @param v a duration, zero or more, checked by {@link #build()}
         * @return this builder
         */
        public Builder tokenClockSkew(Duration v) {
            this.tokenClockSkew = v;
            return this;
        }

        /**
         * Sets how long an emailed token stays usable (default 15 minutes).
         *
         * @param v a positive duration, checked by {@link #build()}
         * @return this builder
         */
        public Builder emailTokenTtl(Duration v) {
            this.emailTokenTtl = v;
            return this;
        }

        /**
         * Sets the lifetime of a signing-key reservation (default 24 hours).
         *
         * @param v a positive duration, checked by {@link #build()}
         * @return this builder
         */
        public Builder signingKeyReservationTtl(Duration v) {
            this.signingKeyReservationTtl = v;
            return this;
        }

        /**
         * Sets the most live signing-key reservations at once (default {@value #DEFAULT_MAX_SIGNING_KEY_RESERVATIONS}).
         *
         * @param v a positive count, checked by {@link #build()}
         * @return this builder
         */
        public Builder maxSigningKeyReservations(int v) {
            this.maxSigningKeyReservations = v;
            return this;
        }

        /**
         * Sets the minimum length of new passwords (default 0, none).
         *
         * @param v a length in UTF-16 units, within 0..256, checked by {@link #build()}
         * @return this builder
         */
        public Builder minPasswordLength(int v) {
            this.minPasswordLength = v;
            return this;
        }

        /**
         * Sets whether sign-up needs phone verification (default false).
         *
         * @param v true to require a verified phone
         * @return this builder
         */
        public Builder phoneVerificationRequired(boolean v) {
            this.phoneVerificationRequired = v;
            return this;
        }

        /**
         * Sets whether an unknown email at password reset is reported (default false, no account enumeration).
         *
         * @param v true to answer the reference's error for an unknown email
         * @return this builder
         */
        public Builder revealUnknownEmailOnPasswordReset(boolean v) {
            this.revealUnknownEmailOnPasswordReset = v;
            return this;
        }

        /**
         * Sets the privacy-policy link shown by {@code describeServer} (default none).
         *
         * @param v the link
         * @return this builder
         * @throws NullPointerException if {@code v} is null
         */
        public Builder privacyPolicyUrl(String v) {
            this.privacyPolicyUrl = Optional.of(v);
            return this;
        }

        /**
         * Sets the terms-of-service link shown by {@code describeServer} (default none).
         *
         * @param v the link
         * @return this builder
         * @throws NullPointerException if {@code v} is null
         */
        public Builder termsOfServiceUrl(String v) {
            this.termsOfServiceUrl = Optional.of(v);
            return this;
        }

        /**
         * Sets the contact email shown by {@code describeServer} (default none).
         *
         * @param v the address
         * @return this builder
         * @throws NullPointerException if {@code v} is null
         */
        public Builder contactEmail(String v) {
            this.contactEmail = Optional.of(v);
            return this;
        }

        /**
         * Sets whether session outputs include the DID document (default false).
         *
         * @param v true to include it
         * @return this builder
         */
        public Builder didDocWithSession(boolean v) {
            this.didDocWithSession = v;
            return this;
        }

        /**
         * Sets the moderation service DID whose service JWTs the moderation admin methods accept (default none).
         *
         * @param v a DID, checked by {@link #build()}
         * @return this builder
         * @throws NullPointerException if {@code v} is null
         */
        public Builder moderationServiceDid(String v) {
            this.moderationServiceDid = Optional.of(Objects.requireNonNull(v, "moderationServiceDid"));
            return this;
        }

        /**
         * Validates the settings and builds the configuration.
         *
         * @return the configuration, never null
         * @throws IllegalArgumentException naming the first bad setting
         */
        public PdsConfig build() {
            return new PdsConfig(this);
        }
    }
}
