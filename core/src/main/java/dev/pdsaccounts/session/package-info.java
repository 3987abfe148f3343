/**
 * Sessions: the session JWT codec ({@link dev.pdsaccounts.session.SessionTokens}, HS256 access and refresh
 * tokens as the reference PDS issues and checks them), the {@link dev.pdsaccounts.session.Scope} values and
 * groups, and the verified claims ({@link dev.pdsaccounts.session.AccessClaims},
 * {@link dev.pdsaccounts.session.RefreshClaims}).
 */
package dev.pdsaccounts.session;
