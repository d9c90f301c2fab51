package io.zero429.bench.soak;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the bot JVM from outside with {@code jcmd}, so the bot stays exactly as it is. {@code PerfCounter.print}
 * reads the JVM's perf data file (no attach, no pause): live threads, loaded classes. With {@code fullGc},
 * {@code GC.run} first forces a full collection, whose heap after GC lands in the GC log: the exact live set, at a
 * price: the full GC stops the bot for tens of milliseconds (15-190 ms measured under load), and a request held
 * across it reaches the server late, closer to the requests after it than the limiter planned (see
 * {@link SoakReport}).
 */
final class JvmSampler {
    private static final long JCMD_TIMEOUT_SECONDS = 60;

    private final Path jcmd;
    private final boolean fullGc;

    JvmSampler(Path javaHome, boolean fullGc) {
        this.jcmd = javaHome.resolve("bin").resolve("jcmd");
        this.fullGc = fullGc;
        if (!Files.isExecutable(jcmd)) {
            throw new IllegalStateException(jcmd + " not found: the soak needs a JDK, not a JRE");
        }
    }

    /** Threads and classes of {@code pid} now; the exchange figures are the caller's. */
    JvmSample sample(long pid, double seconds, List<GroupFigures> groups) throws IOException, InterruptedException {
        if (fullGc) {
            run(List.of(jcmd.toString(), String.valueOf(pid), "GC.run"));
        }
        String counters = run(List.of(jcmd.toString(), String.valueOf(pid), "PerfCounter.print"));
        return new JvmSample(seconds, counter(counters, "java.threads.live"),
                counter(counters, "java.cls.loadedClasses") - counter(counters, "java.cls.unloadedClasses"), groups);
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(JCMD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(command + " did not finish");
        }
        String text = new String(output, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IOException(command + " exited with " + process.exitValue() + ":\n" + text);
        }
        return text;
    }

    private static long counter(String output, String name) throws IOException {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(name) + "=(\\d+)").matcher(output);
        if (!matcher.find()) {
            throw new IOException("jcmd PerfCounter.print has no " + name + ":\n" + output);
        }
        return Long.parseLong(matcher.group(1));
    }
}
