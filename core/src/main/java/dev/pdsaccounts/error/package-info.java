/**
 * Errors, all under {@link dev.pdsaccounts.error.PdsAccountsException}:
 * {@link dev.pdsaccounts.error.LexiconException} (expected outcomes, each with a
 * {@link dev.pdsaccounts.error.LexiconError} name and HTTP status),
 * {@link dev.pdsaccounts.error.InfrastructureException} (failures a host retries or reports as 500) and
 * {@link dev.pdsaccounts.error.CodecException} (a codec could not read a value; use cases map it to a lexicon
 * error).
 */
package dev.pdsaccounts.error;
