package dev.pdsaccounts.events;

/**
 * The port through which the library tells its host what changed, so the host can sequence its firehose as the
 * reference PDS does: an {@code #identity} event for an {@link IdentityEvent} and an {@code #account} event for an
 * {@link AccountStatusEvent}.
 *
 * <p>Exactly one event per committed change, published after the store transaction committed, on the thread that
 * made the change; none for a change that failed, changed nothing, or lost a race to a concurrent change. A
 * listener that throws neither undoes nor fails the change: the library logs the failure and goes on, so a
 * listener that must not lose events keeps its own durable queue. Events of concurrent changes to one account may
 * reach the listener in another order than their commits; each carries the state its own change left, and
 * {@link AccountEvent#time()} when it was published.
 *
 * <p>Optional: the builder's default is {@link #NONE}.
 *
 * <pre>{@code
 * PdsAccounts pds = PdsAccounts.builder()...
 *         .accountEvents(event -> sequencer.append(event))
 *         .build();
 * }</pre>
 */
@FunctionalInterface
public interface AccountEvents {
    /** The default: events are dropped (a host without a firehose needs none). */
    AccountEvents NONE = event -> {
    };

    /**
     * Receives one event of a committed change.
     *
     * @param event the event, never null
     */
    void publish(AccountEvent event);
}
