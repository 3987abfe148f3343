package dev.pdsaccounts.error;

/**
 * The catalogue of XRPC error names this library emits: each with the HTTP status the reference PDS answers
 * with. Names are exactly those of the atproto lexicons (and of the XRPC server's generic errors), so a host
 * maps a {@link LexiconException} to {@code {"error": name, "message": ...}} with {@link #status()} and
 * clients keyed on the names keep working.
 */
public enum LexiconError {
    /** Generic bad input (the XRPC server's {@code InvalidRequestError}). */
    INVALID_REQUEST("InvalidRequest", 400),
    /** {@code createAccount}: the handle fails syntax or the service rules. */
    INVALID_HANDLE("InvalidHandle", 400),
    /** {@code createAccount}: the password breaks the configured policy. */
    INVALID_PASSWORD("InvalidPassword", 400),
    /** {@code createAccount}: the invite code is missing or not usable. */
    INVALID_INVITE_CODE("InvalidInviteCode", 400),
    /** The handle is reserved or held by another account. */
    HANDLE_NOT_AVAILABLE("HandleNotAvailable", 400),
    /** The handle is not under one of the service's handle domains. */
    UNSUPPORTED_DOMAIN("UnsupportedDomain", 400),
    /** An imported DID could not be resolved. */
    UNRESOLVABLE_DID("UnresolvableDid", 400),
    /** A supplied PLC operation or DID document does not fit this service. */
    INCOMPATIBLE_DID_DOC("IncompatibleDidDoc", 400),
    /** Wrong credentials (the XRPC server's {@code AuthRequiredError}). */
    AUTHENTICATION_REQUIRED("AuthenticationRequired", 401),
    /** No credentials were sent where they are needed. */
    AUTH_MISSING("AuthMissing", 401),
    /** The account is taken down. */
    ACCOUNT_TAKEDOWN("AccountTakedown", 401),
    /** An email second factor is needed (declared by the lexicon; the local PDS never asks for it). */
    AUTH_FACTOR_TOKEN_REQUIRED("AuthFactorTokenRequired", 401),
    /** A JWT or email token is not valid. */
    INVALID_TOKEN("InvalidToken", 400),
    /** A JWT or email token has expired or was revoked. */
    EXPIRED_TOKEN("ExpiredToken", 400),
    /** The account does not exist (status 400 by default; the auth layer answers 403). */
    ACCOUNT_NOT_FOUND("AccountNotFound", 400),
    /** {@code confirmEmail}: the email does not match the account's. */
    INVALID_EMAIL("InvalidEmail", 400),
    /** {@code updateEmail}: the current email is confirmed, so a token is needed. */
    TOKEN_REQUIRED("TokenRequired", 400),
    /** {@code getAccountInviteCodes}: a concurrent call created the codes. */
    DUPLICATE_CREATE("DuplicateCreate", 400),
    /** {@code getServiceAuth}: the requested expiry is not allowed. */
    BAD_EXPIRATION("BadExpiration", 400),
    /** The credentials are valid but not allowed to do this. */
    FORBIDDEN("Forbidden", 403),
    /** {@code identity.resolveHandle}: the handle does not resolve to any DID. */
    HANDLE_NOT_FOUND("HandleNotFound", 400),
    /** {@code sync.getRepoStatus}: no account with this DID. */
    REPO_NOT_FOUND("RepoNotFound", 400),
    /** A rate limit was hit. */
    RATE_LIMIT_EXCEEDED("RateLimitExceeded", 429),
    /** The method or input is not implemented by this service. */
    METHOD_NOT_IMPLEMENTED("MethodNotImplemented", 501);

    private final String errorName;
    private final int status;

    LexiconError(String errorName, int status) {
        this.errorName = errorName;
        this.status = status;
    }

    /** {@return the XRPC error name, e.g. {@code "HandleNotAvailable"}} */
    public String errorName() {
        return errorName;
    }

    /** {@return the HTTP status the reference PDS answers with} */
    public int status() {
        return status;
    }
}
