package dev.pdsaccounts.xrpc.servlet;

import dev.pdsaccounts.xrpc.XrpcDispatcher;
import dev.pdsaccounts.xrpc.XrpcHttpRequest;
import dev.pdsaccounts.xrpc.XrpcHttpResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The XRPC layer as a Jakarta Servlet (6.0): mount it at {@code /xrpc/*} in Jetty, Tomcat, Undertow or Spring
 * MVC and every call goes to an {@link XrpcDispatcher}, which does all the work (routing, validation,
 * credentials, limits, rate limits, error mapping); this class only copies the request in and the answer out.
 * Requests below the mapping without a method name ({@code /xrpc} itself, or when mounted as the default
 * servlet, any path) answer 404 {@code NotFound}.
 *
 * <pre>{@code
 * XrpcDispatcher xrpc = XrpcDispatcher.builder(pds).adminPassword(adminPassword).build();
 * ServletContextHandler context = new ServletContextHandler();          // Jetty 12, ee10
 * context.addServlet(new ServletHolder(new XrpcServlet(xrpc)), "/xrpc/*");
 * }</pre>
 *
 * <p>The client address is the container's {@code getRemoteAddr()}; behind a reverse proxy either let the
 * container rewrite it (e.g. Jetty's {@code ForwardedRequestCustomizer}) or name the proxy with
 * {@link XrpcDispatcher.Builder#trustedProxies}, not both. Bodies are read through {@code getInputStream()} on
 * the container's thread, at most up to the dispatcher's body limit.
 */
public class XrpcServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient XrpcDispatcher dispatcher;

    /**
     * A servlet in front of {@code dispatcher}.
     *
     * @param dispatcher the XRPC dispatcher that answers every request
     */
    public XrpcServlet(XrpcDispatcher dispatcher) {
        this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        XrpcHttpResponse answer;
        String nsid = rawNsid(request);
        if (nsid == null || nsid.isEmpty()) {
            answer = XrpcDispatcher.notFound();
        } else {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (String name : Collections.list(request.getHeaderNames())) {
                headers.put(name, new ArrayList<>(Collections.list(request.getHeaders(name))));
            }
            answer = dispatcher.handle(new XrpcHttpRequest(request.getMethod(), nsid, request.getQueryString(),
                    headers, request::getInputStream, request.getRemoteAddr()));
        }
        write(answer, response);
    }

    /**
     * Copies an answer into a servlet response: status, headers and body.
     *
     * @param answer   the dispatcher's answer
     * @param response the servlet response, not yet committed
     * @throws IOException when writing the body fails
     */
    public static void write(XrpcHttpResponse answer, HttpServletResponse response) throws IOException {
        response.setStatus(answer.status());
        answer.headers().forEach(response::setHeader);
        if (answer.status() == 413) {
            // The refused body stays unread: this connection cannot carry another request.
            response.setHeader("Connection", "close");
        }
        byte[] body = answer.body();
        response.setContentLength(body.length);
        if (body.length > 0) {
            try (OutputStream out = response.getOutputStream()) {
                out.write(body);
            }
        }
    }

    /** The path below the servlet's mapping, still percent-encoded, without its leading slash; null when none. */
    private static String rawNsid(HttpServletRequest request) {
        String pathInfo = request.getPathInfo();
        if (pathInfo == null) {
            return null;
        }
        String prefix = request.getContextPath() + request.getServletPath();
        String uri = request.getRequestURI();
        String below = uri != null && uri.startsWith(prefix) ? uri.substring(prefix.length()) : pathInfo;
        return below.startsWith("/") ? below.substring(1) : below;
    }
}
