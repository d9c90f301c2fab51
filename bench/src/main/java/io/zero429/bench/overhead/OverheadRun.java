package io.zero429.bench.overhead;

import io.zero429.bench.Machine;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.openjdk.jmh.runner.RunnerException;

/**
 * The agent's overhead, measured in forked JVMs: start-up, time per request (plus the advice alone under JMH),
 * heap. Run from the project root after
 * {@code mvn -B -q -DskipTests package}:
 *
 * <pre>java -cp bench/target/benchmarks.jar io.zero429.bench.overhead.OverheadRun</pre>
 *
 * <p>Prints a Markdown report on standard output (progress on standard error). Options, with their defaults:
 * {@code --startup-runs 15 --rounds 3 --warmup 20000 --measured 50000 --heap-runs 3 --only startup,latency,hook,heap
 * --agent agent/target/zero429-agent.jar --rules testapp/rules/exchanges.properties --client jdk}; {@code --client
 * vertx|reactor|jetty} times the latency probe's requests through that client (the testapp's jar joins the probe
 * class path).
 */
public final class OverheadRun {
    private int startupRuns = 15;
    private int rounds = 3;
    private int warmup = 20_000;
    private int measured = 50_000;
    private int heapRuns = 3;
    private Set<String> parts = new HashSet<>(List.of("startup", "latency", "hook", "heap"));
    /** The latency probe's client: {@code jdk}, or {@code vertx}, {@code reactor}, {@code jetty} (the testapp's jar). */
    private String client = "jdk";
    private Path agentJar;
    private Path rules;

    private OverheadRun() {
    }

    public static void main(String[] args) throws Exception {
        OverheadRun run = new OverheadRun();
        run.parse(args);
        run.execute(System.out);
    }

    private void parse(String[] args) {
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + args[i]);
            }
            String value = args[i + 1];
            switch (args[i]) {
                case "--startup-runs" -> startupRuns = atLeast(1, value);
                case "--rounds" -> rounds = atLeast(1, value);
                case "--warmup" -> warmup = atLeast(0, value);
                case "--measured" -> measured = atLeast(1, value);
                case "--heap-runs" -> heapRuns = atLeast(1, value);
                case "--only" -> parts = new HashSet<>(Arrays.asList(value.split(",")));
                case "--agent" -> agentJar = Paths.get(value);
                case "--rules" -> rules = Paths.get(value);
                case "--client" -> client = value;
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (see the class javadoc)");
            }
        }
    }

    private static int atLeast(int min, String value) {
        int parsed = Integer.parseInt(value);
        if (parsed < min) {
            throw new IllegalArgumentException(value + " is below " + min);
        }
        return parsed;
    }

    private void execute(PrintStream report) throws IOException, InterruptedException, RunnerException {
        try (Workspace workspace = Workspace.create(agentJar, rules)) {
            ChildJvm jvm = new ChildJvm(workspace);
            if (!client.equals("jdk")) {
                workspace.addClients();
            }
            header(report, workspace, jvm);
            if (parts.contains("startup")) {
                section(report, "Start-up of a JVM making one request (" + startupRuns + " runs each, interleaved)");
                new StartupBench(jvm, startupRuns).run(report);
                loadAfter(report);
            }
            if (parts.contains("latency")) {
                section(report, "Time per request on loopback (" + warmup + " warm-up, " + measured
                        + " measured per JVM, " + rounds + " rounds, client " + client + ")");
                new LatencyBench(jvm, rounds, warmup, measured, client).run(report);
                loadAfter(report);
            }
            if (parts.contains("hook")) {
                section(report, "The advice's own work per request, in-JVM (JMH, no network)");
                new HookBench(workspace).run(report);
                loadAfter(report);
            }
            if (parts.contains("heap")) {
                section(report, "Heap after one request and full GCs (" + heapRuns + " runs each)");
                new HeapBench(jvm, heapRuns).run(report);
                loadAfter(report);
            }
        }
    }

    private void header(PrintStream report, Workspace workspace, ChildJvm jvm) {
        report.println("Agent overhead, " + LocalDate.now());
        report.println();
        report.println("- JDK: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + " (" + jvm.java() + ")");
        report.println("- machine: " + Runtime.getRuntime().availableProcessors() + " CPUs, " + Machine.cpuModel());
        report.println("- probe JVM flags: `" + String.join(" ", ChildJvm.COMMON_FLAGS) + "` (JDK defaults otherwise:"
                + " G1, default heap), class path: the probe classes" + (client.equals("jdk") ? " only"
                : " and the testapp's jar (its clients, no agent class)"));
        report.println("- agent: `" + workspace.javaagent(Path.of("RULES")) + "`");
        report.println("- rules: \"no rule matches\" = " + workspace.exampleRules().getFileName() + " as is; \"a rule "
                + "matches\" = the same plus, last, `GET 127.0.0.1/**` -> `"
                + Workspace.LOOPBACK_LIMIT + "`");
        report.println("- load average (1, 5, 15 min) before: " + Machine.load());
    }

    private static void section(PrintStream report, String title) {
        report.println();
        report.println("#### " + title);
        report.println();
        Progress.say(title);
    }

    private static void loadAfter(PrintStream report) {
        report.println();
        report.println("Load average after: " + Machine.load());
    }
}
