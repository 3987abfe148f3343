package dev.pdsaccounts.identity;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Tries several {@link HandleResolver}s in order and answers the first DID found; a resolver that throws
 * counts as "not found". The reference's order is DNS first, then HTTPS
 * ({@code dev.pdsaccounts.identity.http.HandleResolvers.standard()} in the {@code identity-http} module).
 */
public final class CombinedHandleResolver implements HandleResolver {
    private final List<HandleResolver> resolvers;

    private CombinedHandleResolver(List<HandleResolver> resolvers) {
        this.resolvers = resolvers;
    }

    /**
     * The resolvers, tried in the given order.
     *
     * @param resolvers one or more resolvers
     * @return the combined resolver
     * @throws NullPointerException if a resolver is null
     */
    public static CombinedHandleResolver of(HandleResolver... resolvers) {
        List<HandleResolver> list = List.of(resolvers);
        list.forEach(r -> Objects.requireNonNull(r, "resolver"));
        return new CombinedHandleResolver(list);
    }

    /** {@inheritDoc} */
    @Override
    public Optional<String> resolve(String handle) {
        for (HandleResolver r : resolvers) {
            Optional<String> did;
            try {
                did = r.resolve(handle);
            } catch (RuntimeException e) {
                continue;
            }
            if (did != null && did.isPresent()) {
                return did;
            }
        }
        return Optional.empty();
    }
}
