package dev.pdsaccounts.testkit;

import dev.pdsaccounts.error.LexiconException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The fuzzing harness: runs inputs one at a time, each on a worker thread under a {@link #TIME_LIMIT_MILLIS}
 * timeout, and accepts only two outcomes: success, or a {@link LexiconException} that left the observable
 * state (a snapshot the caller supplies) unchanged. Anything else (another exception, a hang, a rejected input
 * that changed state) is recorded with the escaped input and the seed, and {@link #finish()} fails the run.
 *
 * <p>An input that overruns the limit once is waited for and run again against the state it left; only a
 * second overrun counts as a hang, so a garbage-collection pause on a shared CI machine does not fail a run.
 *
 * <pre>{@code
 * try (Fuzzer f = new Fuzzer("createAccount", seed, world::snapshot)) {
 *     for (int i = 0; i < n; i++) {
 *         CreateAccountInput in = randomInput(r);
 *         f.input(Fuzzer.show(in), () -> accounts.createAccount(in), world::afterSuccess);
 *     }
 *     f.finish();
 * }
 * }</pre>
 */
public final class Fuzzer implements AutoCloseable {
    /** The most one input may take, in milliseconds. */
    public static final long TIME_LIMIT_MILLIS = 1000;
    /** How many failures are described in full. */
    private static final int MAX_REPORTED = 10;

    private final String name;
    private final long seed;
    private final Supplier<?> snapshot;
    private final List<String> failures = new ArrayList<>();
    private ExecutorService worker = newWorker();
    private long inputs;
    private long rejected;
    private long failureCount;

    /**
     * A harness.
     *
     * @param name     what is fuzzed (printed)
     * @param seed     the seed of the run's randomness (printed, for replay)
     * @param snapshot the observable state, compared with {@code equals} before and after each rejected input
     */
    public Fuzzer(String name, long seed, Supplier<?> snapshot) {
        this.name = Objects.requireNonNull(name, "name");
        this.seed = seed;
        this.snapshot = Objects.requireNonNull(snapshot, "snapshot");
    }

    /** {@return whether the long mode is on ({@code -Dpdsaccounts.test.long=true})} */
    public static boolean longMode() {
        return Boolean.getBoolean("pdsaccounts.test.long");
    }

    /** {@return the seed of a run: {@code -Dpdsaccounts.props.seed=N} when given (replay), else a fresh one} */
    public static long seed() {
        return Long.getLong("pdsaccounts.props.seed", System.nanoTime());
    }

    /**
     * Runs one input.
     *
     * @param description the input, escaped (see {@link #show(Object...)})
     * @param call        the call under test
     * @param onSuccess   what the caller does after a success (e.g. re-synchronise its fixture); may be null
     * @return whether the call succeeded
     */
    public boolean input(String description, Callable<?> call, Runnable onSuccess) {
        inputs++;
        Object before = snapshot.get();
        Outcome outcome = runTimed(call);
        if (outcome.timedOut) {
            // Re-run once against whatever state the slow run left: a real hang overruns again.
            before = snapshot.get();
            outcome = runTimed(call);
            if (outcome.timedOut) {
                fail(description, "took longer than " + TIME_LIMIT_MILLIS + " ms twice", null);
                return false;
            }
        }
        if (outcome.error == null) {
            if (onSuccess != null) {
                onSuccess.run();
            }
            return true;
        }
        if (outcome.error instanceof LexiconException) {
            rejected++;
            Object after = snapshot.get();
            if (!Objects.equals(before, after)) {
                fail(description, "rejected (" + outcome.error + ") but changed state:\n  before " + before
                        + "\n  after  " + after, null);
            }
            return false;
        }
        fail(description, "threw " + outcome.error.getClass().getName(), outcome.error);
        return false;
    }

    /** {@return how many inputs ran so far} */
    public long inputs() {
        return inputs;
    }

    /**
     * Prints {@code fuzz <name>: N inputs, F failures, seed S} and fails when any input failed.
     *
     * @throws AssertionError naming the first failures, their inputs and the seed
     */
    public void finish() {
        System.out.println("fuzz " + name + ": " + inputs + " inputs (" + rejected + " rejected), " + failureCount
                + " failures, seed " + seed);
        if (failureCount > 0) {
            throw new AssertionError("fuzz " + name + ": " + failureCount + " of " + inputs
                    + " inputs failed; replay with -Dpdsaccounts.props.seed=" + seed + "\n"
                    + String.join("\n", failures));
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }

    private void fail(String description, String what, Throwable t) {
        failureCount++;
        if (failures.size() < MAX_REPORTED) {
            StringBuilder sb = new StringBuilder().append("- input ").append(description).append("\n  ").append(what);
            if (t != null) {
                StringWriter w = new StringWriter();
                t.printStackTrace(new PrintWriter(w));
                sb.append("\n  ").append(w.toString().replace("\n", "\n  "));
            }
            failures.add(sb.toString());
        }
    }

    private Outcome runTimed(Callable<?> call) {
        Future<?> f = worker.submit(call);
        try {
            f.get(TIME_LIMIT_MILLIS, TimeUnit.MILLISECONDS);
            return new Outcome(null, false);
        } catch (ExecutionException e) {
            return new Outcome(e.getCause(), false);
        } catch (TimeoutException e) {
            try {
                // Let the slow call finish (or give up on the thread) before the state is read again.
                f.get(30, TimeUnit.SECONDS);
            } catch (TimeoutException stuck) {
                f.cancel(true);
                worker.shutdownNow();
                worker = newWorker();
            } catch (ExecutionException | InterruptedException ignored) {
                // the outcome of the re-run decides
            }
            return new Outcome(null, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-worker");
            t.setDaemon(true);
            return t;
        });
    }

    private record Outcome(Throwable error, boolean timedOut) {
    }

    /**
     * An input shown for a report: each argument escaped ({@code \\uXXXX} for anything outside printable
     * ASCII), long strings cut to their first 60 characters with their length.
     *
     * @param args the arguments of the call
     * @return {@code (a, b, ...)}
     */
    public static String show(Object... args) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < args.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(escape(args[i]));
        }
        return sb.append(')').toString();
    }

    /**
     * One value escaped for a report (strings quoted, see {@link #show(Object...)}).
     *
     * @param value the value (any type, may be null)
     * @return its printable form
     */
    public static String escape(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof java.util.Optional<?> o) {
            return o.isPresent() ? "Optional[" + escape(o.get()) + "]" : "Optional.empty";
        }
        if (value instanceof java.util.Collection<?> c) {
            StringBuilder sb = new StringBuilder("[");
            int i = 0;
            for (Object o : c) {
                if (i > 0) {
                    sb.append(", ");
                }
                if (i++ == 5) {
                    sb.append("... ").append(c.size()).append(" items");
                    break;
                }
                sb.append(escape(o));
            }
            return sb.append(']').toString();
        }
        if (!(value instanceof String s)) {
            return String.valueOf(value);
        }
        StringBuilder sb = new StringBuilder("\"");
        int shown = Math.min(s.length(), 60);
        for (int i = 0; i < shown; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                sb.append(c);
            } else {
                sb.append(String.format("\\u%04x", (int) c));
            }
        }
        sb.append('"');
        if (s.length() > shown) {
            sb.append("...(").append(s.length()).append(" chars)");
        }
        return sb.toString();
    }
}
