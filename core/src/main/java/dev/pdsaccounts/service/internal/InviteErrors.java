package dev.pdsaccounts.service.internal;

import dev.pdsaccounts.error.LexiconError;
import dev.pdsaccounts.error.LexiconException;

/** The invite use cases' failures with the reference PDS's messages, in one place. */
public final class InviteErrors {
    private InviteErrors() {}

    public static LexiconException accountNotFound() {
        return new LexiconException(LexiconError.ACCOUNT_NOT_FOUND, "Account not found");
    }

    public static LexiconException accountTakedown() {
        return new LexiconException(LexiconError.ACCOUNT_TAKEDOWN, "Account has been taken down");
    }

    public static LexiconException duplicateCreate() {
        return new LexiconException(LexiconError.DUPLICATE_CREATE,
                "attempted to create additional codes in another request");
    }

    public static LexiconException cannotDisableAdminCodes() {
        return LexiconException.invalidRequest("cannot disable admin invite codes");
    }

    public static LexiconException unknownSort() {
        return LexiconException.invalidRequest("unknown sort method");
    }

    public static LexiconException malformedCursor() {
        return LexiconException.invalidRequest("malformed cursor");
    }
}
