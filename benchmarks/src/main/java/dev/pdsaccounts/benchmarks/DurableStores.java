package dev.pdsaccounts.benchmarks;

import java.util.ArrayList;
import java.util.List;

/** The SQLite and PostgreSQL targets, when their adapters are on the class path and reachable. */
final class DurableStores {
    private DurableStores() {}

    static List<StoreTarget> targets(RunContext ctx, String bench) {
        List<StoreTarget> targets = new ArrayList<>();
        ctx.table().skipped(bench, "sqlite", "store-sqlite has no store yet on this branch");
        ctx.table().skipped(bench, "postgres", "store-jdbc has no store yet on this branch");
        return targets;
    }
}
