/**
 * atproto string formats the account domain reads and writes: {@link dev.pdsaccounts.syntax.Handle},
 * {@link dev.pdsaccounts.syntax.Did}, {@link dev.pdsaccounts.syntax.AtIdentifier},
 * {@link dev.pdsaccounts.syntax.Nsid} and {@link dev.pdsaccounts.syntax.Datetime}.
 *
 * <p>Every parser is a hand-written linear scanner that checks the length limit first, and turns any input,
 * {@code null} included, either into a value or into a {@link dev.pdsaccounts.error.LexiconException}; error
 * messages never echo the input. Conformance is checked against the atproto interop test vectors.
 */
package dev.pdsaccounts.syntax;
