package dev.pdsaccounts.service.internal;

import dev.pdsaccounts.error.LexiconError;
import dev.pdsaccounts.error.LexiconException;

/** The account use cases' failures with the reference PDS's messages, in one place. */
public final class AccountErrors {
    private AccountErrors() {}

    public static LexiconException unsupportedInput(String field) {
        return LexiconException.invalidRequest("Unsupported input: \"" + field + "\"");
    }

    public static LexiconException noInviteCode() {
        return new LexiconException(LexiconError.INVALID_INVITE_CODE, "No invite code provided");
    }

    public static LexiconException inviteNotAvailable() {
        return new LexiconException(LexiconError.INVALID_INVITE_CODE, "Provided invite code not available");
    }

    public static LexiconException handleTaken(String handle) {
        return new LexiconException(LexiconError.HANDLE_NOT_AVAILABLE, "Handle already taken: " + handle);
    }

    public static LexiconException emailTaken(String emailAsGiven) {
        return LexiconException.invalidRequest("Email already taken: " + emailAsGiven);
    }

    public static LexiconException didTaken() {
        return LexiconException.invalidRequest("An account with this DID already exists");
    }

    public static LexiconException phoneRequired() {
        return LexiconException.invalidRequest(
                "Phone number verification is required on this server and none was provided.");
    }

    public static LexiconException phoneCodeRequired() {
        return LexiconException.invalidRequest("No phone verification code provided.");
    }

    public static LexiconException phoneRejected() {
        return LexiconException.invalidRequest("Could not verify phone number. Please try again.");
    }

    public static LexiconException invalidRecoveryKey() {
        return LexiconException.invalidRequest("recoveryKey must be a did:key (K-256 or P-256)");
    }
}
