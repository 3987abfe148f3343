/**
 * Password hashing: the {@link dev.pdsaccounts.crypto.PasswordHasher} port, the Argon2id hasher new
 * passwords use ({@link dev.pdsaccounts.crypto.Argon2idHasher}), the reference PDS's scrypt format
 * ({@link dev.pdsaccounts.crypto.ReferenceScryptHasher}, for imported accounts), the app-password hash
 * ({@link dev.pdsaccounts.crypto.AppPasswordHasher}, reference-compatible by default), the
 * {@link dev.pdsaccounts.crypto.DelegatingPasswordHasher} login uses to verify either and upgrade on success,
 * and {@link dev.pdsaccounts.crypto.ConstantTime} comparison of secrets.
 *
 * <p>Every hasher here is thread-safe, never logs or prints a password or hash, and answers {@code false}
 * (never an exception) for a stored hash it cannot read.
 */
package dev.pdsaccounts.crypto;
