/**
 * The {@link dev.pdsaccounts.mail.Mailer} port over SMTP (Jakarta Mail, Eclipse Angus).
 *
 * <p>{@link dev.pdsaccounts.mail.smtp.SmtpMailer} renders each mail through replaceable
 * {@link dev.pdsaccounts.mail.smtp.MailTemplates} (a plain-text and an HTML body) and delivers it off the request
 * path: {@code send} only enqueues into a bounded queue; a worker thread delivers with retries and exponential
 * backoff. {@link dev.pdsaccounts.mail.smtp.SmtpConfig} holds the settings, from a builder or an
 * {@code smtp://user:pass@host:port?tls=starttls&from=...} URL.
 */
package dev.pdsaccounts.mail.smtp;
