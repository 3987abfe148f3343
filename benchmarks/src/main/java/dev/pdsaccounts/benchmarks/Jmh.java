package dev.pdsaccounts.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/** Runs JMH benchmarks through the Runner API with the profile's iteration settings. */
public final class Jmh {
    private Jmh() {}

    /**
     * One JMH figure.
     *
     * @param method the benchmark method's simple name
     * @param threads the threads it ran on
     * @param score the primary score
     * @param error the 99.9% confidence half-width (NaN with too few iterations)
     * @param unit the score's unit
     */
    public record Score(String method, int threads, double score, double error, String unit) {}

    /**
     * Runs the benchmark methods matching {@code include} (a regular expression over
     * {@code package.Class.method}).
     *
     * @param ctx the run (profile, verbosity, profiler)
     * @param include the benchmarks to run
     * @param mode the JMH mode
     * @param unit the output time unit
     * @param threads the threads per benchmark
     * @return one score per benchmark method
     * @throws RunnerException when JMH fails
     */
    public static List<Score> run(RunContext ctx, String include, Mode mode, TimeUnit unit, int threads)
            throws RunnerException {
        Profile p = ctx.profile();
        boolean verbose = ctx.verbose() || ctx.jmhProfiler().isPresent();
        ChainedOptionsBuilder b = new OptionsBuilder()
                .include(include)
                .mode(mode)
                .timeUnit(unit)
                .warmupIterations(p.jmhWarmupIterations())
                .warmupTime(TimeValue.seconds(p.jmhWarmupSeconds()))
                .measurementIterations(p.jmhIterations())
                .measurementTime(TimeValue.seconds(p.jmhSeconds()))
                .forks(p.jmhForks())
                .threads(threads)
                .shouldFailOnError(true)
                .verbosity(verbose ? VerboseMode.NORMAL : VerboseMode.SILENT);
        ctx.jmhProfiler().ifPresent(b::addProfiler);
        Collection<RunResult> results = new Runner(b.build()).run();
        List<Score> scores = new ArrayList<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            scores.add(new Score(name.substring(name.lastIndexOf('.') + 1), r.getParams().getThreads(),
                    r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreError(),
                    r.getPrimaryResult().getScoreUnit()));
        }
        return scores;
    }

    /**
     * The score of one method among {@code scores}.
     *
     * @param scores the scores of a run
     * @param method the method's simple name
     * @return its score
     * @throws IllegalStateException when the method did not run
     */
    public static Score find(List<Score> scores, String method) {
        return scores.stream().filter(s -> s.method().equals(method)).findFirst()
                .orElseThrow(() -> new IllegalStateException("JMH did not run " + method));
    }
}
