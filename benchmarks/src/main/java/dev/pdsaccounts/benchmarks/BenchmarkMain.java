package dev.pdsaccounts.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The benchmark driver: runs the load drivers itself and the JMH micro benchmarks through JMH's Runner API,
 * then prints one table of figures against the goals.
 *
 * <pre>
 * mvn -B -ntp -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar --profile short
 * java -jar benchmarks/target/benchmarks.jar --profile long --markdown /tmp/long.md
 * java -jar benchmarks/target/benchmarks.jar --only tokens,memory
 * </pre>
 *
 * <p>Options: {@code --profile short|long} (default short), {@code --only a,b} (benchmark names),
 * {@code --pg-url <jdbc url>} (default: env {@code PDSACCOUNTS_BENCH_POSTGRES_URL}, then
 * {@code PDSACCOUNTS_TEST_POSTGRES_URL}; PostgreSQL benchmarks are skipped with a note without one),
 * {@code --markdown <file>} (also write the table as Markdown), {@code --verbose} (JMH's own output),
 * {@code --http-hasher argon2|scrypt|argon2,scrypt} (default argon2 in the short profile, both in the long one),
 * {@code --http-store memory|sqlite|postgres} (default memory),
 * {@code --jmh-prof <profiler>} (attach a JMH profiler such as {@code stack} or {@code gc}), {@code --list}.
 */
public final class BenchmarkMain {
    private BenchmarkMain() {}

    /**
     * Every benchmark, in run order.
     *
     * @return the benchmarks
     */
    static List<Bench> benches() {
        return List.of(new MicroBench.Tokens(), new MicroBench.CreateParts(), new CreateAccountBench(),
                new RefreshBench(), new LoginBench(), new TimingBench(), new HttpBench(), new ScaleBench(), new MemoryBench());
    }

    /**
     * Runs the driver.
     *
     * @param args the options above
     * @throws Exception on a usage error or when the run cannot start
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 1 && args[0].equals("--child")) {
            String[] rest = Arrays.copyOfRange(args, 2, args.length);
            if (args[1].equals("http")) {
                HttpBench.child(rest);
            } else {
                MemoryBench.child(Arrays.copyOfRange(args, 1, args.length));
            }
            System.exit(0);
        }
        Profile profile = Profile.SHORT;
        List<String> only = List.of();
        Optional<String> pgUrl = env("PDSACCOUNTS_BENCH_POSTGRES_URL").or(() -> env("PDSACCOUNTS_TEST_POSTGRES_URL"));
        Optional<Path> markdown = Optional.empty();
        Optional<String> profiler = Optional.empty();
        boolean verbose = false;
        List<String> httpHashers = null;
        String httpStore = "memory";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--profile":
                    profile = Profile.named(value(args, ++i));
                    break;
                case "--only":
                    only = List.of(value(args, ++i).toLowerCase(Locale.ROOT).split(","));
                    break;
                case "--pg-url":
                    pgUrl = Optional.of(value(args, ++i)).filter(s -> !s.isBlank());
                    break;
                case "--markdown":
                    markdown = Optional.of(Path.of(value(args, ++i)));
                    break;
                case "--jmh-prof":
                    profiler = Optional.of(value(args, ++i));
                    break;
                case "--http-hasher":
                    httpHashers = List.of(value(args, ++i).toLowerCase(Locale.ROOT).split(","));
                    for (String h : httpHashers) {
                        if (!HttpBench.HASHERS.contains(h)) {
                            throw new IllegalArgumentException("--http-hasher takes argon2, scrypt or both");
                        }
                    }
                    break;
                case "--http-store":
                    httpStore = value(args, ++i).toLowerCase(Locale.ROOT);
                    if (!List.of("memory", "sqlite", "postgres").contains(httpStore)) {
                        throw new IllegalArgumentException("--http-store takes memory, sqlite or postgres");
                    }
                    break;
                case "--verbose":
                    verbose = true;
                    break;
                case "--list":
                case "--help":
                    usage();
                    return;
                default:
                    System.err.println("unknown option " + args[i]);
                    usage();
                    System.exit(2);
            }
        }
        List<Bench> selected = new ArrayList<>();
        for (Bench b : benches()) {
            if (only.isEmpty() || only.contains(b.name())) {
                selected.add(b);
            }
        }
        for (String name : only) {
            if (benches().stream().noneMatch(b -> b.name().equals(name))) {
                System.err.println("unknown benchmark '" + name + "'");
                usage();
                System.exit(2);
            }
        }

        ResultTable table = new ResultTable();
        Path work = Files.createTempDirectory("pdsaccounts-bench");
        if (httpHashers == null) {
            httpHashers = profile == Profile.LONG ? HttpBench.HASHERS : List.of("argon2");
        }
        RunContext ctx = new RunContext(profile, table, pgUrl, work, verbose, profiler, httpHashers, httpStore);
        Instant start = Instant.now();
        String loadBefore = Machine.loadAverage();
        ctx.progress("profile " + profile.name() + " on " + Machine.describe() + "; load " + loadBefore);
        if (pgUrl.isEmpty()) {
            ctx.progress("no PostgreSQL URL (--pg-url or PDSACCOUNTS_BENCH_POSTGRES_URL): PostgreSQL figures skipped");
        }
        int failures = 0;
        try {
            for (Bench b : selected) {
                Instant t0 = Instant.now();
                ctx.progress("== " + b.name() + ": " + b.description());
                try {
                    b.run(ctx);
                } catch (Exception | Error e) {
                    failures++;
                    table.skipped(b.name(), "FAILED", e.toString());
                    e.printStackTrace();
                }
                ctx.progress("== " + b.name() + " took " + Duration.between(t0, Instant.now()).toSeconds() + " s");
            }
        } finally {
            deleteRecursively(work);
        }
        Duration took = Duration.between(start, Instant.now());
        String header = "pdsaccounts benchmarks, profile " + profile.name() + ", " + took.toSeconds() + " s\n"
                + "machine: " + Machine.describe() + "\n"
                + "load average (1/5/15 min): " + loadBefore + " at start, " + Machine.loadAverage() + " at end\n"
                + "postgres: " + (pgUrl.isPresent() ? "yes" : "not configured");
        System.out.println();
        System.out.println(header);
        System.out.println();
        table.print(System.out);
        if (markdown.isPresent()) {
            Files.writeString(markdown.get(), "```\n" + header + "\n```\n\n" + table.markdown());
            ctx.progress("wrote " + markdown.get());
        }
        if (failures > 0) {
            System.exit(1);
        }
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static Optional<String> env(String name) {
        return Optional.ofNullable(System.getenv(name)).filter(s -> !s.isBlank());
    }

    private static void usage() {
        System.err.println("usage: java -jar benchmarks.jar [--profile short|long] [--only name,...]"
                + " [--pg-url jdbc:postgresql://...] [--markdown file] [--verbose] [--jmh-prof stack|gc|...]"
                + " [--http-hasher argon2,scrypt] [--http-store memory|sqlite|postgres]");
        System.err.println("benchmarks:");
        for (Bench b : benches()) {
            System.err.println("  " + b.name() + " - " + b.description());
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
