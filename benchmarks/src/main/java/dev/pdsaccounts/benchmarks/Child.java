package dev.pdsaccounts.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a measurement in a fresh JVM (same class path), so heap and peak-RSS figures start clean. The child is
 * {@code BenchmarkMain --child <kind> <args...>}; it prints {@code RESULT key=value} lines that are parsed back.
 */
final class Child {
    private Child() {}

    static Map<String, String> run(List<String> jvmArgs, String... args) throws IOException, InterruptedException {
        return run(Map.of(), jvmArgs, args);
    }

    static Map<String, String> run(Map<String, String> env, List<String> jvmArgs, String... args)
            throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(BenchmarkMain.class.getName());
        cmd.add("--child");
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process proc = pb.start();
        Map<String, String> out = new HashMap<>();
        StringBuilder log = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(proc.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("RESULT ")) {
                    String kv = line.substring(7);
                    int eq = kv.indexOf('=');
                    out.put(kv.substring(0, eq), kv.substring(eq + 1));
                } else {
                    log.append(line).append('\n');
                }
            }
        }
        int rc = proc.waitFor();
        if (rc != 0) {
            throw new IllegalStateException("child " + String.join(" ", args) + " exited with " + rc + ":\n" + log);
        }
        return out;
    }

    static void result(String key, Object value) {
        System.out.println("RESULT " + key + "=" + value);
    }
}
