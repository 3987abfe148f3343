/**
 * A lexicon-driven validator for the subset of the atproto lexicon language the account methods use: the
 * {@link dev.pdsaccounts.xrpc.lexicon.LexiconRegistry} loads lexicon documents from the classpath, the
 * {@link dev.pdsaccounts.xrpc.lexicon.LexiconValidator} checks XRPC parameters, inputs and outputs against them with
 * the reference implementation's error wording ({@code Input/handle must be a valid handle}).
 */
package dev.pdsaccounts.xrpc.lexicon;
