package dev.pdsaccounts.benchmarks;

import dev.pdsaccounts.benchmarks.jmh.CreateAccountPartsBenchmarks;
import dev.pdsaccounts.benchmarks.jmh.TokenBenchmarks;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Mode;

/** The JMH groups the driver runs and how their scores become table rows. */
final class MicroBench {
    private MicroBench() {}

    /** Raw HMAC-SHA256 vs {@code verifyAccessToken}, on one thread and on every core. */
    static final class Tokens implements Bench {
        static final String NAME = "tokens";

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public String description() {
            return "JMH: raw HMAC-SHA256 over a token's signing input vs verifyAccessToken, 1 thread and all cores";
        }

        @Override
        public void run(RunContext ctx) throws Exception {
            int cores = Machine.cores();
            String include = "^" + Pattern.quote(TokenBenchmarks.class.getName()) + "\\.";
            for (int threads : cores == 1 ? List.of(1) : List.of(1, cores)) {
                ctx.progress("JMH tokens, " + threads + " thread(s)");
                List<Jmh.Score> s = Jmh.run(ctx, include, Mode.Throughput, TimeUnit.SECONDS, threads);
                Jmh.Score raw = Jmh.find(s, "rawHmac");
                Jmh.Score rawKeyed = Jmh.find(s, "rawHmacKeyedPerCall");
                Jmh.Score codec = Jmh.find(s, "verifyAccessToken");
                Jmh.Score verify = Jmh.find(s, "sessionServiceVerifyAccessToken");
                Jmh.Score create = Jmh.find(s, "createAccessToken");
                String t = threads + " thread" + (threads == 1 ? "" : "s");
                ctx.table().info(NAME, "raw HMAC-SHA256 of a token's signing input, keyed Mac reused, " + t,
                        ops(raw));
                ctx.table().info(NAME, "raw HMAC-SHA256, Mac.getInstance + init per call, " + t, ops(rawKeyed));
                ctx.table().info(NAME, "SessionTokens.createAccessToken, " + t, ops(create));
                ctx.table().info(NAME, "SessionTokens.verifyAccessToken (codec), " + t, ops(codec));
                double ratio = verify.score() / raw.score();
                ctx.table().goal(NAME, "SessionService.verifyAccessToken, " + t, ops(verify) + " = "
                        + Format.ratio(ratio) + " raw", ">= 0.50x raw", ratio >= 0.5);
                if (threads == cores) {
                    ctx.table().goal(NAME, "SessionService.verifyAccessToken, " + t + " (absolute)", ops(verify),
                            ">= 300,000/s on 2 cores", verify.score() >= 300_000 * cores / 2.0);
                }
            }
        }
    }

    /** The non-hash parts of createAccount. */
    static final class CreateParts implements Bench {
        static final String NAME = "create-parts";

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public String description() {
            return "JMH: the non-hash parts of createAccount (key, signed genesis op, PLC submit, JWTs), 1 thread";
        }

        @Override
        public void run(RunContext ctx) throws Exception {
            ctx.progress("JMH createAccount parts, 1 thread");
            String include = "^" + Pattern.quote(CreateAccountPartsBenchmarks.class.getName()) + "\\.";
            List<Jmh.Score> s = Jmh.run(ctx, include, Mode.AverageTime, TimeUnit.MICROSECONDS, 1);
            for (String m : List.of("keygenSecp256k1", "signGenesisAndDid", "signGenesisAndSubmit", "issueSession",
                    "createAccountWithoutHash")) {
                Jmh.Score sc = Jmh.find(s, m);
                ctx.table().info(NAME, m + ", 1 thread", micros(sc));
            }
        }
    }

    static String ops(Jmh.Score s) {
        return Format.rate(s.score()) + "/s" + error(s);
    }

    static String micros(Jmh.Score s) {
        return Format.millis(s.score()) + " us/op" + error(s);
    }

    private static String error(Jmh.Score s) {
        if (Double.isNaN(s.error()) || s.score() == 0) {
            return "";
        }
        return String.format(java.util.Locale.ROOT, " (+-%.0f%%)", 100 * s.error() / s.score());
    }
}
