package dev.pdsaccounts.xrpc;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's embedding snippets compile as written (issue 17): this module's test classpath holds every
 * artifact they use (core, store-sqlite, identity-http, mailer-smtp). The servlet snippet is checked in
 * {@code xrpc-servlet}.
 */
class ReadmeSnippetsTest {
    @Test
    void theEmbeddingSnippetCompiles() throws Exception {
        // "smtp" is the host's mail delivery; the SMTP section builds one.
        ReadmeSnippets.assertCompiles("embedding", ReadmeSnippets.snippet(ReadmeSnippets.readme(), "embedding"),
                "Mailer smtp", List.of());
    }

    @Test
    void theSmtpMailerSnippetCompiles() throws Exception {
        // config, secrets and store are the ones of the embedding snippet.
        ReadmeSnippets.assertCompiles("smtp", ReadmeSnippets.snippet(ReadmeSnippets.readme(), "smtp"),
                "PdsConfig config, PdsSecrets secrets, AccountStore store", List.of("dev.pdsaccounts.mail.smtp.*"));
    }

    @Test
    void theHashingSnippetCompiles() throws Exception {
        // config, secrets and store are the ones of the embedding snippet; mailer is the host's mail delivery.
        ReadmeSnippets.assertCompiles("hashing", ReadmeSnippets.snippet(ReadmeSnippets.readme(), "hashing"),
                "PdsConfig config, PdsSecrets secrets, AccountStore store, Mailer mailer",
                List.of("dev.pdsaccounts.crypto.*"));
    }
}
