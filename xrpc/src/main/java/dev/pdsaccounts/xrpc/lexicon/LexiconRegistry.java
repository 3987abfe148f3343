package dev.pdsaccounts.xrpc.lexicon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Immutable set of lexicon documents, loaded from the classpath (folder {@code lexicons/current/} first, then
 * {@code lexicons/legacy-2023-03/}; the two never share an id). A document {@code com.atproto.server.createAccount}
 * lives at {@code lexicons/current/com/atproto/server/createAccount.json}.
 *
 * <p>{@link #load(Collection, ObjectMapper)} loads the named documents and, transitively, every document their
 * {@code ref}s and union {@code refs} name. A referenced document that is not on the classpath (e.g.
 * {@code com.atproto.repo.strongRef}, outside the account domain) is tolerated: a value checked against it is only
 * required to be an object.
 */
public final class LexiconRegistry {
    /** Classpath folders searched, in order. */
    public static final List<String> ROOTS = List.of("lexicons/current/", "lexicons/legacy-2023-03/");

    private final Map<String, JsonNode> docs;

    private LexiconRegistry(Map<String, JsonNode> docs) {
        this.docs = Map.copyOf(docs);
    }

    /**
     * Loads the documents {@code nsids} and everything they reference.
     *
     * @param nsids the method ids (or other document ids) needed
     * @param mapper the JSON reader
     * @return the registry
     * @throws IllegalArgumentException when one of {@code nsids} has no document
     * @throws UncheckedIOException when a document cannot be read
     */
    public static LexiconRegistry load(Collection<String> nsids, ObjectMapper mapper) {
        Map<String, JsonNode> loaded = new LinkedHashMap<>();
        Deque<String> todo = new ArrayDeque<>(nsids);
        Set<String> roots = Set.copyOf(nsids);
        Set<String> missing = new java.util.HashSet<>();
        while (!todo.isEmpty()) {
            String nsid = todo.pop();
            if (loaded.containsKey(nsid) || missing.contains(nsid)) {
                continue;
            }
            Optional<JsonNode> doc = read(nsid, mapper);
            if (doc.isEmpty()) {
                if (roots.contains(nsid)) {
                    throw new IllegalArgumentException("no lexicon document for " + nsid);
                }
                missing.add(nsid);
                continue;
            }
            if (!nsid.equals(doc.get().path("id").asText())) {
                throw new IllegalArgumentException("lexicon document for " + nsid + " has id "
                        + doc.get().path("id").asText());
            }
            loaded.put(nsid, doc.get());
            collectRefs(doc.get(), todo);
        }
        return new LexiconRegistry(loaded);
    }

    private static Optional<JsonNode> read(String nsid, ObjectMapper mapper) {
        if (!nsid.matches("[a-zA-Z0-9.-]+")) {
            return Optional.empty();
        }
        String relative = nsid.replace('.', '/') + ".json";
        ClassLoader loader = LexiconRegistry.class.getClassLoader();
        for (String root : ROOTS) {
            try (InputStream in = loader.getResourceAsStream(root + relative)) {
                if (in != null) {
                    return Optional.of(mapper.readTree(in));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read lexicon " + nsid, e);
            }
        }
        return Optional.empty();
    }

    private static void collectRefs(JsonNode node, Deque<String> todo) {
        if (node.isObject()) {
            String type = node.path("type").asText("");
            if ("ref".equals(type) && node.path("ref").isTextual()) {
                addRef(node.get("ref").asText(), todo);
            } else if ("union".equals(type) && node.path("refs").isArray()) {
                node.get("refs").forEach(r -> addRef(r.asText(), todo));
            }
            node.forEach(child -> collectRefs(child, todo));
        } else if (node.isArray()) {
            node.forEach(child -> collectRefs(child, todo));
        }
    }

    private static void addRef(String ref, Deque<String> todo) {
        String r = ref.startsWith("lex:") ? ref.substring(4) : ref;
        int hash = r.indexOf('#');
        String nsid = hash < 0 ? r : r.substring(0, hash);
        if (!nsid.isEmpty()) {
            todo.add(nsid);
        }
    }

    /**
     * Whether a document with this id was loaded.
     *
     * @param nsid the document's id
     * @return true when loaded
     */
    public boolean has(String nsid) {
        return docs.containsKey(nsid);
    }

    /** {@return the ids of every loaded document} */
    public Set<String> ids() {
        return docs.keySet();
    }

    /**
     * The {@code main} definition of a method.
     *
     * @param nsid the method id
     * @return its definition (type {@code query} or {@code procedure}), or empty when unknown or not a method
     */
    public Optional<JsonNode> method(String nsid) {
        JsonNode doc = docs.get(nsid);
        if (doc == null) {
            return Optional.empty();
        }
        JsonNode main = doc.path("defs").path("main");
        String type = main.path("type").asText("");
        return "query".equals(type) || "procedure".equals(type) ? Optional.of(main) : Optional.empty();
    }

    /**
     * Resolves a reference as written in a lexicon: {@code #name} (relative to {@code contextNsid}),
     * {@code nsid#name} or {@code nsid} (its {@code main}).
     *
     * @param ref the reference
     * @param contextNsid the document the reference appears in
     * @return the definition, or empty when its document or definition is not loaded
     */
    public Optional<Resolved> resolve(String ref, String contextNsid) {
        String r = ref.startsWith("lex:") ? ref.substring(4) : ref;
        int hash = r.indexOf('#');
        String nsid = hash < 0 ? r : r.substring(0, hash);
        String name = hash < 0 ? "main" : r.substring(hash + 1);
        if (nsid.isEmpty()) {
            nsid = contextNsid;
        }
        JsonNode doc = docs.get(nsid);
        if (doc == null) {
            return Optional.empty();
        }
        JsonNode def = doc.path("defs").get(name);
        return def == null ? Optional.empty() : Optional.of(new Resolved(nsid, name, def));
    }

    /**
     * A resolved definition.
     *
     * @param nsid the document it lives in (the context for its own relative references)
     * @param name its name within the document
     * @param def the definition
     */
    public record Resolved(String nsid, String name, JsonNode def) {}
}
