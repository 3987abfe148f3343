/** Immutable configuration ({@link dev.pdsaccounts.config.PdsConfig}) and secrets of the account domain. */
package dev.pdsaccounts.config;
