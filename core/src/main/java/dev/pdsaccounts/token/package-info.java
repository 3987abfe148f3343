/**
 * Email tokens: the {@code XXXXX-XXXXX} codes mailed for password reset, email confirmation and update,
 * account deletion and PLC operations; hashed at rest, used atomically through
 * {@link dev.pdsaccounts.token.EmailTokenRepository}.
 */
package dev.pdsaccounts.token;
