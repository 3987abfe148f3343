package dev.pdsaccounts.benchmarks;

/** One named benchmark of the driver: a load driver or a group of JMH benchmarks. */
public interface Bench {
    /**
     * The name {@code --only} selects it by.
     *
     * @return a short lower-case name
     */
    String name();

    /**
     * What it measures, for {@code --help}.
     *
     * @return a one-line description
     */
    String description();

    /**
     * Runs the benchmark and adds its figures to {@code ctx.table()}.
     *
     * @param ctx the run's settings and table
     * @throws Exception on a failure, reported by the driver, which goes on with the next benchmark
     */
    void run(RunContext ctx) throws Exception;
}
