package dev.pdsaccounts.xrpc;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pdsaccounts.mail.Mail;
import dev.pdsaccounts.mail.RecordingMailer;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;

/**
 * {@code GET /dev/outbox[?to=ADDRESS]}: the mails the demo "sent", oldest first, as a JSON array of
 * {@code {to, template, subject, token}} ({@code template} one of {@code resetPassword}, {@code deleteAccount},
 * {@code confirmEmail}, {@code updateEmail}, {@code plcOperation}, {@code signInCode}, {@code adminEmail} (with its {@code content},
 * token empty)). Development mode only: it shows email tokens
 * to anyone who can reach the server.
 */
public final class DevOutbox implements HttpEndpoint {
    /** The path served. */
    public static final String PATH = "/dev/outbox";

    private final RecordingMailer mailer;

    /**
     * An outbox over the demo's mailer.
     *
     * @param mailer the demo's mailer, whose mails the outbox shows
     */
    public DevOutbox(RecordingMailer mailer) {
        this.mailer = Objects.requireNonNull(mailer, "mailer");
    }

    @Override
    public XrpcHttpResponse handle(String method, String rawPath, String rawQuery) {
        if (!PATH.equals(rawPath)) {
            return XrpcDispatcher.notFound();
        }
        if (!"GET".equals(method)) {
            return XrpcDispatcher.errorAnswer(400, "InvalidRequest",
                    "Incorrect HTTP method (" + XrpcDispatcher.printable(method) + ") expected GET", new LinkedHashMap<>());
        }
        String to = null;
        for (String pair : rawQuery.split("&")) {
            if (pair.startsWith("to=")) {
                try {
                    to = URLDecoder.decode(pair.substring(3), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return XrpcDispatcher.errorAnswer(400, "InvalidRequest", "Invalid query string",
                            new LinkedHashMap<>());
                }
            }
        }
        List<Mail> mails = to == null || to.isEmpty() ? mailer.mails() : mailer.mailsTo(to);
        ArrayNode out = Json.mapper().createArrayNode();
        for (Mail m : mails) {
            ObjectNode mail = out.addObject().put("to", m.to()).put("template", m.template().id())
                    .put("subject", m.subject()).put("token", m.token());
            m.content().ifPresent(c -> mail.put("content", c));
        }
        return XrpcDispatcher.json(200, out, new LinkedHashMap<>());
    }
}
