package dev.pdsaccounts.xrpc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pdsaccounts.identity.DagCbor;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON reader/writer of the adapter and a few builders for output objects. Reading is strict and bounded:
 * nesting at most {@value #MAX_DEPTH} deep (the DAG-CBOR limit), duplicate keys and trailing tokens rejected,
 * numbers and strings bounded in length.
 */
public final class Json {
    /** Deepest nesting accepted in a request body. */
    public static final int MAX_DEPTH = DagCbor.MAX_DEPTH;

    private static final ObjectMapper MAPPER = create();

    private Json() {}

    private static ObjectMapper create() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_DEPTH)
                        .maxNumberLength(100)
                        .maxStringLength(8 * 1024 * 1024)
                        .build())
                .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        ObjectMapper mapper = new ObjectMapper(factory);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.disable(JsonParser.Feature.ALLOW_COMMENTS);
        return mapper;
    }

    /** {@return the shared, thread-safe mapper} */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** {@return a new empty object} */
    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /**
     * A new array of strings.
     *
     * @param values the strings, in order
     * @return the array
     */
    public static ArrayNode strings(Collection<String> values) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode(values.size());
        values.forEach(a::add);
        return a;
    }

    /**
     * Sets {@code key} when the value is present.
     *
     * @param o     the object to change
     * @param key   the field name
     * @param value the value, or empty to leave the field out
     * @return {@code o}
     */
    public static ObjectNode putIfPresent(ObjectNode o, String key, Optional<String> value) {
        value.ifPresent(v -> o.put(key, v));
        return o;
    }

    /**
     * A JSON tree of a JSON-like Java value (maps, lists, strings, numbers, booleans, null).
     *
     * @param value the value
     * @return its tree
     */
    public static JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }

    /**
     * A JSON-like Java list of an array node (its items as maps, lists, strings, numbers, booleans, null).
     *
     * @param node an array node
     * @return its items, as a new list
     */
    @SuppressWarnings("unchecked")
    public static List<Object> list(JsonNode node) {
        return MAPPER.convertValue(node, List.class);
    }

    /**
     * A JSON-like Java map of an object node (for library inputs of lexicon type {@code unknown}).
     *
     * @param node an object node
     * @return its fields, as a new map
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(JsonNode node) {
        return MAPPER.convertValue(node, Map.class);
    }
}
