package dev.pdsaccounts.service.internal;

import dev.pdsaccounts.account.Account;
import dev.pdsaccounts.events.AccountEvent;
import dev.pdsaccounts.events.AccountEvents;
import dev.pdsaccounts.events.AccountStatusEvent;
import dev.pdsaccounts.events.IdentityEvent;
import dev.pdsaccounts.store.AccountStore;
import dev.pdsaccounts.store.TransactionWork;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the use cases publish {@link AccountEvent}s to the host's {@link AccountEvents}: after commit, one event
 * per change, and a failing listener is logged and otherwise ignored (the change stands).
 *
 * <p>Changes to an existing account run through {@link #inTransaction}: it reads the account at the start of the
 * transaction (locking its row, so concurrent changes run one after the other), runs the work, reads it again, and
 * after commit publishes what the difference shows: a deletion, a handle change, a status change, or nothing. So a
 * lost race, a no-op or a failed change publishes nothing, without each use case deciding it. Account creation
 * is published explicitly ({@link #created}) once the new account is final. Thread-safe.
 */
public final class AccountEventPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(AccountEventPublisher.class);

    private final AccountStore store;
    private final AccountEvents listener;
    private final Clock clock;

    /**
     * Wired by {@link dev.pdsaccounts.PdsAccounts}'s builder.
     *
     * @param store    the store port
     * @param listener the host's listener ({@link AccountEvents#NONE} for none)
     * @param clock    the clock stamping the events
     */
    public AccountEventPublisher(AccountStore store, AccountEvents listener, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Runs {@code work} in one store transaction and, after commit, publishes the events the change of account
     * {@code did} shows ({@link IdentityEvent.Change#HANDLE_CHANGED}, an {@link AccountStatusEvent} on a status
     * change or a deletion). The work must lock the account's row before any other (every account change does:
     * it reads the account first), which this does for it.
     *
     * @param did  the account the work changes
     * @param work the transaction's work
     * @param <T>  what the work returns
     * @return what the work returned
     */
    public <T> T inTransaction(String did, TransactionWork<T> work) {
        Objects.requireNonNull(work, "work");
        Transition<T> t = store.inTransaction(tx -> {
            Optional<Account> before = tx.findAccountByDid(did);
            T result = work.run(tx);
            Optional<Account> after = before.isPresent() ? tx.findAccountByDid(did) : Optional.empty();
            return new Transition<>(before, after, result);
        });
        if (t.before().isPresent()) {
            for (AccountEvent event : events(t.before().get(), t.after())) {
                publish(event);
            }
        }
        return t.result();
    }

    /**
     * Publishes the creation of an account, once it is final (stored and, for a new DID, registered).
     *
     * @param account the account as stored
     */
    public void created(Account account) {
        publish(IdentityEvent.created(account, clock.instant()));
    }

    /**
     * Publishes that the account's DID document changed by a PLC operation it submitted.
     *
     * @param account the account
     */
    public void documentChanged(Account account) {
        publish(IdentityEvent.documentChanged(account.did(), account.handle(), clock.instant()));
    }

    /**
     * Publishes the deletion of an account by a change that did not run through {@link #inTransaction}.
     *
     * @param did the deleted account
     */
    public void deleted(String did) {
        publish(AccountStatusEvent.deleted(did, clock.instant()));
    }

    private List<AccountEvent> events(Account before, Optional<Account> after) {
        List<AccountEvent> events = new ArrayList<>(1);
        if (after.isEmpty()) {
            events.add(AccountStatusEvent.deleted(before.did(), clock.instant()));
            return events;
        }
        Account now = after.get();
        if (!now.handle().equals(before.handle())) {
            events.add(IdentityEvent.handleChanged(now.did(), now.handle(), clock.instant()));
        }
        AccountStatusEvent.between(before, now, clock.instant()).ifPresent(events::add);
        return events;
    }

    private void publish(AccountEvent event) {
        try {
            listener.publish(event);
        } catch (Exception e) {
            // The change is committed; a listener's failure must not undo or fail it.
            LOG.error("account event listener failed on {} of {}; the change stands", event.getClass().getSimpleName(),
                    event.did(), e);
        }
    }

    private record Transition<T>(Optional<Account> before, Optional<Account> after, T result) {
    }
}
