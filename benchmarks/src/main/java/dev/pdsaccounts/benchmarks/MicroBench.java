package dev.pdsaccounts.benchmarks;

import dev.pdsaccounts.benchmarks.jmh.CreateAccountPartsBenchmarks;
import dev.pdsaccounts.benchmarks.jmh.SessionBenchmarks;
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
            return "JMH: raw HMAC-SHA256 vs verifyAccessToken (1 thread, all cores); the parts of a refresh rotation";
        }

        @Override
        public void run(RunContext ctx) throws Exception {
            int cores = Machine.cores();
            String cls = "^" + Pattern.quote(TokenBenchmarks.class.getName()) + "\\.";
            ctx.progress("JMH tokens, 1 thread");
            List<Jmh.Score> one = Jmh.run(ctx, cls, Mode.Throughput, TimeUnit.SECONDS, 1);
            Jmh.Score raw = Jmh.find(one, "rawHmac");
            Jmh.Score verify = Jmh.find(one, "sessionServiceVerifyAccessToken");
            ctx.table().info(NAME, "raw HMAC-SHA256 of a token's signing input, keyed Mac reused, 1 thread", ops(raw));
            ctx.table().info(NAME, "raw HMAC-SHA256, Mac.getInstance + init per call, 1 thread",
                    ops(Jmh.find(one, "rawHmacKeyedPerCall")));
            ctx.table().info(NAME, "SessionTokens.createAccessToken, 1 thread", ops(Jmh.find(one, "createAccessToken")));
            ctx.table().info(NAME, "SessionTokens.verifyAccessToken (codec), 1 thread",
                    ops(Jmh.find(one, "verifyAccessToken")));
            double ratio = verify.score() / raw.score();
            ctx.table().goal(NAME, "SessionService.verifyAccessToken, 1 thread", ops(verify) + " = "
                    + Format.ratio(ratio) + " raw", ">= 0.50x raw", ratio >= 0.5);
            if (cores > 1) {
                ctx.progress("JMH tokens, " + cores + " threads");
                String include = cls + "(rawHmac|sessionServiceVerifyAccessToken)$";
                List<Jmh.Score> all = Jmh.run(ctx, include, Mode.Throughput, TimeUnit.SECONDS, cores);
                Jmh.Score rawN = Jmh.find(all, "rawHmac");
                Jmh.Score verifyN = Jmh.find(all, "sessionServiceVerifyAccessToken");
                String t = cores + " threads";
                ctx.table().info(NAME, "raw HMAC-SHA256 of a token's signing input, keyed Mac reused, " + t,
                        ops(rawN));
                double ratioN = verifyN.score() / rawN.score();
                ctx.table().goal(NAME, "SessionService.verifyAccessToken, " + t, ops(verifyN) + " = "
                        + Format.ratio(ratioN) + " raw", ">= 0.50x raw", ratioN >= 0.5);
                ctx.table().goal(NAME, "SessionService.verifyAccessToken, " + t + " (absolute)", ops(verifyN),
                        ">= 300,000/s on 2 cores", verifyN.score() >= 300_000 * cores / 2.0);
            }
            ctx.progress("JMH refresh parts, 1 thread");
            String session = "^" + Pattern.quote(SessionBenchmarks.class.getName()) + "\\.";
            List<Jmh.Score> s = Jmh.run(ctx, session, Mode.Throughput, TimeUnit.SECONDS, 1);
            for (String m : List.of("createRefreshToken", "verifyRefreshToken", "refreshSession")) {
                ctx.table().info(NAME, "SessionBenchmarks." + m + " (memory store), 1 thread", ops(Jmh.find(s, m)));
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
