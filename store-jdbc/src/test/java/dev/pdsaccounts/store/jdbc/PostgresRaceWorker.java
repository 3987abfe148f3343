package dev.pdsaccounts.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.pdsaccounts.account.Account;
import dev.pdsaccounts.service.internal.CreateAccountResult;
import dev.pdsaccounts.service.internal.NewAccount;
import dev.pdsaccounts.service.internal.AccountChanges;
import dev.pdsaccounts.session.RefreshToken;
import dev.pdsaccounts.session.RotateResult;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/**
 * A child JVM of {@link PostgresTwoProcessRaceTest}: opens its own store on the given schema, prints
 * {@code ready}, reads the common start time from stdin, then at fixed time slots shared with the other worker
 * signs up with invite {@code proc-invite-<i>} (core's {@link AccountChanges#createAccount} in one transaction)
 * and rotates refresh token {@code proc-rt-<i>} (successor {@code proc-rt-<i>-<worker>}), printing one line per
 * attempt.
 */
public final class PostgresRaceWorker {
    private PostgresRaceWorker() {
    }

    /**
     * Arguments: JDBC URL (with {@code currentSchema}), worker name, rounds, slot length in milliseconds.
     *
     * @param args the arguments
     * @throws Exception on any failure (the parent sees a non-zero exit)
     */
    public static void main(String[] args) throws Exception {
        String url = args[0];
        String worker = args[1];
        int rounds = Integer.parseInt(args[2]);
        long slot = Long.parseLong(args[3]);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(2);
        try (HikariDataSource ds = new HikariDataSource(config)) {
            JdbcAccountStore store = JdbcAccountStore.create(ds, Dialect.postgres());
            store.findAccountByDid("did:plc:warmup");
            System.out.println("ready");
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            long start = Long.parseLong(in.readLine().trim());
            Instant t0 = Instant.ofEpochMilli(1_700_000_000_000L);
            for (int i = 0; i < rounds; i++) {
                waitUntil(start + 2L * i * slot);
                String did = "did:plc:" + worker + "r" + i;
                NewAccount newAccount = new NewAccount(
                        Account.newAccount(did, worker + "r" + i + ".test", Optional.empty(), Optional.of("h"), t0,
                                Optional.empty()),
                        Optional.of("proc-invite-" + i),
                        Optional.of(new RefreshToken("rt-" + did, did, t0.plusSeconds(3600), Optional.empty(),
                                Optional.empty())));
                CreateAccountResult created = store.inTransaction(tx -> AccountChanges.createAccount(tx, newAccount));
                System.out.println("invite " + i + " " + created.getClass().getSimpleName());
                waitUntil(start + (2L * i + 1) * slot);
                RotateResult rotated = store.rotateRefreshToken("proc-rt-" + i, t0.plusSeconds(60),
                        new RefreshToken("proc-rt-" + i + "-" + worker, "did:plc:owner", t0.plusSeconds(7200),
                                Optional.empty(), Optional.empty()));
                String detail = rotated instanceof RotateResult.NextIdConflict c ? " " + c.existingNextId() : "";
                System.out.println("rotate " + i + " " + rotated.getClass().getSimpleName() + detail);
            }
            System.out.flush();
        }
    }

    private static void waitUntil(long epochMillis) throws InterruptedException {
        long wait = epochMillis - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }
}
