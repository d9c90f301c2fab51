package io.zero429.testapp.drive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Pacer} in a forked JVM with the built agent and a rules file, reaching the mock exchange under the real
 * host names (a hosts file maps them to 127.0.0.1). {@link #result} waits for it and reads its two lines.
 */
final class PacerProcess {
    private final Process process;
    private final Path log;
    private final double seconds;

    private PacerProcess(Process process, Path log, double seconds) {
        this.process = process;
        this.log = log;
        this.seconds = seconds;
    }

    /**
     * @param pacerArgs the Pacer's options ({@code --url}, {@code --client}, {@code --rate}, {@code --seconds}...)
     */
    static PacerProcess start(String label, Path agent, Path rules, Path testapp, Path hosts, Path logDir,
            List<String> pacerArgs) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Djdk.net.hosts.file=" + hosts.toAbsolutePath());
        command.add("-javaagent:" + agent.toAbsolutePath() + "=rules=" + rules.toAbsolutePath());
        command.addAll(List.of("-cp", testapp.toAbsolutePath().toString(), Pacer.class.getName()));
        command.addAll(pacerArgs);
        Path log = logDir.resolve(label + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int at = pacerArgs.indexOf("--seconds");
        return new PacerProcess(process, log, at < 0 ? 10 : Double.parseDouble(pacerArgs.get(at + 1)));
    }

    /** Waits for the Pacer to end and returns what it printed. */
    Result result() throws IOException, InterruptedException {
        if (!process.waitFor(Math.round(seconds) + 60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("the pacer did not stop; see " + log);
        }
        String output = Files.readString(log);
        if (process.exitValue() != 0) {
            throw new IOException("the pacer failed with exit code " + process.exitValue() + ":\n" + output);
        }
        String pacer = null;
        String timeline = null;
        for (String line : output.split("\\R")) {
            if (line.startsWith("PACER ")) {
                pacer = line;
            } else if (line.startsWith("TIMELINE")) {
                timeline = line;
            }
        }
        if (pacer == null || timeline == null) {
            throw new IOException("no PACER/TIMELINE lines in " + log + ":\n" + output);
        }
        return new Result(pacer, timeline, output);
    }

    /** The Pacer's lines: totals by outcome, and counts per second. */
    record Result(String line, String timelineLine, String output) {
        /** The value of {@code key=} in the PACER line, or null. */
        String field(String key) {
            for (String part : line.split(" ")) {
                if (part.startsWith(key + "=")) {
                    return part.substring(key.length() + 1);
                }
            }
            return null;
        }

        /** How many requests had this outcome (a status, or a failure's simple class name). */
        long count(String outcome) {
            String value = field(outcome);
            return value == null ? 0 : Long.parseLong(value);
        }

        long startMillis() {
            return Long.parseLong(field("startMillis"));
        }

        long endMillis() {
            return startMillis() + Math.round(Double.parseDouble(field("seconds")) * 1000);
        }

        /** The outcome's count in each second of the run (by when the request was due). */
        long[] timeline(String outcome) {
            Map<String, long[]> all = new HashMap<>();
            int length = 0;
            for (String part : timelineLine.split(" ")) {
                int eq = part.indexOf('=');
                if (eq > 0) {
                    String[] counts = part.substring(eq + 1).split(",");
                    long[] values = new long[counts.length];
                    for (int i = 0; i < counts.length; i++) {
                        values[i] = Long.parseLong(counts[i]);
                    }
                    all.put(part.substring(0, eq), values);
                    length = Math.max(length, values.length);
                }
            }
            long[] values = all.get(outcome);
            return values == null ? new long[length] : values;
        }

        /** The outcome's count per second over the whole seconds of this run that lie within [from, to). */
        double ratePerSecondWithin(String outcome, long fromMillis, long toMillis) {
            long[] counts = timeline(outcome);
            long sum = 0;
            int seconds = 0;
            for (int i = 0; i < counts.length; i++) {
                long begin = startMillis() + i * 1000L;
                if (begin >= fromMillis && begin + 1000 <= toMillis) {
                    sum += counts[i];
                    seconds++;
                }
            }
            return seconds == 0 ? Double.NaN : (double) sum / seconds;
        }

        /** The outcome's count from second {@code from} on. */
        long countFromSecond(String outcome, int from) {
            long[] counts = timeline(outcome);
            long sum = 0;
            for (int i = from; i < counts.length; i++) {
                sum += counts[i];
            }
            return sum;
        }

        String summary() {
            return line.substring("PACER ".length()) + "\n    " + timelineLine;
        }
    }
}
