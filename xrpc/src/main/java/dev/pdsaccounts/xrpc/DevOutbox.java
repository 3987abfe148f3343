package dev.pdsaccounts.xrpc;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.pdsaccounts.mail.Mail;
import dev.pdsaccounts.mail.RecordingMailer;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * {@code GET /dev/outbox[?to=ADDRESS]}: the mails the demo "sent", oldest first, as a JSON array of
 * {@code {to, template, subject, token}} ({@code template} one of {@code resetPassword}, {@code deleteAccount},
 * {@code confirmEmail}, {@code updateEmail}, {@code plcOperation}). Development mode only: it shows email tokens
 * to anyone who can reach the server.
 */
public final class DevOutbox implements HttpHandler {
    /** The path served. */
    public static final String PATH = "/dev/outbox";

    private final RecordingMailer mailer;

    /** An outbox over the demo's mailer. */
    public DevOutbox(RecordingMailer mailer) {
        this.mailer = Objects.requireNonNull(mailer, "mailer");
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        if (!PATH.equals(ex.getRequestURI().getPath())) {
            XrpcServer.sendJson(ex, 404, Json.object().put("error", "NotFound").put("message", "Not Found"));
            return;
        }
        if (!"GET".equals(ex.getRequestMethod())) {
            XrpcServer.sendJson(ex, 400, Json.object().put("error", "InvalidRequest")
                    .put("message", "Incorrect HTTP method (" + ex.getRequestMethod() + ") expected GET"));
            return;
        }
        String to = null;
        String query = ex.getRequestURI().getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith("to=")) {
                    try {
                        to = URLDecoder.decode(pair.substring(3), StandardCharsets.UTF_8);
                    } catch (IllegalArgumentException e) {
                        XrpcServer.sendJson(ex, 400, Json.object().put("error", "InvalidRequest")
                                .put("message", "Invalid query string"));
                        return;
                    }
                }
            }
        }
        List<Mail> mails = to == null || to.isEmpty() ? mailer.mails() : mailer.mailsTo(to);
        ArrayNode out = Json.mapper().createArrayNode();
        for (Mail m : mails) {
            out.addObject().put("to", m.to()).put("template", m.template().id()).put("subject", m.subject())
                    .put("token", m.token());
        }
        XrpcServer.sendJson(ex, 200, out);
    }
}
