package dev.pdsaccounts.xrpc.lexicon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.text.BreakIterator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Validates XRPC parameters, inputs and outputs against lexicon schemas, as the reference's
 * {@code @atproto/lexicon}: object schemas with {@code required} and {@code properties}; the types
 * {@code string}, {@code integer}, {@code boolean}, {@code array}, {@code object}, {@code unknown}, {@code ref}
 * and {@code union}; string {@code format}, {@code maxLength}/{@code minLength} (UTF-8 bytes),
 * {@code maxGraphemes}/{@code minGraphemes}, {@code enum} and {@code const}; integer {@code minimum},
 * {@code maximum}, {@code enum}, {@code const} and {@code default}; array {@code minLength}/{@code maxLength}.
 * {@code knownValues} are documentation and not enforced. Properties a schema does not declare pass through.
 *
 * <p>The first failure wins, with the reference's message: {@code Input must have the property "handle"},
 * {@code Input/handle must be a valid handle}, {@code Params/limit can not be greater than 100}. Validation
 * returns a copy with defaults applied and integers normalised to 64-bit values. Recursion follows the
 * schema, never the value ({@code unknown} values are not descended into), so its depth is the schema's.
 */
public final class LexiconValidator {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    private final LexiconRegistry registry;

    /**
     * A validator over the given documents.
     *
     * @param registry the lexicon documents
     */
    public LexiconValidator(LexiconRegistry registry) {
        this.registry = registry;
    }

    /** {@return the documents this validator reads} */
    public LexiconRegistry registry() {
        return registry;
    }

    /**
     * Validates a procedure's JSON input (path {@code Input}).
     *
     * @param nsid the method
     * @param body the parsed body; null when absent
     * @return the validated body, with defaults applied
     * @throws LexiconValidationException on the first mismatch
     */
    public JsonNode validateInput(String nsid, JsonNode body) {
        JsonNode schema = method(nsid).path("input").get("schema");
        return schema == null ? body : validate("Input", schema, body, nsid);
    }

    /**
     * Validates a method's JSON output (path {@code Output}).
     *
     * @param nsid the method
     * @param body the output; null when absent
     * @return the validated output
     * @throws LexiconValidationException on the first mismatch (a server bug)
     */
    public JsonNode validateOutput(String nsid, JsonNode body) {
        JsonNode out = method(nsid).get("output");
        if (out == null) {
            if (body != null) {
                throw new LexiconValidationException("A response body was provided when none was expected");
            }
            return null;
        }
        if (body == null) {
            throw new LexiconValidationException("A response body is expected but none was provided");
        }
        JsonNode schema = out.get("schema");
        return schema == null ? body : validate("Output", schema, body, nsid);
    }

    /**
     * Decodes query parameters by their declared types and validates them (path {@code Params}). Parameters the
     * lexicon does not declare are dropped; an empty value counts as absent, as in the reference.
     *
     * @param nsid the method
     * @param raw every query parameter with all its values, in order
     * @return the typed parameters, with defaults applied
     * @throws LexiconValidationException on the first mismatch
     */
    public ObjectNode validateParams(String nsid, Map<String, List<String>> raw) {
        JsonNode def = method(nsid).path("parameters");
        ObjectNode decoded = NODES.objectNode();
        JsonNode props = def.path("properties");
        for (Map.Entry<String, JsonNode> p : props.properties()) {
            List<String> values = raw.getOrDefault(p.getKey(), List.of()).stream()
                    .filter(v -> !v.isEmpty()).toList();
            if (values.isEmpty()) {
                continue;
            }
            String path = "Params/" + p.getKey();
            JsonNode propDef = p.getValue();
            if ("array".equals(propDef.path("type").asText())) {
                String itemType = propDef.path("items").path("type").asText();
                var array = decoded.putArray(p.getKey());
                for (String v : values) {
                    array.add(decodeParam(path, itemType, v));
                }
            } else {
                decoded.set(p.getKey(), decodeParam(path, propDef.path("type").asText(), values.get(0)));
            }
        }
        for (JsonNode required : def.path("required")) {
            if (!decoded.has(required.asText())) {
                throw new LexiconValidationException("Params must have the property \"" + required.asText() + "\"");
            }
        }
        ObjectNode result = NODES.objectNode();
        for (Map.Entry<String, JsonNode> p : props.properties()) {
            JsonNode value = decoded.get(p.getKey());
            JsonNode checked = value == null && !hasDefault(p.getValue())
                    ? null
                    : validate("Params/" + p.getKey(), p.getValue(), value, nsid);
            if (checked != null) {
                result.set(p.getKey(), checked);
            }
        }
        return result;
    }

    private static JsonNode decodeParam(String path, String type, String v) {
        switch (type) {
            case "integer":
                if (!v.matches("-?[0-9]{1,30}")) {
                    throw new LexiconValidationException(path + " must be an integer");
                }
                return LongNode.valueOf(saturate(new BigDecimal(v)));
            case "boolean":
                if ("true".equals(v)) {
                    return BooleanNode.TRUE;
                } else if ("false".equals(v)) {
                    return BooleanNode.FALSE;
                }
                throw new LexiconValidationException(path + " must be a boolean");
            default:
                return TextNode.valueOf(v);
        }
    }

    private JsonNode method(String nsid) {
        return registry.method(nsid).orElseThrow(() -> new IllegalArgumentException("unknown method " + nsid));
    }

    private static boolean hasDefault(JsonNode def) {
        return def.has("default");
    }

    /**
     * Validates {@code value} against {@code def}.
     *
     * @param path the value's path for messages, e.g. {@code Input/handle}
     * @param def the schema
     * @param value the value; null when absent
     * @param context the document {@code def} belongs to (for relative references)
     * @return the value with defaults applied; null when absent and without default
     */
    JsonNode validate(String path, JsonNode def, JsonNode value, String context) {
        String type = def.path("type").asText("");
        switch (type) {
            case "ref": {
                Optional<LexiconRegistry.Resolved> target = registry.resolve(def.path("ref").asText(), context);
                if (target.isEmpty()) {
                    return unknown(path, value);
                }
                return validate(path, target.get().def(), value, target.get().nsid());
            }
            case "union":
                return union(path, def, value, context);
            case "object":
                return object(path, def, value, context);
            case "array":
                return array(path, def, value, context);
            case "string":
                return string(path, def, value);
            case "integer":
                return integer(path, def, value);
            case "boolean":
                return bool(path, def, value);
            case "unknown":
                return unknown(path, value);
            default:
                throw new LexiconValidationException("Unexpected lexicon type: " + type);
        }
    }

    private JsonNode union(String path, JsonNode def, JsonNode value, String context) {
        if (value == null || !value.isObject() || !value.path("$type").isTextual()) {
            throw new LexiconValidationException(path + " must be an object which includes the \"$type\" property");
        }
        String type = value.get("$type").asText();
        for (JsonNode ref : def.path("refs")) {
            if (sameRef(ref.asText(), type, context)) {
                Optional<LexiconRegistry.Resolved> target = registry.resolve(ref.asText(), context);
                if (target.isEmpty()) {
                    return value;
                }
                return validate(path, target.get().def(), value, target.get().nsid());
            }
        }
        if (def.path("closed").asBoolean(false)) {
            List<String> refs = new java.util.ArrayList<>();
            def.path("refs").forEach(r -> refs.add(r.asText()));
            throw new LexiconValidationException(path + " $type must be one of " + String.join(", ", refs));
        }
        return value;
    }

    private static boolean sameRef(String ref, String type, String context) {
        String a = absolute(ref, context);
        String b = absolute(type, context);
        return a.equals(b);
    }

    private static String absolute(String ref, String context) {
        String r = ref.startsWith("lex:") ? ref.substring(4) : ref;
        if (r.startsWith("#")) {
            r = context + r;
        }
        return r.endsWith("#main") ? r.substring(0, r.length() - 5) : r;
    }

    private JsonNode object(String path, JsonNode def, JsonNode value, String context) {
        if (value == null || !value.isObject()) {
            throw new LexiconValidationException(path + " must be an object");
        }
        Set<String> required = new HashSet<>();
        def.path("required").forEach(r -> required.add(r.asText()));
        Set<String> nullable = new HashSet<>();
        def.path("nullable").forEach(r -> nullable.add(r.asText()));
        ObjectNode result = null;
        for (Map.Entry<String, JsonNode> p : def.path("properties").properties()) {
            String key = p.getKey();
            JsonNode propValue = value.get(key);
            if (propValue != null && propValue.isNull() && nullable.contains(key)) {
                continue;
            }
            if (propValue == null && !required.contains(key) && !hasDefault(p.getValue())) {
                continue;
            }
            if (propValue == null && required.contains(key) && !hasDefault(p.getValue())) {
                throw new LexiconValidationException(path + " must have the property \"" + key + "\"");
            }
            JsonNode checked = validate(path + "/" + key, p.getValue(), propValue, context);
            if (checked != propValue) {
                if (result == null) {
                    result = ((ObjectNode) value).deepCopy();
                }
                result.set(key, checked);
            }
        }
        return result != null ? result : value;
    }

    private JsonNode array(String path, JsonNode def, JsonNode value, String context) {
        if (value == null || !value.isArray()) {
            throw new LexiconValidationException(path + " must be an array");
        }
        if (def.has("maxLength") && value.size() > def.get("maxLength").asLong()) {
            throw new LexiconValidationException(path + " must not have more than " + def.get("maxLength").asLong()
                    + " elements");
        }
        if (def.has("minLength") && value.size() < def.get("minLength").asLong()) {
            throw new LexiconValidationException(path + " must not have fewer than " + def.get("minLength").asLong()
                    + " elements");
        }
        JsonNode items = def.path("items");
        var result = NODES.arrayNode(value.size());
        boolean changed = false;
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            JsonNode checked = validate(path + "/" + i, items, item, context);
            changed |= checked != item;
            result.add(checked);
        }
        return changed ? result : value;
    }

    private static JsonNode string(String path, JsonNode def, JsonNode value) {
        if (value == null) {
            if (def.path("default").isTextual()) {
                return def.get("default");
            }
            throw new LexiconValidationException(path + " must be a string");
        }
        if (!value.isTextual()) {
            throw new LexiconValidationException(path + " must be a string");
        }
        String s = value.asText();
        if (def.path("const").isTextual() && !def.get("const").asText().equals(s)) {
            throw new LexiconValidationException(path + " must be " + def.get("const").asText());
        }
        if (def.path("enum").isArray()) {
            boolean found = false;
            List<String> options = new java.util.ArrayList<>();
            for (JsonNode e : def.get("enum")) {
                options.add(e.asText());
                found |= e.asText().equals(s);
            }
            if (!found) {
                throw new LexiconValidationException(path + " must be one of (" + String.join("|", options) + ")");
            }
        }
        if (def.has("maxLength") && utf8Length(s) > def.get("maxLength").asLong()) {
            throw new LexiconValidationException(path + " must not be longer than " + def.get("maxLength").asLong()
                    + " characters");
        }
        if (def.has("minLength") && utf8Length(s) < def.get("minLength").asLong()) {
            throw new LexiconValidationException(path + " must not be shorter than " + def.get("minLength").asLong()
                    + " characters");
        }
        if (def.has("maxGraphemes") && graphemes(s, def.get("maxGraphemes").asLong() + 1)
                > def.get("maxGraphemes").asLong()) {
            throw new LexiconValidationException(path + " must not be longer than "
                    + def.get("maxGraphemes").asLong() + " graphemes");
        }
        if (def.has("minGraphemes") && graphemes(s, def.get("minGraphemes").asLong())
                < def.get("minGraphemes").asLong()) {
            throw new LexiconValidationException(path + " must not be shorter than "
                    + def.get("minGraphemes").asLong() + " graphemes");
        }
        if (def.path("format").isTextual()) {
            String failure = StringFormats.check(def.get("format").asText(), s);
            if (failure != null) {
                throw new LexiconValidationException(path + " " + failure);
            }
        }
        return value;
    }

    private static JsonNode integer(String path, JsonNode def, JsonNode value) {
        JsonNode v = value;
        if (v == null) {
            if (def.path("default").isIntegralNumber()) {
                v = def.get("default");
            } else {
                throw new LexiconValidationException(path + " must be an integer");
            }
        }
        if (!v.isNumber() || !isIntegral(v)) {
            throw new LexiconValidationException(path + " must be an integer");
        }
        long n = saturate(v.decimalValue());
        if (def.has("const") && def.get("const").asLong() != n) {
            throw new LexiconValidationException(path + " must be " + def.get("const").asLong());
        }
        if (def.path("enum").isArray()) {
            boolean found = false;
            List<String> options = new java.util.ArrayList<>();
            for (JsonNode e : def.get("enum")) {
                options.add(e.asText());
                found |= e.asLong() == n;
            }
            if (!found) {
                throw new LexiconValidationException(path + " must be one of (" + String.join("|", options) + ")");
            }
        }
        if (def.has("maximum") && n > def.get("maximum").asLong()) {
            throw new LexiconValidationException(path + " can not be greater than " + def.get("maximum").asLong());
        }
        if (def.has("minimum") && n < def.get("minimum").asLong()) {
            throw new LexiconValidationException(path + " can not be less than " + def.get("minimum").asLong());
        }
        return v.isLong() ? v : LongNode.valueOf(n);
    }

    private static boolean isIntegral(JsonNode v) {
        if (v.isIntegralNumber()) {
            return true;
        }
        if (v.isDouble() || v.isFloat()) {
            double d = v.doubleValue();
            return !Double.isNaN(d) && !Double.isInfinite(d) && d == Math.rint(d);
        }
        if (v.isBigDecimal()) {
            BigDecimal d = v.decimalValue();
            return d.signum() == 0 || d.stripTrailingZeros().scale() <= 0;
        }
        return false;
    }

    private static long saturate(BigDecimal d) {
        if (d.compareTo(LONG_MAX) > 0) {
            return Long.MAX_VALUE;
        }
        if (d.compareTo(LONG_MIN) < 0) {
            return Long.MIN_VALUE;
        }
        BigInteger i = d.toBigInteger();
        return i.longValue();
    }

    private static JsonNode bool(String path, JsonNode def, JsonNode value) {
        if (value == null) {
            if (def.path("default").isBoolean()) {
                return def.get("default");
            }
            throw new LexiconValidationException(path + " must be a boolean");
        }
        if (!value.isBoolean()) {
            throw new LexiconValidationException(path + " must be a boolean");
        }
        if (def.path("const").isBoolean() && def.get("const").asBoolean() != value.asBoolean()) {
            throw new LexiconValidationException(path + " must be " + def.get("const").asBoolean());
        }
        return value;
    }

    private static JsonNode unknown(String path, JsonNode value) {
        if (value == null || !value.isObject()) {
            throw new LexiconValidationException(path + " must be an object");
        }
        return value;
    }

    private static long utf8Length(String s) {
        if (s.length() * 3L <= Integer.MAX_VALUE && s.chars().allMatch(c -> c < 0x80)) {
            return s.length();
        }
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Counts grapheme clusters, stopping once {@code limit} is reached. */
    private static long graphemes(String s, long limit) {
        BreakIterator it = BreakIterator.getCharacterInstance();
        it.setText(s);
        long count = 0;
        while (it.next() != BreakIterator.DONE) {
            count++;
            if (count >= limit) {
                return count;
            }
        }
        return count;
    }
}
