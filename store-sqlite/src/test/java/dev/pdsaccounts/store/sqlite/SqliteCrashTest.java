package dev.pdsaccounts.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writing child JVM with SIGKILL at random moments, 50 times on the same file, and after each kill checks
 * that the file opens cleanly and every cross-table invariant of the store still holds: whatever a transaction
 * wrote is there entirely or not at all.
 */
class SqliteCrashTest {
    private static final int RUNS = 50;

    @TempDir
    Path dir;

    @Test
    void killedWriterLeavesAConsistentDatabase() throws Exception {
        Path file = dir.resolve("account.sqlite");
        SqliteAccountStore.open(file).close();
        long seed = Long.getLong("pdsaccounts.test.crash.seed", System.nanoTime());
        SplittableRandom random = new SplittableRandom(seed);
        long previousAccounts = 0;
        Process next = start(file, 0);
        for (int run = 0; run < RUNS; run++) {
            Process worker = next;
            next = run + 1 < RUNS ? start(file, run + 1) : null;
            try {
                worker.getOutputStream().write('\n');
                worker.getOutputStream().flush();
                BufferedReader out = new BufferedReader(new InputStreamReader(worker.getInputStream(),
                        StandardCharsets.UTF_8));
                List<String> early = new ArrayList<>();
                String line;
                while ((line = out.readLine()) != null && !line.equals("ready")) {
                    early.add(line);
                }
                assertEquals("ready", line, "worker did not start: " + early);
                Thread.sleep(100 + random.nextInt(301));
                assertTrue(worker.isAlive(), "worker died on its own in run " + run + " (seed " + seed + ")");
            } catch (Exception | AssertionError e) {
                if (next != null) {
                    next.destroyForcibly();
                }
                throw e;
            } finally {
                worker.destroyForcibly();
                assertTrue(worker.waitFor(30, TimeUnit.SECONDS));
            }
            String context = "run " + run + " (reproduce with -Dpdsaccounts.test.crash.seed=" + seed + ")";
            checkInvariants(file, context);
            try (SqliteAccountStore reopened = SqliteAccountStore.open(file)) {
                long accounts = reopened.countAccounts();
                assertTrue(accounts >= previousAccounts, context);
                previousAccounts = accounts;
            }
        }
        System.out.println("SqliteCrashTest: " + RUNS + " kills, " + previousAccounts + " accounts survive, seed "
                + seed);
        assertTrue(previousAccounts > RUNS, "the workers wrote almost nothing: " + previousAccounts);
    }

    private static Process start(Path file, int run) throws java.io.IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), SqliteCrashWorker.class.getName(), file.toString(),
                "r" + run);
        pb.redirectErrorStream(true);
        return pb.start();
    }

    /** Runs the invariant checker on a plain connection (which also recovers the WAL). */
    static void checkInvariants(Path file, String context) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            assertEquals("ok", text(s, "PRAGMA integrity_check"), context);
            assertEquals(0, number(s, "SELECT COUNT(*) FROM account WHERE handle IS NULL OR handle = ''"),
                    "account without handle, " + context);
            assertEquals(0, number(s, "SELECT COUNT(*) FROM invite_code_use u WHERE u.used_by NOT LIKE 'did:deleted:%' "
                    + "AND NOT EXISTS (SELECT 1 FROM account a WHERE a.did = u.used_by)"),
                    "invite use without account, " + context);
            assertEquals(0, number(s, "SELECT COUNT(*) FROM refresh_token r WHERE NOT EXISTS "
                    + "(SELECT 1 FROM account a WHERE a.did = r.did)"), "refresh token without account, " + context);
            assertEquals(0, number(s, "SELECT COUNT(*) FROM app_password p WHERE NOT EXISTS "
                    + "(SELECT 1 FROM account a WHERE a.did = p.did)"), "app password without account, " + context);
            assertEquals(0, number(s, "SELECT COUNT(*) FROM email_token t WHERE NOT EXISTS "
                    + "(SELECT 1 FROM account a WHERE a.did = t.did)"), "email token without account, " + context);
            assertEquals(0, number(s, "SELECT COUNT(*) FROM account a WHERE NOT EXISTS "
                    + "(SELECT 1 FROM invite_code_use u WHERE u.used_by = a.did)"),
                    "account without its invite use, " + context);
            assertEquals(0, number(s, "SELECT COUNT(*) FROM invite_code_use u WHERE NOT EXISTS "
                    + "(SELECT 1 FROM invite_code i WHERE i.code = u.code)"), "invite use without its code, " + context);
            assertEquals(0, number(s, "SELECT COUNT(*) FROM invite_code i WHERE i.available_uses < "
                    + "(SELECT COUNT(*) FROM invite_code_use u WHERE u.code = i.code)"), "invite overspent, " + context);
            assertEquals(0, number(s, "SELECT COUNT(*) FROM refresh_token r WHERE r.next_id IS NOT NULL AND NOT EXISTS "
                    + "(SELECT 1 FROM refresh_token n WHERE n.id = r.next_id)"), "rotated token without successor, "
                    + context);
        }
    }

    private static String text(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static long number(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
