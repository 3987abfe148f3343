package dev.pdsaccounts.xrpc.servlet;

import dev.pdsaccounts.xrpc.ReadmeSnippets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's servlet snippet compiles as written, against this module and Jetty 12 ee10 (issue 17). */
class ReadmeServletSnippetTest {
    @Test
    void theServletSnippetCompiles() throws Exception {
        // config, secrets and store are the ones of the embedding snippet; the host owns the admin password and
        // the Jetty server.
        ReadmeSnippets.assertCompiles("servlet", ReadmeSnippets.snippet(ReadmeSnippets.readme(), "servlet"),
                "PdsConfig config, PdsSecrets secrets, AccountStore store, String adminPassword, "
                        + "org.eclipse.jetty.server.Server server",
                List.of("org.eclipse.jetty.ee10.servlet.ServletContextHandler",
                        "org.eclipse.jetty.ee10.servlet.ServletHolder", "dev.pdsaccounts.xrpc.servlet.XrpcServlet"));
    }
}
