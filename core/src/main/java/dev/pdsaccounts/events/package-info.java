/**
 * Account events: the {@link dev.pdsaccounts.events.AccountEvents} port through which a host learns, after
 * commit, of each identity change ({@link dev.pdsaccounts.events.IdentityEvent}) and status change
 * ({@link dev.pdsaccounts.events.AccountStatusEvent}), to sequence its firehose.
 */
package dev.pdsaccounts.events;
