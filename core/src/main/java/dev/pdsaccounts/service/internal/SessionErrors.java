package dev.pdsaccounts.service.internal;

import dev.pdsaccounts.error.LexiconError;
import dev.pdsaccounts.error.LexiconException;

/** The session use cases' failures with the reference PDS's names, statuses and messages, in one place. */
public final class SessionErrors {
    private SessionErrors() {}

    public static LexiconException missingProperty(String property) {
        return LexiconException.invalidRequest("Input must have the property \"" + property + "\"");
    }

    public static LexiconException invalidCredentials() {
        return new LexiconException(LexiconError.AUTHENTICATION_REQUIRED, "Invalid identifier or password");
    }

    public static LexiconException passwordTooLong() {
        return new LexiconException(LexiconError.AUTHENTICATION_REQUIRED,
                "Password too long. Consider resetting your password.");
    }

    public static LexiconException authFactorTokenRequired() {
        return new LexiconException(LexiconError.AUTH_FACTOR_TOKEN_REQUIRED,
                "A sign in code has been sent to your email address");
    }

    public static LexiconException takedown() {
        return new LexiconException(LexiconError.ACCOUNT_TAKEDOWN, "Account has been taken down");
    }

    public static LexiconException revoked() {
        return new LexiconException(LexiconError.EXPIRED_TOKEN, "Token has been revoked");
    }

    public static LexiconException userInfoMissing(String did) {
        return LexiconException.invalidRequest("Could not find user info for account: " + did);
    }

    public static LexiconException authMissing() {
        return new LexiconException(LexiconError.AUTH_MISSING, "Authentication Required");
    }

    public static LexiconException accountNotFound() {
        return new LexiconException(LexiconError.ACCOUNT_NOT_FOUND, 403, "Account not found");
    }

    public static LexiconException duplicateAppPassword() {
        return LexiconException.invalidRequest("An app password with this name already exists");
    }

    public static LexiconException invalidAppPasswordName(String problem) {
        return LexiconException.invalidRequest("Invalid app password name: " + problem);
    }
}
