package dev.pdsaccounts.xrpc.servlet;

import dev.pdsaccounts.xrpc.Transport;
import dev.pdsaccounts.xrpc.XrpcDispatcher;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The route suite's transport in this module: {@link XrpcServlet} mounted at {@code /xrpc/*} (and as the default
 * servlet, so other paths answer the XRPC 404) in an embedded Jetty 12 ee10 servlet container.
 */
public final class JettyServletTransport implements Transport {
    @Override
    public Running start(XrpcDispatcher dispatcher) {
        Server server = new Server(new QueuedThreadPool(16, 4));
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(32 * 1024);
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        XrpcServlet servlet = new XrpcServlet(dispatcher);
        context.addServlet(new ServletHolder(servlet), "/xrpc/*");
        context.addServlet(new ServletHolder(servlet), "/");
        server.setHandler(context);
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start Jetty", e);
        }
        return new Running() {
            @Override
            public String url() {
                return "http://127.0.0.1:" + connector.getLocalPort();
            }

            @Override
            public int port() {
                return connector.getLocalPort();
            }

            @Override
            public void close() {
                try {
                    server.stop();
                } catch (Exception e) {
                    throw new IllegalStateException("cannot stop Jetty", e);
                }
            }
        };
    }
}
