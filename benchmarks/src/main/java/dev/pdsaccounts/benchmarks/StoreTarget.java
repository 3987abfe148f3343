package dev.pdsaccounts.benchmarks;

import dev.pdsaccounts.store.AccountStore;
import dev.pdsaccounts.store.memory.InMemoryAccountStore;
import java.util.ArrayList;
import java.util.List;

/**
 * A store a benchmark runs against, opened fresh (empty) for each use and closed after it.
 */
public interface StoreTarget {
    /**
     * The name in the table: {@code memory}, {@code sqlite} or {@code postgres}.
     *
     * @return the name
     */
    String name();

    /**
     * Opens an empty store.
     *
     * @return the store; close it with {@link #close}
     * @throws Exception when the store cannot be opened
     */
    AccountStore openEmpty() throws Exception;

    /**
     * Closes a store this target opened, releasing files and connections.
     *
     * @param store the store
     * @throws Exception when closing fails
     */
    default void close(AccountStore store) throws Exception {
        if (store instanceof AutoCloseable) {
            ((AutoCloseable) store).close();
        }
    }

    /**
     * The in-memory store.
     *
     * @return the target
     */
    static StoreTarget memory() {
        return new StoreTarget() {
            @Override
            public String name() {
                return "memory";
            }

            @Override
            public AccountStore openEmpty() {
                return new InMemoryAccountStore();
            }
        };
    }

    /**
     * Every store this run can reach, in the order memory, SQLite, PostgreSQL; records a skipped row for each
     * one it cannot.
     *
     * @param ctx the run
     * @param bench the benchmark asking (for the skipped rows)
     * @param durable whether to leave out the in-memory store
     * @return the targets
     */
    static List<StoreTarget> all(RunContext ctx, String bench, boolean durable) {
        List<StoreTarget> targets = new ArrayList<>();
        if (!durable) {
            targets.add(memory());
        }
        targets.addAll(DurableStores.targets(ctx, bench));
        return targets;
    }
}
