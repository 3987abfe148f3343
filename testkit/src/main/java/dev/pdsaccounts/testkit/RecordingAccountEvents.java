package dev.pdsaccounts.testkit;

import dev.pdsaccounts.events.AccountEvent;
import dev.pdsaccounts.events.AccountEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * An {@link AccountEvents} listener that keeps every event it receives, in order; it can be told to throw after
 * recording, to prove that a failing listener neither undoes nor fails a change. Thread-safe.
 */
public final class RecordingAccountEvents implements AccountEvents {
    private final List<AccountEvent> events = new ArrayList<>();
    private boolean failing;
    private Consumer<AccountEvent> check = event -> {
    };

    /** An empty recorder that does not fail. */
    public RecordingAccountEvents() {
    }

    @Override
    public synchronized void publish(AccountEvent event) {
        check.accept(event);
        events.add(event);
        if (failing) {
            throw new IllegalStateException("listener failure (test): " + event.getClass().getSimpleName());
        }
    }

    /**
     * Every event so far, in order of publication.
     *
     * @return a copy
     */
    public synchronized List<AccountEvent> all() {
        return List.copyOf(events);
    }

    /**
     * The events of one account so far, in order of publication.
     *
     * @param did the account
     * @return a copy
     */
    public synchronized List<AccountEvent> of(String did) {
        return events.stream().filter(e -> e.did().equals(did)).toList();
    }

    /** Forgets every event so far. */
    public synchronized void clear() {
        events.clear();
    }

    /**
     * Runs {@code check} on every later event as it arrives, before recording it (e.g. to assert what the store
     * shows at publication); an {@link AssertionError} it throws reaches the caller of the use case.
     *
     * @param check the check
     */
    public synchronized void checkEach(Consumer<AccountEvent> check) {
        this.check = java.util.Objects.requireNonNull(check, "check");
    }

    /**
     * Makes every later {@link #publish} throw (after recording), or stop throwing.
     *
     * @param fail whether to throw
     */
    public synchronized void failing(boolean fail) {
        this.failing = fail;
    }
}
