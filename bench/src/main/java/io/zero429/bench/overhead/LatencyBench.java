package io.zero429.bench.overhead;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Time per request with and without the agent, each setup in its own JVM running {@link LatencyProbe}, repeated in
 * rounds (setups alternate, order rotating) so the JVM-to-JVM noise shows next to the difference.
 */
final class LatencyBench {
    static final List<Setup> SETUPS = List.of(Setup.NO_AGENT, Setup.AGENT_NO_MATCH, Setup.AGENT_MATCH);
    private static final String[] PERCENTILES = {"p50", "p90", "p99"};

    private final ChildJvm jvm;
    private final int rounds;
    private final int warmup;
    private final int measured;

    private final String client;

    LatencyBench(ChildJvm jvm, int rounds, int warmup, int measured, String client) {
        this.client = client;
        this.jvm = jvm;
        this.rounds = rounds;
        this.warmup = warmup;
        this.measured = measured;
    }

    void run(PrintStream report) throws IOException, InterruptedException {
        Map<Setup, List<ChildJvm.Run>> runs = new EnumMap<>(Setup.class);
        for (int round = 0; round < rounds; round++) {
            for (int k = 0; k < SETUPS.size(); k++) {
                Setup setup = SETUPS.get((round + k) % SETUPS.size());
                runs.computeIfAbsent(setup, s -> new ArrayList<>()).add(once(setup));
                Progress.say("latency round " + (round + 1) + "/" + rounds + ": " + setup.label + " done");
            }
        }
        printRounds(report, runs);
        report.println();
        printSummary(report, runs);
    }

    private ChildJvm.Run once(Setup setup) throws IOException, InterruptedException {
        ChildJvm.Run run = jvm.run(setup, LatencyProbe.class, String.valueOf(warmup), String.valueOf(measured),
                client);
        long total = warmup + measured;
        run.require(run.value("served") == total, "the server did not answer every request");
        run.require(run.value("engine") == (setup.agentActive() ? 1 : 0), "agent engine present or absent wrongly");
        if (setup == Setup.AGENT_MATCH) {
            run.require(run.value("admitted") == total, "the loopback rule did not admit every request");
        } else {
            run.require(run.value("admitted") == -1, "a loopback limiter admitted requests it should not see");
        }
        return run;
    }

    private void printRounds(PrintStream report, Map<Setup, List<ChildJvm.Run>> runs) {
        report.println("| round | JVM | p50, µs | p90, µs | p99, µs | p50 added in this round, µs |");
        report.println("|---:|---|---:|---:|---:|---:|");
        for (int round = 0; round < rounds; round++) {
            long base = runs.get(Setup.NO_AGENT).get(round).value("p50");
            for (Setup setup : SETUPS) {
                ChildJvm.Run run = runs.get(setup).get(round);
                report.println("| " + (round + 1) + " | " + setup.label + " | " + Stats.us(run.value("p50")) + " | "
                        + Stats.us(run.value("p90")) + " | " + Stats.us(run.value("p99")) + " | "
                        + (setup == Setup.NO_AGENT ? "" : Stats.signedUs(run.value("p50") - base)) + " |");
            }
        }
    }

    /** Per setup, the median over rounds of each percentile; the added figure is the difference of p50 medians. */
    private void printSummary(PrintStream report, Map<Setup, List<ChildJvm.Run>> runs) {
        report.println("| JVM (median of " + rounds + " rounds) | p50, µs | p90, µs | p99, µs | added at p50: "
                + "difference of medians, µs | p50 added per round, µs |");
        report.println("|---|---:|---:|---:|---:|---|");
        double base = ChildJvm.median(runs.get(Setup.NO_AGENT), "p50");
        for (Setup setup : SETUPS) {
            List<ChildJvm.Run> own = runs.get(setup);
            StringBuilder row = new StringBuilder("| " + setup.label + " | ");
            for (String p : PERCENTILES) {
                row.append(Stats.us(ChildJvm.median(own, p))).append(" | ");
            }
            if (setup == Setup.NO_AGENT) {
                row.append(" | |");
            } else {
                row.append("**").append(Stats.signedUs(ChildJvm.median(own, "p50") - base)).append("** | ");
                List<String> perRound = new ArrayList<>();
                for (int round = 0; round < rounds; round++) {
                    perRound.add(Stats.signedUs(own.get(round).value("p50")
                            - runs.get(Setup.NO_AGENT).get(round).value("p50")));
                }
                row.append(String.join(" ", perRound)).append(" |");
            }
            report.println(row);
        }
    }
}
