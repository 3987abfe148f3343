/**
 * Errors: {@link dev.pdsaccounts.error.LexiconException} (expected outcomes, each with a
 * {@link dev.pdsaccounts.error.LexiconError} name and HTTP status) and
 * {@link dev.pdsaccounts.error.InfrastructureException} (failures a host retries or reports as 500).
 */
package dev.pdsaccounts.error;
