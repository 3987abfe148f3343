package dev.pdsaccounts.session;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** The {@code scope} claim values of session JWTs, and the groups endpoints allow. */
public enum Scope {
    /** Full access: a password login. */
    ACCESS("com.atproto.access"),
    /** An app-password login. */
    APP_PASS("com.atproto.appPass"),
    /** A privileged app-password login (may also read DMs and the like). */
    APP_PASS_PRIVILEGED("com.atproto.appPassPrivileged"),
    /** A login of a taken-down account with {@code allowTakendown}. */
    TAKENDOWN("com.atproto.takendown"),
    /** An account waiting in the signup queue (entryway). */
    SIGNUP_QUEUED("com.atproto.signupQueued"),
    /** A refresh token. */
    REFRESH("com.atproto.refresh");

    /** Full access only: {@link #ACCESS}. */
    public static final Set<Scope> FULL = Collections.unmodifiableSet(EnumSet.of(ACCESS));
    /** {@link #FULL} plus {@link #APP_PASS_PRIVILEGED}. */
    public static final Set<Scope> PRIVILEGED = Collections.unmodifiableSet(EnumSet.of(ACCESS, APP_PASS_PRIVILEGED));
    /** {@link #PRIVILEGED} plus {@link #APP_PASS}. */
    public static final Set<Scope> STANDARD =
            Collections.unmodifiableSet(EnumSet.of(ACCESS, APP_PASS_PRIVILEGED, APP_PASS));

    /** {@code values()} copies its array on every call; this lookup runs on every verified token. */
    private static final Scope[] VALUES = values();

    private final String value;

    Scope(String value) {
        this.value = value;
    }

    /**
     * The claim value, e.g. {@code com.atproto.access}.
     *
     * @return the wire value
     */
    public String value() {
        return value;
    }

    /**
     * The scope with this wire value.
     *
     * @param value a claim value, may be null
     * @return the scope, or empty when {@code value} is null or unknown
     */
    public static Optional<Scope> fromValue(String value) {
        if (value != null) {
            for (Scope s : VALUES) {
                if (s.value.equals(value)) {
                    return Optional.of(s);
                }
            }
        }
        return Optional.empty();
    }
}
