/**
 * Pure account-input policies, without I/O: which handles an account may take
 * ({@link dev.pdsaccounts.account.HandlePolicy} with {@link dev.pdsaccounts.account.ReservedHandles} and a
 * pluggable {@link dev.pdsaccounts.account.HandleFilter}), which emails are accepted
 * ({@link dev.pdsaccounts.account.EmailPolicy} with a {@link dev.pdsaccounts.account.DisposableEmailCheck}) and
 * the password length rules ({@link dev.pdsaccounts.account.PasswordPolicy}).
 *
 * <p>Rules and messages follow the reference PDS. Bad user input always ends in a
 * {@link dev.pdsaccounts.error.LexiconException}; a bad configuration (at construction) in an
 * {@link java.lang.IllegalArgumentException}.
 */
package dev.pdsaccounts.account;
