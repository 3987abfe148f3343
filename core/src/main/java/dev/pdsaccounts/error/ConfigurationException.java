package dev.pdsaccounts.error;

import java.util.Objects;

/**
 * The host's setup is incomplete or wrong: a required setting is missing (no PLC directory, no mailer, no JWT
 * secret) or a secret is unusable (too short, not hex). Thrown while building, never while serving; the message
 * names the setting (e.g. "PDS_JWT_SECRET is not set") and never contains a secret.
 */
public class ConfigurationException extends PdsAccountsException {
    private static final long serialVersionUID = 1L;

    /**
     * A configuration error.
     *
     * @param message names the setting and what is wrong with it
     */
    public ConfigurationException(String message) {
        super(Objects.requireNonNull(message, "message"), null);
    }
}
