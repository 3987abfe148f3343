/**
 * The invite-code aggregate: codes, their uses, the availability and earning rules, the store port
 * {@link dev.pdsaccounts.invite.InviteCodes}, and the invite use cases.
 */
package dev.pdsaccounts.invite;
