package dev.pdsaccounts.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pdsaccounts.invite.InviteCode;
import dev.pdsaccounts.session.RefreshToken;
import dev.pdsaccounts.store.AccountStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two JVMs race on one PostgreSQL schema: in each of 50 rounds both try to sign up with the same single-use
 * invite, then both rotate the same refresh token with different successors. Exactly one sign-up per round may
 * succeed and each token may get exactly one successor: atomicity must hold across processes, where no JVM
 * lock can help.
 */
class PostgresTwoProcessRaceTest {
    private static final int ROUNDS = 50;
    private static final long SLOT_MILLIS = 25;

    @Test
    void singleUseInviteAndRotationHoldAcrossProcesses() throws Exception {
        try (Databases.PooledDatabase db = Databases.postgres()) {
            AccountStore store = db.store();
            Instant t0 = Instant.ofEpochMilli(1_700_000_000_000L);
            List<InviteCode> codes = new ArrayList<>();
            for (int i = 0; i < ROUNDS; i++) {
                codes.add(new InviteCode("proc-invite-" + i, 1, false, InviteCode.ADMIN, InviteCode.ADMIN, t0));
                store.insertRefreshToken(new RefreshToken("proc-rt-" + i, "did:plc:owner", t0.plusSeconds(3600),
                        Optional.empty(), Optional.empty()));
            }
            store.insertInviteCodes(codes);

            String url = Databases.withSchema(Databases.postgresUrlOrSkip(), db.schema());
            List<Process> workers = List.of(start(url, "a"), start(url, "b"));
            try {
                List<BufferedReader> outs = new ArrayList<>();
                for (Process p : workers) {
                    BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                            StandardCharsets.UTF_8));
                    String line;
                    while ((line = r.readLine()) != null && !line.equals("ready")) {
                        log(line);
                    }
                    assertEquals("ready", line, "worker did not start");
                    outs.add(r);
                }
                long startAt = System.currentTimeMillis() + 300;
                for (Process p : workers) {
                    OutputStream stdin = p.getOutputStream();
                    stdin.write((startAt + "\n").getBytes(StandardCharsets.UTF_8));
                    stdin.flush();
                }
                List<CompletableFuture<List<String>>> lines = new ArrayList<>();
                for (BufferedReader r : outs) {
                    lines.add(CompletableFuture.supplyAsync(() -> readAll(r)));
                }
                for (Process p : workers) {
                    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "worker timed out");
                    assertEquals(0, p.exitValue(), "worker failed: " + lines);
                }
                Map<String, List<String>> byKey = new HashMap<>();
                for (CompletableFuture<List<String>> f : lines) {
                    for (String line : f.get(10, TimeUnit.SECONDS)) {
                        String[] parts = line.split(" ", 3);
                        if (parts.length == 3 && (parts[0].equals("invite") || parts[0].equals("rotate"))) {
                            byKey.computeIfAbsent(parts[0] + " " + parts[1], k -> new ArrayList<>()).add(parts[2]);
                        } else {
                            log(line);
                        }
                    }
                }
                for (int i = 0; i < ROUNDS; i++) {
                    List<String> invite = byKey.get("invite " + i);
                    assertEquals(2, invite.size(), "round " + i);
                    assertEquals(1, invite.stream().filter("Created"::equals).count(), "invite round " + i + ": "
                            + invite);
                    assertTrue(invite.contains("InviteUnavailable"), "invite round " + i + ": " + invite);
                    assertEquals(1, store.findInviteCode("proc-invite-" + i).orElseThrow().uses().size());

                    String winner = store.findRefreshToken("proc-rt-" + i).orElseThrow().nextId().orElseThrow();
                    List<String> rotate = byKey.get("rotate " + i);
                    assertEquals(2, rotate.size(), "round " + i);
                    assertTrue(rotate.contains("Rotated") && rotate.contains("NextIdConflict " + winner),
                            "rotate round " + i + ": " + rotate);
                    boolean a = store.findRefreshToken("proc-rt-" + i + "-a").isPresent();
                    boolean b = store.findRefreshToken("proc-rt-" + i + "-b").isPresent();
                    assertTrue(a ^ b, "exactly one successor row in round " + i);
                }
                assertEquals(ROUNDS, store.countAccounts());
                assertEquals(ROUNDS, db.queryLong("SELECT COUNT(*) FROM invite_code_use"));
            } finally {
                for (Process p : workers) {
                    p.destroyForcibly();
                }
            }
        }
    }

    private static Process start(String url, String worker) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), PostgresRaceWorker.class.getName(), url, worker,
                String.valueOf(ROUNDS), String.valueOf(SLOT_MILLIS));
        pb.redirectErrorStream(true);
        return pb.start();
    }

    private static void log(String workerLine) {
        if (!workerLine.startsWith("SLF4J")) {
            System.out.println("[worker] " + workerLine);
        }
    }

    private static List<String> readAll(BufferedReader r) {
        List<String> out = new ArrayList<>();
        try {
            String line;
            while ((line = r.readLine()) != null) {
                out.add(line);
            }
        } catch (IOException e) {
            out.add("read failed: " + e);
        }
        return out;
    }
}
