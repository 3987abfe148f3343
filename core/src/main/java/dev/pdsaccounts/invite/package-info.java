/**
 * The invite-code aggregate: codes, their uses, the availability and earning rules, the store port
 * {@link dev.pdsaccounts.invite.InviteCodeRepository}. The invite use cases are in
 * {@link dev.pdsaccounts.service.invite.InviteService}.
 */
package dev.pdsaccounts.invite;
