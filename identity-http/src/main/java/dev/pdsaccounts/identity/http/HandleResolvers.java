package dev.pdsaccounts.identity.http;

import dev.pdsaccounts.identity.CombinedHandleResolver;
import dev.pdsaccounts.identity.HandleResolver;

/** The network handle resolvers, combined as the reference PDS combines them. */
public final class HandleResolvers {
    private HandleResolvers() {}

    /**
     * DNS TXT with the system's DNS servers, then HTTPS well-known, both with their default bounds (the
     * reference's order).
     *
     * @return the resolver
     */
    public static HandleResolver standard() {
        return CombinedHandleResolver.of(DnsHandleResolver.system(), HttpsHandleResolver.builder().build());
    }
}
