/**
 * Sessions: the use cases ({@link dev.pdsaccounts.service.session.SessionService}: login, refresh with the grace
 * window, logout, getSession, app passwords, access-token checks), the session JWT codec
 * ({@link dev.pdsaccounts.session.SessionTokens}, HS256 access and refresh tokens as the reference PDS issues
 * and checks them), the {@link dev.pdsaccounts.session.Scope} values and groups, the verified claims
 * ({@link dev.pdsaccounts.session.AccessClaims}, {@link dev.pdsaccounts.session.RefreshClaims}), and the store
 * ports for refresh-token rows and app passwords.
 */
package dev.pdsaccounts.session;
