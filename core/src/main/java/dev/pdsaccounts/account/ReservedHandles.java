package dev.pdsaccounts.account;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * Words that cannot be taken as the front label of a handle on a service domain (e.g. {@code admin},
 * {@code bsky}, {@code support}). Matching is exact on the whole front label, ignoring ASCII case.
 *
 * <p>{@link #defaults()} is the reference PDS's list (atproto-specific words, commonly reserved sub-domain
 * names and famous account names), shipped as the resource {@code reserved-handles.txt} next to this class.
 */
public final class ReservedHandles {
    private static final String RESOURCE = "reserved-handles.txt";

    private final Set<String> words;

    private ReservedHandles(Set<String> words) {
        this.words = Set.copyOf(words);
    }

    /**
     * The reference PDS's reserved words, loaded once from the bundled resource.
     *
     * @return the default list
     */
    public static ReservedHandles defaults() {
        return Defaults.INSTANCE;
    }

    /**
     * A custom list (e.g. the defaults plus a host's own words, or none at all).
     *
     * @param words the reserved front labels; entries are trimmed, blank ones ignored, ASCII case folded
     * @return the list
     * @throws IllegalArgumentException when {@code words} or an entry is {@code null} (a configuration error)
     */
    public static ReservedHandles of(Collection<String> words) {
        if (words == null) {
            throw new IllegalArgumentException("reserved words must not be null");
        }
        Set<String> set = new HashSet<>();
        for (String w : words) {
            if (w == null) {
                throw new IllegalArgumentException("reserved words must not contain null");
            }
            String t = w.trim();
            if (!t.isEmpty()) {
                set.add(asciiLowerCase(t));
            }
        }
        return new ReservedHandles(set);
    }

    /**
     * Whether {@code frontLabel} is reserved.
     *
     * @param frontLabel the handle minus its service domain, e.g. {@code admin} for {@code admin.pds.test}
     * @return {@code true} when it is exactly one of the reserved words (ignoring ASCII case); {@code false} for
     *     {@code null}
     */
    public boolean isReserved(String frontLabel) {
        return frontLabel != null && words.contains(asciiLowerCase(frontLabel));
    }

    /**
     * Folds A-Z only: front labels of valid handles are ASCII, and this stays linear on any input (unlike the
     * JDK's full lower-casing, which is quadratic on many capital sigmas).
     */
    private static String asciiLowerCase(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                if (sb == null) {
                    sb = new StringBuilder(s);
                }
                sb.setCharAt(i, (char) (c + ('a' - 'A')));
            }
        }
        return sb == null ? s : sb.toString();
    }

    /**
     * The reserved words.
     *
     * @return an unmodifiable set of lower-case words
     */
    public Set<String> words() {
        return words;
    }

    private static Set<String> load() {
        InputStream in = ReservedHandles.class.getResourceAsStream(RESOURCE);
        if (in == null) {
            // The resource is part of the jar; its absence is a packaging fault, not an input problem.
            throw new IllegalStateException("missing resource " + RESOURCE + " next to " + ReservedHandles.class.getName());
        }
        Set<String> set = new HashSet<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String t = line.trim();
                if (!t.isEmpty() && !t.startsWith("#")) {
                    set.add(asciiLowerCase(t));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        return set;
    }

    /** Lazy holder: the file is read on first use only. */
    private static final class Defaults {
        static final ReservedHandles INSTANCE = new ReservedHandles(load());
    }
}
