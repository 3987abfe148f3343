package dev.pdsaccounts.benchmarks;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What every benchmark of a run shares.
 *
 * @param profile the run's size
 * @param table where figures go
 * @param postgresUrl the JDBC URL of a PostgreSQL database the run may fill and drop tables in, if any
 * @param workDir a scratch directory (SQLite files), deleted at the end of the run
 * @param verbose whether JMH prints its own progress
 * @param jmhProfiler a JMH profiler name to attach (e.g. {@code stack}, {@code gc}), if any
 * @param httpHashers the hashers the HTTP benchmark runs with ({@code argon2}, {@code scrypt})
 * @param httpStore the store behind the HTTP server ({@code memory}, {@code sqlite} or {@code postgres})
 */
public record RunContext(Profile profile, ResultTable table, Optional<String> postgresUrl, Path workDir,
                         boolean verbose, Optional<String> jmhProfiler, List<String> httpHashers, String httpStore) {

    /**
     * Prints a progress line to standard error (the table goes to standard output).
     *
     * @param message the message
     */
    public void progress(String message) {
        System.err.println("[bench] " + message);
    }
}
