package dev.pdsaccounts.events;

import java.time.Instant;

/**
 * What changed about an account: its identity ({@link IdentityEvent}) or its status ({@link AccountStatusEvent}).
 * Published through {@link AccountEvents}.
 */
public sealed interface AccountEvent permits IdentityEvent, AccountStatusEvent {
    /**
     * The account.
     *
     * @return its DID
     */
    String did();

    /**
     * When the event was published (the library's clock, after the change committed).
     *
     * @return the instant
     */
    Instant time();
}
