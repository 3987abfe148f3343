package dev.pdsaccounts.xrpc;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pdsaccounts.identity.PlcDirectory;
import dev.pdsaccounts.identity.PlcOperations;
import dev.pdsaccounts.identity.PlcUpdates;
import dev.pdsaccounts.syntax.Did;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The read API of plc.directory over the demo's in-memory PLC directory, at {@code /dev/plc}, so clients and
 * tools can resolve the DIDs the demo creates: {@code GET /dev/plc/<did>} (the DID document),
 * {@code /<did>/data} (the current state: {@code did}, {@code rotationKeys}, {@code verificationMethods},
 * {@code alsoKnownAs}, {@code services}), {@code /<did>/log} (the operations, oldest first),
 * {@code /<did>/log/last} and {@code /<did>/log/audit} (entries {@code {did, operation, cid, nullified,
 * createdAt}}). An unknown DID answers 404 {@code {"message": "DID not registered: <did>"}}; a tombstoned one 410
 * {@code "DID not available: <did>"} (except for the logs), as plc.directory. Development mode only.
 */
public final class DevPlcDirectory implements HttpEndpoint {
    /** The path served; the base URL of the directory is the server's URL plus this. */
    public static final String PATH = "/dev/plc";

    private final PlcDirectory plc;

    /**
     * An endpoint over the demo's directory.
     *
     * @param plc the demo's in-memory PLC directory
     */
    public DevPlcDirectory(PlcDirectory plc) {
        this.plc = Objects.requireNonNull(plc, "plc");
    }

    @Override
    public XrpcHttpResponse handle(String method, String rawPath, String rawQuery) {
        if (!rawPath.startsWith(PATH + "/")) {
            return XrpcDispatcher.notFound();
        }
        if (!"GET".equals(method)) {
            return XrpcDispatcher.errorAnswer(400, "InvalidRequest",
                    "Incorrect HTTP method (" + XrpcDispatcher.printable(method) + ") expected GET",
                    new LinkedHashMap<>());
        }
        String rest = rawPath.substring(PATH.length() + 1);
        int slash = rest.indexOf('/');
        String did;
        try {
            did = URLDecoder.decode(slash < 0 ? rest : rest.substring(0, slash), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return message(400, "Invalid DID");
        }
        String sub = slash < 0 ? "" : rest.substring(slash);
        if (!Did.isValid(did) || !did.startsWith("did:plc:")) {
            return message(400, "Invalid DID: " + XrpcDispatcher.printable(did));
        }
        List<Map<String, Object>> audit = plc.auditLog(did);
        Optional<Map<String, Object>> last = plc.lastOperation(did);
        if (audit.isEmpty() || last.isEmpty()) {
            return message(404, "DID not registered: " + did);
        }
        boolean tombstoned = PlcOperations.TYPE_TOMBSTONE.equals(last.get().get("type"));
        switch (sub) {
            case "":
                return plc.resolveDocument(did).map(doc -> json(Json.tree(doc)))
                        .orElseGet(() -> message(410, "DID not available: " + did));
            case "/data": {
                if (tombstoned) {
                    return message(410, "DID not available: " + did);
                }
                Map<String, Object> state = PlcUpdates.currentState(last.get());
                ObjectNode out = Json.object().put("did", did);
                for (String field : List.of("verificationMethods", "rotationKeys", "alsoKnownAs", "services")) {
                    out.set(field, Json.tree(state.get(field)));
                }
                return json(out);
            }
            case "/log": {
                ArrayNode out = Json.mapper().createArrayNode();
                audit.stream().filter(e -> !Boolean.TRUE.equals(e.get("nullified")))
                        .forEach(e -> out.add(Json.tree(e.get("operation"))));
                return json(out);
            }
            case "/log/last":
                return json(Json.tree(last.get()));
            case "/log/audit":
                return json(Json.tree(audit));
            default:
                return XrpcDispatcher.notFound();
        }
    }

    private static XrpcHttpResponse json(com.fasterxml.jackson.databind.JsonNode body) {
        return XrpcDispatcher.json(200, body, new LinkedHashMap<>());
    }

    private static XrpcHttpResponse message(int status, String message) {
        return XrpcDispatcher.json(status, Json.object().put("message", message), new LinkedHashMap<>());
    }
}
