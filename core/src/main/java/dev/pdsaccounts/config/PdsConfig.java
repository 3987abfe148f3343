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

    /** A builder for the service at {@code hostname} (e.g. {@code pds.example.com}; lower-cased). */
    public static Builder builder(String hostname) {
        return new Builder(hostname);
    }

    /** The public hostname, lower-case. */
    public String hostname() {
        return hostname;
    }

    /** The service DID, the {@code aud} of session tokens. Default {@code did:web:<hostname>}. */
    public String serviceDid() {
        return serviceDid;
    }

    /**
     * The public URL, the PDS endpoint in DID documents. Default {@code https://<hostname>}, or
     * {@code http://localhost} for {@code localhost}.
     */
    public String publicUrl() {
        return publicUrl;
    }

    /**
     * Handle domains of this service, each starting with {@code .}, lower-cased. Default {@code .<hostname>},
     * or {@code .test} for {@code localhost}.
     */
    public List<String> serviceHandleDomains() {
        return serviceHandleDomains;
    }

    /** Whether sign-up needs an invite code. Default true. */
    public boolean inviteRequired() {
        return inviteRequired;
    }

    /** How often an account earns a code; empty (the default) means accounts never earn codes. */
    public Optional<Duration> inviteInterval() {
        return inviteInterval;
    }

    /** Codes are earned only for time after this instant. Default the Unix epoch. */
    public Instant inviteEpoch() {
        return inviteEpoch;
    }

    /** Most codes one admin request may create. Default {@value #DEFAULT_MAX_INVITE_CODES_PER_REQUEST}. */
    public int maxInviteCodesPerRequest() {
        return maxInviteCodesPerRequest;
    }

    /** Largest {@code useCount} of one code. Default {@value #DEFAULT_MAX_INVITE_CODE_USES}. */
    public int maxInviteCodeUses() {
        return maxInviteCodeUses;
    }

    /** Access-token lifetime. Default 120 minutes. */
    public Duration accessTokenLifetime() {
        return accessTokenLifetime;
    }

    /** Refresh-token lifetime. Default 90 days. */
    public Duration refreshTokenLifetime() {
        return refreshTokenLifetime;
    }

    /** Grace window of a rotated refresh token. Default 2 hours. */
    public Duration refreshGracePeriod() {
        return refreshGracePeriod;
    }

    /** Clock tolerance when verifying JWT expiry. Default none. */
    public Duration tokenClockSkew() {
        return tokenClockSkew;
    }

    /** Email-token lifetime. Default 15 minutes. */
    public Duration emailTokenTtl() {
        return emailTokenTtl;
    }

    /**
     * How long a reserved signing key stays usable ({@code reserveSigningKey}); older reservations are treated as
     * absent and deleted. Default 24 hours ({@link #DEFAULT_SIGNING_KEY_RESERVATION_TTL}).
     */
    public Duration signingKeyReservationTtl() {
        return signingKeyReservationTtl;
    }

    /**
     * Most live signing-key reservations at once; when reached, a new reservation is refused
     * ({@code RateLimitExceeded}) until some expire or are used. Default
     * {@value #DEFAULT_MAX_SIGNING_KEY_RESERVATIONS}.
     */
    public int maxSigningKeyReservations() {
        return maxSigningKeyReservations;
    }

    /** Minimum length of new passwords (UTF-16 units). Default 0 (none). */
    public int minPasswordLength() {
        return minPasswordLength;
    }

    /** Whether sign-up needs a verified phone ({@code verificationPhone} + {@code verificationCode}). Default false. */
    public boolean phoneVerificationRequired() {
        return phoneVerificationRequired;
    }

    /**
     * Whether {@code requestPasswordReset} for an unknown email answers the reference's error (true) or the
     * same silent success as for a known one (false, the default: no account enumeration).
     */
    public boolean revealUnknownEmailOnPasswordReset() {
        return revealUnknownEmailOnPasswordReset;
    }

    /** Privacy-policy link for {@code describeServer}. */
    public Optional<String> privacyPolicyUrl() {
        return privacyPolicyUrl;
    }

    /** Terms-of-service link for {@code describeServer}. */
    public Optional<String> termsOfServiceUrl() {
        return termsOfServiceUrl;
    }

    /** Contact email for {@code describeServer}. */
    public Optional<String> contactEmail() {
        return contactEmail;
    }

    /**
     * Whether createSession, refreshSession and getSession include the account's DID document (resolved from
     * the PLC directory; omitted when it does not resolve). Default {@value #DEFAULT_DID_DOC_WITH_SESSION}, as
     * the reference unless {@code PDS_ENABLE_DID_DOC_WITH_SESSION} is set.
     */
    public boolean didDocWithSession() {
        return didDocWithSession;
    }

    /**
     * The moderation service whose service-auth JWTs (issuer this DID or {@code <did>#atproto_labeler}, audience
     * this service's DID) are accepted by the moderation admin methods, as the reference's
     * {@code PDS_MOD_SERVICE_DID}. Default none.
     */
    public Optional<String> moderationServiceDid() {
        return moderationServiceDid;
    }

    /** A builder pre-filled with this configuration. */
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

        /** The service DID (default {@code did:web:<hostname>}). */
        public Builder serviceDid(String v) {
            if (v == null || !v.startsWith("did:")) {
                throw new IllegalArgumentException("serviceDid must be a DID");
            }
            this.serviceDid = v;
            return this;
        }

        /** The public URL (default {@code https://<hostname>}). */
        public Builder publicUrl(String v) {
            URI uri = URI.create(Objects.requireNonNull(v, "publicUrl"));
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("publicUrl must be an absolute URL");
            }
            String s = v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
            this.publicUrl = s;
            return this;
        }

        /** Handle domains, each starting with {@code .}; normalised to lower case. */
        public Builder serviceHandleDomains(List<String> v) {
            this.serviceHandleDomains = List.copyOf(v);
            return this;
        }

        /** Whether invites are required (default true). */
        public Builder inviteRequired(boolean v) {
            this.inviteRequired = v;
            return this;
        }

        /** How often accounts earn a code (default: never). */
        public Builder inviteInterval(Duration v) {
            this.inviteInterval = Optional.of(positive(v, "inviteInterval"));
            return this;
        }

        /** Start of code earning (default the epoch). */
        public Builder inviteEpoch(Instant v) {
            this.inviteEpoch = Objects.requireNonNull(v, "inviteEpoch");
            return this;
        }

        /** Most codes one admin request may create. */
        public Builder maxInviteCodesPerRequest(int v) {
            this.maxInviteCodesPerRequest = v;
            return this;
        }

        /** Largest use count of one code. */
        public Builder maxInviteCodeUses(int v) {
            this.maxInviteCodeUses = v;
            return this;
        }

        /** Access-token lifetime. */
        public Builder accessTokenLifetime(Duration v) {
            this.accessTokenLifetime = v;
            return this;
        }

        /** Refresh-token lifetime. */
        public Builder refreshTokenLifetime(Duration v) {
            this.refreshTokenLifetime = v;
            return this;
        }

        /** Refresh grace window. */
        public Builder refreshGracePeriod(Duration v) {
            this.refreshGracePeriod = v;
            return this;
        }

        /** JWT expiry tolerance. */
        public Builder tokenClockSkew(Duration v) {
            this.tokenClockSkew = v;
            return this;
        }

        /** Email-token lifetime. */
        public Builder emailTokenTtl(Duration v) {
            this.emailTokenTtl = v;
            return this;
        }

        /** Lifetime of a signing-key reservation (positive). */
        public Builder signingKeyReservationTtl(Duration v) {
            this.signingKeyReservationTtl = v;
            return this;
        }

        /** Most live signing-key reservations at once (positive). */
        public Builder maxSigningKeyReservations(int v) {
            this.maxSigningKeyReservations = v;
            return this;
        }

        /** Minimum new-password length. */
        public Builder minPasswordLength(int v) {
            this.minPasswordLength = v;
            return this;
        }

        /** Whether sign-up needs phone verification. */
        public Builder phoneVerificationRequired(boolean v) {
            this.phoneVerificationRequired = v;
            return this;
        }

        /** Whether an unknown email at password reset is reported (default false). */
        public Builder revealUnknownEmailOnPasswordReset(boolean v) {
            this.revealUnknownEmailOnPasswordReset = v;
            return this;
        }

        /** Privacy-policy link. */
        public Builder privacyPolicyUrl(String v) {
            this.privacyPolicyUrl = Optional.of(v);
            return this;
        }

        /** Terms-of-service link. */
        public Builder termsOfServiceUrl(String v) {
            this.termsOfServiceUrl = Optional.of(v);
            return this;
        }

        /** Contact email. */
        public Builder contactEmail(String v) {
            this.contactEmail = Optional.of(v);
            return this;
        }

        /** Whether session outputs include the DID document (default false). */
        public Builder didDocWithSession(boolean v) {
            this.didDocWithSession = v;
            return this;
        }

        /** The moderation service DID whose service JWTs the moderation admin methods accept (default none). */
        public Builder moderationServiceDid(String v) {
            this.moderationServiceDid = Optional.of(Objects.requireNonNull(v, "moderationServiceDid"));
            return this;
        }

        /** Validates and builds; throws {@link IllegalArgumentException} naming a bad setting. */
        public PdsConfig build() {
            return new PdsConfig(this);
        }
    }
}
