package dev.pdsaccounts.identity.http;

import dev.pdsaccounts.identity.HandleResolver;
import dev.pdsaccounts.syntax.Did;
import dev.pdsaccounts.syntax.Handle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.naming.Context;
import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;

/**
 * Resolves a handle through DNS: the TXT records of {@code _atproto.<handle>} must contain exactly one record
 * {@code did=<did>} with a syntactically valid DID (as the reference's resolver: several {@code did=} records
 * mean no answer). The lookup is a {@link TxtLookup}: by default JNDI's DNS provider
 * ({@code com.sun.jndi.dns}) with a per-query timeout and optionally a chosen DNS server; tests inject their
 * own. Any lookup failure (timeout, SERVFAIL, no such name) reads as "does not resolve".
 */
public final class DnsHandleResolver implements HandleResolver {
    /** Default timeout of one DNS query. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);
    private static final int MAX_RECORDS = 64;
    private static final int MAX_RECORD_CHARS = 4096;

    private final TxtLookup lookup;

    /**
     * Looks up the TXT records of a DNS name.
     *
     * <p>Records are given as JNDI's DNS provider renders them: one string per record, its character-strings
     * separated by a space, a character-string quoted when it is empty or holds a space, quote or backslash
     * (which are then backslash-escaped). A name with no TXT record, or that does not exist, gives an empty
     * list; a failure may throw any runtime exception.
     */
    @FunctionalInterface
    public interface TxtLookup {
        /**
         * The TXT records of {@code name}.
         *
         * @param name a DNS name, e.g. {@code _atproto.alice.example.com}
         * @return the records (possibly empty), never null
         */
        List<String> txtRecords(String name);
    }

    /**
     * A resolver over the given lookup.
     *
     * @param lookup the TXT lookup
     */
    public DnsHandleResolver(TxtLookup lookup) {
        this.lookup = Objects.requireNonNull(lookup, "lookup");
    }

    /**
     * A resolver over JNDI DNS with the system's DNS servers and the default timeout.
     *
     * @return the resolver
     */
    public static DnsHandleResolver system() {
        return new DnsHandleResolver(jndi(Optional.empty(), DEFAULT_TIMEOUT));
    }

    /**
     * A JNDI DNS lookup: one query with {@code timeout} and one retry (JNDI doubles the timeout for it), against
     * {@code server} ({@code host} or {@code host:port}) when given, else the system's DNS servers.
     *
     * @param server the DNS server, or empty for the system's
     * @param timeout the timeout of the first query (positive)
     * @return the lookup
     * @throws IllegalArgumentException for a non-positive timeout or a server with a space or slash
     */
    public static TxtLookup jndi(Optional<String> server, Duration timeout) {
        Objects.requireNonNull(server, "server");
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        server.ifPresent(s -> {
            if (s.isBlank() || s.contains(" ") || s.contains("/")) {
                throw new IllegalArgumentException("DNS server must be host or host:port");
            }
        });
        long millis = Math.max(1, timeout.toMillis());
        return name -> {
            Hashtable<String, String> env = new Hashtable<>();
            env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.dns.DnsContextFactory");
            env.put("com.sun.jndi.dns.timeout.initial", Long.toString(millis));
            env.put("com.sun.jndi.dns.timeout.retries", "1");
            server.ifPresent(s -> env.put(Context.PROVIDER_URL, "dns://" + s));
            DirContext ctx = null;
            try {
                ctx = new InitialDirContext(env);
                Attributes attributes = ctx.getAttributes(name, new String[] {"TXT"});
                Attribute txt = attributes.get("TXT");
                List<String> records = new ArrayList<>();
                if (txt != null) {
                    NamingEnumeration<?> values = txt.getAll();
                    while (values.hasMore() && records.size() < MAX_RECORDS) {
                        records.add(String.valueOf(values.next()));
                    }
                }
                return records;
            } catch (NameNotFoundException e) {
                return List.of();
            } catch (NamingException e) {
                throw new IllegalStateException("DNS lookup failed: " + e.getClass().getSimpleName());
            } finally {
                if (ctx != null) {
                    try {
                        ctx.close();
                    } catch (NamingException ignored) {
                        // Nothing to release beyond what close tried.
                    }
                }
            }
        };
    }

    /** {@inheritDoc} */
    @Override
    public Optional<String> resolve(String handle) {
        if (handle == null || !Handle.isValid(handle)) {
            return Optional.empty();
        }
        List<String> records;
        try {
            records = lookup.txtRecords("_atproto." + handle.toLowerCase(Locale.ROOT));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        return records == null ? Optional.empty() : didFromTxtRecords(records);
    }

    /**
     * The DID of a set of TXT records: exactly one record, once its character-strings are joined, must start
     * with {@code did=} and carry a valid DID.
     *
     * @param records the records, as {@link TxtLookup} gives them
     * @return the DID, or empty
     */
    public static Optional<String> didFromTxtRecords(List<String> records) {
        String found = null;
        int count = 0;
        for (String record : records) {
            if (record == null || record.length() > MAX_RECORD_CHARS) {
                continue;
            }
            Optional<String> joined = joinCharacterStrings(record);
            if (joined.isPresent() && joined.get().startsWith("did=")) {
                count++;
                found = joined.get().substring("did=".length());
            }
        }
        if (count != 1 || !Did.isValid(found)) {
            return Optional.empty();
        }
        return Optional.of(found);
    }

    /**
     * Joins the character-strings of one TXT record as JNDI renders it (space-separated, quoted with
     * backslash escapes where needed) into the record's text.
     *
     * @param record the rendered record
     * @return the text, or empty when the quoting is malformed
     */
    static Optional<String> joinCharacterStrings(String record) {
        StringBuilder out = new StringBuilder(record.length());
        int i = 0;
        int n = record.length();
        while (i < n) {
            char c = record.charAt(i);
            if (c == ' ') {
                i++;
                continue;
            }
            if (c == '"') {
                i++;
                boolean closed = false;
                while (i < n) {
                    char d = record.charAt(i++);
                    if (d == '\\') {
                        if (i >= n) {
                            return Optional.empty();
                        }
                        out.append(record.charAt(i++));
                    } else if (d == '"') {
                        closed = true;
                        break;
                    } else {
                        out.append(d);
                    }
                }
                if (!closed) {
                    return Optional.empty();
                }
            } else {
                while (i < n && record.charAt(i) != ' ') {
                    out.append(record.charAt(i++));
                }
            }
        }
        return Optional.of(out.toString());
    }
}
