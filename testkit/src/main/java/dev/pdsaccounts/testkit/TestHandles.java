package dev.pdsaccounts.testkit;

import dev.pdsaccounts.identity.HandleResolver;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link HandleResolver} for tests: a thread-safe table of which handle claims which DID (what DNS TXT or
 * the well-known file would say). Unknown handles do not resolve.
 */
public final class TestHandles implements HandleResolver {
    private final Map<String, String> claims = new ConcurrentHashMap<>();

    /** An empty table. */
    public TestHandles() {
        // Nothing resolves until a test says so.
    }

    /**
     * Makes {@code handle} (any case) resolve to {@code did}, replacing an earlier claim.
     *
     * @param handle the handle
     * @param did    the DID it resolves to
     */
    public void claim(String handle, String did) {
        claims.put(handle.toLowerCase(Locale.ROOT), did);
    }

    /**
     * Makes {@code handle} (any case) unresolvable again.
     *
     * @param handle the handle
     */
    public void forget(String handle) {
        claims.remove(handle.toLowerCase(Locale.ROOT));
    }

    @Override
    public Optional<String> resolve(String handle) {
        return handle == null ? Optional.empty() : Optional.ofNullable(claims.get(handle.toLowerCase(Locale.ROOT)));
    }
}
