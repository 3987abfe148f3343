package dev.pdsaccounts.identity.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * DNS handle resolution: TXT parsing with injected lookups, and the JNDI lookup against a tiny local DNS
 * server on 127.0.0.1 (no real DNS) that answers TXT records, NXDOMAIN, or nothing at all.
 */
class DnsHandleResolverTest {
    private static final String DID = "did:plc:abcdefghijklmnopqrstuvwx";

    @Test
    void exactlyOneDidRecordResolves() {
        List<String> asked = new ArrayList<>();
        DnsHandleResolver resolver = new DnsHandleResolver(name -> {
            asked.add(name);
            return List.of("v=spf1 -all", "did=" + DID);
        });
        assertEquals(Optional.of(DID), resolver.resolve("Alice.Example.COM"));
        assertEquals(List.of("_atproto.alice.example.com"), asked);
    }

    @Test
    void txtRecordRenderingsAreJoined() {
        assertEquals(Optional.of(DID), DnsHandleResolver.didFromTxtRecords(List.of("\"did=" + DID + "\"")));
        assertEquals(Optional.of(DID), DnsHandleResolver.didFromTxtRecords(
                List.of("\"did=did:plc:\" abcdefghijklmnopqrstuvwx")));
        assertEquals(Optional.of(DID), DnsHandleResolver.didFromTxtRecords(
                List.of("did=did:plc:abcdefghijkl mnopqrstuvwx")));
        assertEquals(Optional.of("did:web:example.com"),
                DnsHandleResolver.didFromTxtRecords(List.of("\"\" did=did:web:example.com")));
        assertEquals(Optional.of("x\"y"), DnsHandleResolver.joinCharacterStrings("\"x\\\"y\""));
    }

    @Test
    void anythingElseDoesNotResolve() {
        assertEquals(Optional.empty(), DnsHandleResolver.didFromTxtRecords(List.of()));
        assertEquals(Optional.empty(), DnsHandleResolver.didFromTxtRecords(List.of("hello", "did:plc:x")));
        assertEquals(Optional.empty(), DnsHandleResolver.didFromTxtRecords(
                List.of("did=" + DID, "did=did:web:example.com")), "two did= records are ambiguous");
        assertEquals(Optional.empty(), DnsHandleResolver.didFromTxtRecords(List.of("did=not a did")));
        assertEquals(Optional.empty(), DnsHandleResolver.didFromTxtRecords(List.of("did=")));
        assertEquals(Optional.empty(), DnsHandleResolver.didFromTxtRecords(List.of("\"did=" + DID)),
                "unterminated quote");
        assertEquals(Optional.empty(), DnsHandleResolver.didFromTxtRecords(List.of("DID=" + DID)));
        assertEquals(Optional.empty(), new DnsHandleResolver(name -> {
            throw new IllegalStateException("SERVFAIL");
        }).resolve("alice.example.com"));
        assertEquals(Optional.empty(), new DnsHandleResolver(name -> null).resolve("alice.example.com"));
        List<String> asked = new ArrayList<>();
        DnsHandleResolver recording = new DnsHandleResolver(name -> {
            asked.add(name);
            return List.of("did=" + DID);
        });
        assertEquals(Optional.empty(), recording.resolve("not a handle"));
        assertEquals(Optional.empty(), recording.resolve(null));
        assertTrue(asked.isEmpty(), "invalid handles are never looked up");
    }

    @Test
    void jndiLookupReadsTxtRecordsFromALocalServer() throws Exception {
        try (FakeDns dns = new FakeDns()) {
            dns.records.put("_atproto.alice.example.com", List.of(List.of("did=" + DID), List.of("other")));
            dns.records.put("_atproto.split.example.com", List.of(List.of("did=did:plc:", "abcdefghijklmnopqrstuvwx")));
            dns.records.put("_atproto.spaced.example.com", List.of(List.of("did=" + DID, "with space")));
            DnsHandleResolver resolver = new DnsHandleResolver(
                    DnsHandleResolver.jndi(Optional.of("127.0.0.1:" + dns.port()), Duration.ofSeconds(3)));
            assertEquals(Optional.of(DID), resolver.resolve("alice.example.com"));
            assertEquals(Optional.of(DID), resolver.resolve("split.example.com"));
            assertEquals(Optional.empty(), resolver.resolve("spaced.example.com"), "not a DID once joined");
            assertEquals(Optional.empty(), resolver.resolve("nobody.example.com"), "NXDOMAIN");
        }
    }

    @Test
    void silentDnsServerTimesOutWithinTheBound() throws Exception {
        try (FakeDns dns = new FakeDns()) {
            dns.silent = true;
            DnsHandleResolver resolver = new DnsHandleResolver(
                    DnsHandleResolver.jndi(Optional.of("127.0.0.1:" + dns.port()), Duration.ofMillis(200)));
            long start = System.nanoTime();
            assertEquals(Optional.empty(), resolver.resolve("alice.example.com"));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 3_000, "took " + millis + " ms");
        }
    }

    @Test
    void jndiSettingsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> DnsHandleResolver.jndi(Optional.empty(), Duration.ZERO));
        assertThrows(IllegalArgumentException.class,
                () -> DnsHandleResolver.jndi(Optional.of("1.1.1.1/x"), Duration.ofSeconds(1)));
    }

    /** A minimal UDP DNS server: TXT answers from a table, NXDOMAIN otherwise, or silence. */
    static final class FakeDns implements AutoCloseable {
        final Map<String, List<List<String>>> records = new ConcurrentHashMap<>();
        volatile boolean silent;
        private final DatagramSocket socket;
        private final Thread thread;

        FakeDns() throws SocketException {
            socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
            thread = new Thread(this::serve, "fake-dns");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private void serve() {
            byte[] buf = new byte[512];
            while (!socket.isClosed()) {
                DatagramPacket packet = new DatagramPacket(buf, buf.length);
                try {
                    socket.receive(packet);
                    if (silent) {
                        continue;
                    }
                    byte[] reply = answer(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                    socket.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
                } catch (IOException | RuntimeException e) {
                    if (socket.isClosed()) {
                        return;
                    }
                }
            }
        }

        private byte[] answer(byte[] query) {
            int pos = 12;
            StringBuilder name = new StringBuilder();
            while (query[pos] != 0) {
                int len = query[pos] & 0xff;
                if (name.length() > 0) {
                    name.append('.');
                }
                name.append(new String(query, pos + 1, len, StandardCharsets.US_ASCII));
                pos += len + 1;
            }
            int questionEnd = pos + 5; // zero label, qtype, qclass
            List<List<String>> txt = records.get(name.toString().toLowerCase(Locale.ROOT));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(query[0]);
            out.write(query[1]);
            out.write(0x81);
            out.write(txt == null ? 0x83 : 0x80);
            int answers = txt == null ? 0 : txt.size();
            out.writeBytes(new byte[] {0, 1, 0, (byte) answers, 0, 0, 0, 0});
            out.write(query, 12, questionEnd - 12);
            for (int i = 0; i < answers; i++) {
                ByteArrayOutputStream rdata = new ByteArrayOutputStream();
                for (String s : txt.get(i)) {
                    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
                    rdata.write(b.length);
                    rdata.writeBytes(b);
                }
                out.writeBytes(new byte[] {(byte) 0xc0, 0x0c, 0, 16, 0, 1, 0, 0, 0, 60});
                out.write(rdata.size() >> 8);
                out.write(rdata.size() & 0xff);
                out.writeBytes(rdata.toByteArray());
            }
            return out.toByteArray();
        }

        @Override
        public void close() {
            socket.close();
            try {
                thread.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
