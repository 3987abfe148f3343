package dev.pdsaccounts.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** Facts about the machine and the process: cores, JDK, CPU model, load average, resident memory. */
public final class Machine {
    private Machine() {}

    /**
     * The processors this JVM may use.
     *
     * @return {@link Runtime#availableProcessors()}
     */
    public static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * One line describing the machine: cores, CPU model, memory, OS and JDK.
     *
     * @return the description
     */
    public static String describe() {
        String cpu = readLinePrefixed(Path.of("/proc/cpuinfo"), "model name").map(l -> l.replaceFirst(".*:\\s*", ""))
                .orElse("unknown CPU");
        String mem = readLinePrefixed(Path.of("/proc/meminfo"), "MemTotal")
                .map(l -> String.format(Locale.ROOT, "%.1f GiB RAM",
                        Long.parseLong(l.replaceAll("\\D", "")) / 1024.0 / 1024.0))
                .orElse("unknown RAM");
        return cores() + " cores (" + cpu + "), " + mem + ", " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch") + ", " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.runtime.version");
    }

    /**
     * The 1, 5 and 15 minute load averages.
     *
     * @return e.g. {@code "3.10 2.50 1.20"}, or {@code "unknown"}
     */
    public static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /**
     * A field of {@code /proc/self/status} in bytes, e.g. {@code VmRSS} or {@code VmHWM} (peak RSS).
     *
     * @param field the field name
     * @return the value in bytes, or -1 when unavailable
     */
    public static long procStatusBytes(String field) {
        return readLinePrefixed(Path.of("/proc/self/status"), field + ":")
                .map(l -> Long.parseLong(l.replaceAll("\\D", "")) * 1024L)
                .orElse(-1L);
    }

    private static Optional<String> readLinePrefixed(Path file, String prefix) {
        try {
            return Files.readAllLines(file).stream().filter(l -> l.startsWith(prefix)).findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
