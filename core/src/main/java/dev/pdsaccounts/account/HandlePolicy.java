package dev.pdsaccounts.account;

import dev.pdsaccounts.error.LexiconError;
import dev.pdsaccounts.error.LexiconException;
import dev.pdsaccounts.syntax.Handle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which handles an account may take, in the reference PDS's order ({@code normalizeAndValidateHandle}):
 * <ol>
 *   <li>syntax, after lower-casing ({@code InvalidHandle} with the syntax problem);</li>
 *   <li>TLD deny list {@code .local .arpa .invalid .localhost .internal .example .alt .onion}
 *       ({@code InvalidHandle} "Handle TLD is invalid or disallowed");</li>
 *   <li>the {@link HandleFilter} ({@code InvalidHandle} "Inappropriate language in handle"), skipped for admins
 *       as the reference skips its slur check when {@code allowAnyValid};</li>
 *   <li>on a service domain, the front label: no dot ("Invalid characters in handle"), 3 to 18 characters
 *       ("Handle too short" / "Handle too long"), and not reserved unless admin ({@code HandleNotAvailable}
 *       "Reserved handle").</li>
 * </ol>
 *
 * <p>A handle is on a service domain when it ends with that domain: as every domain starts with {@code .}, the
 * match is anchored at a label boundary ({@code evilpds.example.com} is not under {@code .pds.example.com}). When
 * several configured domains match (e.g. {@code .test} and {@code .pds.test}), the longest wins; the reference
 * takes the first in configuration order, which would refuse {@code alice.pds.test} as "Invalid characters".
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class HandlePolicy {
    /** Shortest front label on a service domain. */
    public static final int MIN_FRONT_LENGTH = 3;

    /** Longest front label on a service domain. */
    public static final int MAX_FRONT_LENGTH = 18;

    private static final List<String> DISALLOWED_TLDS = List.of(
            ".local", ".arpa", ".invalid", ".localhost", ".internal", ".example", ".alt", ".onion");

    private final List<String> serviceDomains;
    private final ReservedHandles reserved;
    private final HandleFilter filter;

    private HandlePolicy(List<String> serviceDomains, ReservedHandles reserved, HandleFilter filter) {
        this.serviceDomains = serviceDomains;
        this.reserved = reserved;
        this.filter = filter;
    }

    /**
     * Builds a policy.
     *
     * @param serviceDomains the service's handle domains (the reference's {@code PDS_SERVICE_HANDLE_DOMAINS}),
     *     each starting with {@code .}; trimmed and lower-cased here; duplicates dropped; may be empty
     * @param reserved the reserved front labels
     * @param filter the extra filter, or {@link HandleFilter#NONE}
     * @return the policy
     * @throws IllegalArgumentException when an argument is {@code null} or a domain does not start with
     *     {@code .} or could not end any valid handle (a configuration error)
     */
    public static HandlePolicy of(List<String> serviceDomains, ReservedHandles reserved, HandleFilter filter) {
        if (serviceDomains == null || reserved == null || filter == null) {
            throw new IllegalArgumentException("serviceDomains, reserved and filter are required");
        }
        List<String> domains = new ArrayList<>();
        for (String raw : serviceDomains) {
            if (raw == null) {
                throw new IllegalArgumentException("service handle domain must not be null");
            }
            String d = raw.trim().toLowerCase(Locale.ROOT);
            if (!d.startsWith(".")) {
                throw new IllegalArgumentException("service handle domain must start with '.': " + raw);
            }
            // "abc" + domain must itself be a valid handle, else no handle could ever live under it.
            if (!Handle.isValid("abc" + d)) {
                throw new IllegalArgumentException("service handle domain is not a valid domain suffix: " + raw);
            }
            if (!domains.contains(d)) {
                domains.add(d);
            }
        }
        return new HandlePolicy(List.copyOf(domains), reserved, filter);
    }

    /**
     * The normalised service domains, in configuration order.
     *
     * @return an unmodifiable list of lower-case domains, each starting with {@code .}
     */
    public List<String> serviceDomains() {
        return serviceDomains;
    }

    /**
     * Validates a handle for an account.
     *
     * @param rawHandle the handle as the user sent it; {@code null} is invalid input
     * @param allowReserved {@code true} for an admin: reserved words and the filter are not applied
     * @return a service or external handle, normalised
     * @throws LexiconException {@code InvalidHandle} or {@code HandleNotAvailable} as described on this class
     */
    public HandleCheck check(String rawHandle, boolean allowReserved) {
        Handle handle = Handle.normalizeAndParse(rawHandle);
        String h = handle.value();
        for (String tld : DISALLOWED_TLDS) {
            if (h.endsWith(tld)) {
                throw new LexiconException(LexiconError.INVALID_HANDLE, "Handle TLD is invalid or disallowed");
            }
        }
        if (!allowReserved) {
            Optional<String> rejection = filter.reject(h);
            if (rejection != null && rejection.isPresent()) {
                throw new LexiconException(LexiconError.INVALID_HANDLE, "Inappropriate language in handle");
            }
        }
        String domain = serviceDomainOf(h);
        if (domain == null) {
            return new HandleCheck.ExternalHandle(handle);
        }
        String front = h.substring(0, h.length() - domain.length());
        if (front.indexOf('.') >= 0) {
            throw new LexiconException(LexiconError.INVALID_HANDLE, "Invalid characters in handle");
        }
        if (front.length() < MIN_FRONT_LENGTH) {
            throw new LexiconException(LexiconError.INVALID_HANDLE, "Handle too short");
        }
        if (front.length() > MAX_FRONT_LENGTH) {
            throw new LexiconException(LexiconError.INVALID_HANDLE, "Handle too long");
        }
        if (!allowReserved && reserved.isReserved(front)) {
            throw new LexiconException(LexiconError.HANDLE_NOT_AVAILABLE, "Reserved handle");
        }
        return new HandleCheck.ServiceHandle(handle, domain);
    }

    /**
     * Validates a handle for a new account created without an existing DID: it must be on a service domain.
     *
     * @param rawHandle the handle as the user sent it; {@code null} is invalid input
     * @return the normalised service handle
     * @throws LexiconException as {@link #check(String, boolean)} (not admin), or {@code UnsupportedDomain}
     *     "Not a supported handle domain" for an external handle
     */
    public Handle requireServiceHandleForSignup(String rawHandle) {
        HandleCheck result = check(rawHandle, false);
        if (result instanceof HandleCheck.ExternalHandle) {
            throw new LexiconException(LexiconError.UNSUPPORTED_DOMAIN, "Not a supported handle domain");
        }
        return result.handle();
    }

    /** The longest service domain {@code h} ends with at a label boundary with a non-empty front, or null. */
    private String serviceDomainOf(String h) {
        String best = null;
        for (String d : serviceDomains) {
            // d starts with '.', so endsWith anchors at a label boundary; the length test keeps the front non-empty.
            if (h.length() > d.length() && h.endsWith(d) && (best == null || d.length() > best.length())) {
                best = d;
            }
        }
        return best;
    }
}
