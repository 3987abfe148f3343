/**
 * The JMH micro benchmarks, run by {@link dev.pdsaccounts.benchmarks.BenchmarkMain} through JMH's Runner API
 * (or directly with JMH's own main over the shaded jar).
 */
package dev.pdsaccounts.benchmarks.jmh;
