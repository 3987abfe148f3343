/** Seeded fuzzing of the core's pure entry points (parsers, policies, codecs, the rate limiter). */
package dev.pdsaccounts.fuzz;
