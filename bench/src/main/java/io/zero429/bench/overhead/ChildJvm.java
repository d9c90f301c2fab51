package io.zero429.bench.overhead;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts probe JVMs: the same java as the driver, the common flags, the setup's agent options, the probe class path.
 * Output goes to a file (no pipe for the child to block on while it is being timed) and is read back afterwards.
 */
final class ChildJvm {
    /** Stated in the report. {@code -Xshare:auto} is the JDK default (CDS on when the archive is usable). */
    static final List<String> COMMON_FLAGS = List.of("-Xshare:auto");
    private static final long TIMEOUT_SECONDS = 180;

    private final Workspace workspace;
    private final Path java = Paths.get(System.getProperty("java.home"), "bin", "java");

    ChildJvm(Workspace workspace) {
        this.workspace = workspace;
    }

    Path java() {
        return java;
    }

    /** Runs {@code main} to completion; a probe that fails or times out fails the benchmark. */
    Run run(Setup setup, Class<?> main, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(COMMON_FLAGS);
        command.addAll(setup.jvmOptions(workspace));
        command.add("-cp");
        command.add(workspace.probeClasspath());
        command.add(main.getName());
        command.addAll(List.of(args));
        Path log = workspace.logFile("probe.log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());

        long start = System.nanoTime();
        Process process = builder.start();
        boolean exited = process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        long elapsed = System.nanoTime() - start;

        String output = Files.readString(log, StandardCharsets.UTF_8);
        if (!exited) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException(main.getSimpleName() + " (" + setup.label + ") did not finish in "
                    + TIMEOUT_SECONDS + " s:\n" + output);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(main.getSimpleName() + " (" + setup.label + ") exited with "
                    + process.exitValue() + "; command " + command + "\n" + output);
        }
        setup.checkStartupLine(output);
        return new Run(setup, start, elapsed, output);
    }

    /** The median over runs of one reported figure. */
    static double median(List<Run> runs, String key) {
        List<Long> values = new ArrayList<>();
        for (Run run : runs) {
            values.add(run.value(key));
        }
        return Stats.median(values);
    }

    /** One finished probe JVM: its wall time from process start to exit, its output and the figures it reported. */
    static final class Run {
        final Setup setup;
        /** The driver's System.nanoTime() just before the process was started. */
        final long startNanos;
        final long wallNanos;
        final String output;
        private final Map<String, Long> values = new HashMap<>();
        final List<String> histogram = new ArrayList<>();

        Run(Setup setup, long startNanos, long wallNanos, String output) {
            this.setup = setup;
            this.startNanos = startNanos;
            this.wallNanos = wallNanos;
            this.output = output;
            for (String line : output.split("\n")) {
                if (!line.startsWith(ProbeReport.PREFIX)) {
                    continue;
                }
                String[] parts = line.substring(ProbeReport.PREFIX.length()).trim().split(" ", 2);
                if (parts[0].equals("histogram")) {
                    histogram.add(parts[1]);
                } else {
                    values.put(parts[0], Long.parseLong(parts[1].trim()));
                }
            }
        }

        long value(String key) {
            Long value = values.get(key);
            if (value == null) {
                throw new IllegalStateException("the probe (" + setup.label + ") did not report " + key + ":\n" + output);
            }
            return value;
        }

        /** Fails the benchmark when a probe's own report contradicts its setup. */
        void require(boolean condition, String what) {
            if (!condition) {
                throw new IllegalStateException("probe (" + setup.label + "): " + what + "\n" + output);
            }
        }
    }
}
