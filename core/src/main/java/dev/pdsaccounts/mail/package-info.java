/** The mailer port ({@link dev.pdsaccounts.mail.Mailer}), typed mails, and the in-memory default. */
package dev.pdsaccounts.mail;
