package dev.pdsaccounts.benchmarks;

import dev.pdsaccounts.service.internal.CreateAccountResult;
import dev.pdsaccounts.service.internal.NewAccount;
import dev.pdsaccounts.service.internal.AccountChanges;
import dev.pdsaccounts.crypto.Argon2Parameters;
import dev.pdsaccounts.crypto.Argon2idHasher;
import dev.pdsaccounts.crypto.PasswordHasher;
import dev.pdsaccounts.crypto.ReferenceScryptHasher;
import dev.pdsaccounts.store.memory.InMemoryAccountStore;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Memory, each figure from a fresh child JVM: retained heap per 100k accounts in the in-memory store, and
 * peak RSS ({@code VmHWM}) while 16 threads hash passwords, with the hasher's default concurrency cap (one
 * hash per core) and, for contrast, with a cap of 16; each Argon2id case also with glibc's mmap threshold fixed
 * ({@code MALLOC_MMAP_THRESHOLD_}), which decides whether the cap bounds the native memory at all.
 */
final class MemoryBench implements Bench {
    static final String NAME = "memory";
    private static final int LOAD_THREADS = 16;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "child JVMs: heap per 100k accounts in store-memory; peak RSS hashing under load, capped vs not";
    }

    @Override
    public void run(RunContext ctx) throws Exception {
        Profile p = ctx.profile();
        int n = p.heapAccounts();
        ctx.progress("heap of " + n + " accounts in store-memory (child JVM)");
        Map<String, String> heap = Child.run(List.of("-Xms1g", "-Xmx1g", "-XX:+UseG1GC"), "heap", Integer.toString(n));
        double perAccount = Double.parseDouble(heap.get("bytesPerAccount"));
        ctx.table().info(NAME, "store-memory retained heap per 100k accounts (" + n + " stored)",
                Format.mib(perAccount * 100_000) + " (" + Math.round(perAccount) + " B/account)");
        ctx.table().info(NAME, "store-memory insert rate while populating", Format.rate(
                Double.parseDouble(heap.get("insertsPerSecond"))) + "/s");

        int cores = Machine.cores();
        String secs = Integer.toString(p.rssSeconds());
        String threads = Integer.toString(LOAD_THREADS);
        String capped = Integer.toString(cores);
        Map<String, String> glibcDefault = Map.of();
        Map<String, String> fixedThreshold = Map.of("MALLOC_MMAP_THRESHOLD_", "131072");
        record Case(String hasher, String cap, Map<String, String> env) {}
        for (Case c : List.of(new Case("argon2", capped, glibcDefault), new Case("argon2", threads, glibcDefault),
                new Case("argon2", capped, fixedThreshold), new Case("argon2", threads, fixedThreshold),
                new Case("scrypt", capped, glibcDefault))) {
            String label = (c.hasher().equals("argon2") ? "argon2id v1" : "reference scrypt") + ", " + LOAD_THREADS
                    + " threads, cap " + c.cap() + (c.cap().equals(capped) ? " (default)" : "")
                    + (c.env().isEmpty() ? "" : ", MALLOC_MMAP_THRESHOLD_=131072");
            ctx.progress("peak RSS, " + label + " (child JVM)");
            Map<String, String> r = Child.run(c.env(), List.of("-Xms64m", "-Xmx1g", "-XX:+UseG1GC"), "rss",
                    c.hasher(), c.cap(), threads, secs);
            ctx.table().info(NAME, "peak RSS hashing: " + label,
                    Format.mib(Double.parseDouble(r.get("peakRss"))) + " (idle " + Format.mib(Double.parseDouble(
                            r.get("idleRss"))) + ", " + Format.rate(Double.parseDouble(r.get("hashesPerSecond")))
                            + " hashes/s)");
        }
        ctx.table().note(NAME + ": heap is the used heap after full GCs before vs after inserting precomputed rows"
                + " (one Argon2id hash string, a 64-hex signing key and one refresh-token row per account) with"
                + " -Xmx1g; RSS is VmHWM of a child JVM with -Xmx1g (G1) hashing for the profile's seconds. Argon2's native 19 MiB blocks come from glibc malloc: by"
                + " default a freed block raises glibc's dynamic mmap threshold and stays in the calling thread's arena,"
                + " so peak RSS follows the number of threads that ever hashed, not the cap; with a fixed"
                + " MALLOC_MMAP_THRESHOLD_ every block is unmapped on free and the cap bounds RSS. Scrypt works on the"
                + " Java heap, so its RSS follows heap sizing (-Xmx), not the cap.");
    }

    /** Child side: {@code heap <n>} or {@code rss <argon2|scrypt> <cap> <threads> <seconds>}. */
    static void child(String[] args) throws Exception {
        switch (args[0]) {
            case "heap":
                childHeap(Integer.parseInt(args[1]));
                break;
            case "rss":
                childRss(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
                break;
            default:
                throw new IllegalArgumentException("unknown child " + args[0]);
        }
    }

    private static void childHeap(int n) {
        String hash = new Argon2idHasher(Argon2Parameters.v1()).hash(Fixtures.PASSWORD);
        SecureRandom rnd = new SecureRandom();
        Instant now = Instant.now();
        // Warm the code paths on a throwaway store first, so class loading is not counted.
        InMemoryAccountStore warm = new InMemoryAccountStore();
        for (int i = 0; i < 1000; i++) {
            NewAccount row = Fixtures.row(-1 - i, hash, Fixtures.randomKeyHex(rnd), now);
            warm.inTransaction(tx -> AccountChanges.createAccount(tx, row));
        }
        warm = null;
        long before = usedAfterGc();
        InMemoryAccountStore store = new InMemoryAccountStore();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            NewAccount row = Fixtures.row(i, hash, Fixtures.randomKeyHex(rnd), now);
            CreateAccountResult r = store.inTransaction(tx -> AccountChanges.createAccount(tx, row));
            if (!(r instanceof CreateAccountResult.Created)) {
                throw new IllegalStateException("row " + i + ": " + r);
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        long after = usedAfterGc();
        Child.result("bytesPerAccount", (after - before) / (double) n);
        Child.result("insertsPerSecond", n / secs);
        Child.result("count", store.countAccounts());
        Reference.reachabilityFence(store);
    }

    private static long usedAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    private static void childRss(String kind, int cap, int threads, int seconds) throws Exception {
        PasswordHasher hasher = kind.equals("argon2")
                ? new Argon2idHasher(Argon2Parameters.v1(), cap)
                : new ReferenceScryptHasher(new SecureRandom(), cap);
        hasher.hash(Fixtures.PASSWORD);
        System.gc();
        long idle = Machine.procStatusBytes("VmRSS");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong peakSampled = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (!stop.get()) {
                peakSampled.accumulateAndGet(Machine.procStatusBytes("VmRSS"), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.start();
        Load.Outcome o = Load.run(threads, 0, seconds, (t, i) -> hasher.hash(Fixtures.PASSWORD));
        stop.set(true);
        sampler.join();
        Child.result("idleRss", idle);
        Child.result("peakRss", Math.max(Machine.procStatusBytes("VmHWM"), peakSampled.get()));
        Child.result("hashesPerSecond", o.perSecond());
    }
}
