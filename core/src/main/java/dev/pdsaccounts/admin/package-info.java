/**
 * Administration ({@code com.atproto.admin.*}): subject status (takedown, deactivation), account password, email
 * and handle changes, account deletion, account views and search. Start at
 * {@link dev.pdsaccounts.service.admin.AdminService} ({@code pds.admin()}). Authorising the admin is the host's job.
 */
package dev.pdsaccounts.admin;
