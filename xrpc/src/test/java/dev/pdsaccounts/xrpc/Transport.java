package dev.pdsaccounts.xrpc;

import java.lang.reflect.InvocationTargetException;

/**
 * How the route test suite reaches an {@link XrpcDispatcher} over HTTP. The system property
 * {@value #PROPERTY} names the implementation (a class with a public no-argument constructor); by default it
 * is the demo's Jetty server ({@link XrpcServer}). The xrpc-servlet module runs the same suite with its servlet
 * adapter in embedded Jetty.
 */
public interface Transport {
    /** The system property naming the transport class. */
    String PROPERTY = "pdsaccounts.xrpc.transport";

    /** A started server. */
    interface Running extends AutoCloseable {
        /** The base URL, e.g. {@code http://127.0.0.1:PORT}. */
        String url();

        /** The bound port. */
        int port();

        @Override
        void close();
    }

    /** Serves {@code dispatcher} on a free loopback port. */
    Running start(XrpcDispatcher dispatcher);

    /** The transport the property names (default: the demo's server). */
    static Transport current() {
        String name = System.getProperty(PROPERTY, "");
        if (name.isBlank()) {
            return new DemoServerTransport();
        }
        try {
            return (Transport) Class.forName(name).getConstructor().newInstance();
        } catch (ClassNotFoundException | NoSuchMethodException | InstantiationException | IllegalAccessException
                 | InvocationTargetException e) {
            throw new IllegalStateException("cannot load the transport " + name, e);
        }
    }

    /** The demo's server: {@link XrpcServer} (Jetty 12, core handler API). */
    final class DemoServerTransport implements Transport {
        @Override
        public Running start(XrpcDispatcher dispatcher) {
            XrpcServer server = XrpcServer.builder(dispatcher).port(0).threads(4, 64).build();
            server.start();
            return new Running() {
                @Override
                public String url() {
                    return server.url();
                }

                @Override
                public int port() {
                    return server.port();
                }

                @Override
                public void close() {
                    server.close();
                }
            };
        }
    }
}
