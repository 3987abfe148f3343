package dev.pdsaccounts.account;

import dev.pdsaccounts.syntax.Handle;
import java.util.Objects;

/**
 * The outcome of a successful {@link HandlePolicy#check(String, boolean)}: a handle under one of the service's
 * own domains, or an external (custom-domain) handle that the caller still has to verify by resolution.
 */
public sealed interface HandleCheck permits HandleCheck.ServiceHandle, HandleCheck.ExternalHandle {

    /**
     * The normalised handle.
     *
     * @return the handle
     */
    Handle handle();

    /**
     * A handle under a service domain, e.g. {@code alice.pds.example.com} under {@code .pds.example.com}.
     *
     * @param handle the normalised handle
     * @param domain the matched service domain, with its leading dot
     */
    record ServiceHandle(Handle handle, String domain) implements HandleCheck {
        /**
         * Checks that both parts are present.
         *
         * @param handle the normalised handle
         * @param domain the matched service domain, with its leading dot
         */
        public ServiceHandle {
            Objects.requireNonNull(handle, "handle");
            Objects.requireNonNull(domain, "domain");
        }
    }

    /**
     * A handle under a domain the service does not own; the account must prove it controls it.
     *
     * @param handle the normalised handle
     */
    record ExternalHandle(Handle handle) implements HandleCheck {
        /**
         * Checks that the handle is present.
         *
         * @param handle the normalised handle
         */
        public ExternalHandle {
            Objects.requireNonNull(handle, "handle");
        }
    }
}
