/**
 * Benchmarks of the account library: a plain-Java driver ({@link dev.pdsaccounts.benchmarks.BenchmarkMain})
 * that runs the end-to-end load drivers itself and the micro benchmarks (package
 * {@code dev.pdsaccounts.benchmarks.jmh}) through JMH's Runner API, and prints one table. Speed goals live
 * here and in {@code benchmarks/RESULTS.md} only; no unit test is timed.
 */
package dev.pdsaccounts.benchmarks;
