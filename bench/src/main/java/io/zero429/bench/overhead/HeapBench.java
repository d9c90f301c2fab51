package io.zero429.bench.overhead;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Heap (and, for information, metaspace and loaded classes) left after one request and full GCs, with and without
 * the agent ({@link HeapProbe}); then what the agent's own classes hold, from the class histogram of the last run
 * with the agent.
 */
final class HeapBench {
    static final List<Setup> SETUPS = List.of(Setup.NO_AGENT, Setup.AGENT_MATCH, Setup.AGENT_DISABLED);
    private static final String SHADED = "io.zero429.shaded.";
    private static final int TOP_CLASSES = 12;

    private final ChildJvm jvm;
    private final int runs;

    HeapBench(ChildJvm jvm, int runs) {
        this.jvm = jvm;
        this.runs = runs;
    }

    void run(PrintStream report) throws IOException, InterruptedException {
        Map<Setup, List<ChildJvm.Run>> results = new EnumMap<>(Setup.class);
        try (LoopbackServer server = LoopbackServer.start()) {
            String url = server.uri("/v1/ping").toString();
            for (int round = 0; round < runs; round++) {
                for (int k = 0; k < SETUPS.size(); k++) {
                    Setup setup = SETUPS.get((round + k) % SETUPS.size());
                    ChildJvm.Run run = jvm.run(setup, HeapProbe.class, url);
                    run.require(run.value("engine") == (setup.agentActive() ? 1 : 0), "agent engine wrongly present");
                    run.require(setup != Setup.AGENT_MATCH || run.value("admitted") == 1, "the request was not admitted");
                    results.computeIfAbsent(setup, s -> new ArrayList<>()).add(run);
                }
                Progress.say("heap round " + (round + 1) + "/" + runs);
            }
        }
        printFootprint(report, results);
        report.println();
        List<ChildJvm.Run> withAgent = results.get(Setup.AGENT_MATCH);
        printHistogram(report, withAgent.get(withAgent.size() - 1).histogram);
    }

    private void printFootprint(PrintStream report, Map<Setup, List<ChildJvm.Run>> results) {
        report.println("| JVM (median of " + runs + " runs) | heap used after full GC, MB | added, MB | every run, MB "
                + "| metaspace + class space, MB | added, MB | loaded classes | added |");
        report.println("|---|---:|---:|---|---:|---:|---:|---:|");
        List<ChildJvm.Run> base = results.get(Setup.NO_AGENT);
        for (Setup setup : SETUPS) {
            List<ChildJvm.Run> own = results.get(setup);
            boolean isBase = setup == Setup.NO_AGENT;
            double heap = ChildJvm.median(own, "heapUsed");
            double meta = ChildJvm.median(own, "metaspaceUsed");
            long classes = Math.round(ChildJvm.median(own, "classes"));
            StringBuilder everyRun = new StringBuilder();
            for (ChildJvm.Run run : own) {
                everyRun.append(everyRun.length() == 0 ? "" : " ").append(Stats.mb(run.value("heapUsed")));
            }
            report.println("| " + setup.label + " | " + Stats.mb(heap) + " | "
                    + (isBase ? "" : "**" + Stats.signedMb(heap - ChildJvm.median(base, "heapUsed")) + "**")
                    + " | " + everyRun + " | " + Stats.mb(meta) + " | "
                    + (isBase ? "" : Stats.signedMb(meta - ChildJvm.median(base, "metaspaceUsed"))) + " | " + classes
                    + " | " + (isBase ? "" : "+" + (classes - Math.round(ChildJvm.median(base, "classes")))) + " |");
        }
    }

    /** Histogram lines look like {@code 12: 345 6789 io.zero429.limit.Limiter}: rank, instances, bytes, class. */
    private void printHistogram(PrintStream report, List<String> lines) {
        List<String[]> rows = new ArrayList<>();
        for (String line : lines) {
            String[] fields = line.trim().split("\\s+");
            rows.add(new String[] {fields[1], fields[2], fields[3]});
        }
        ToLongFunction<String[]> bytes = row -> Long.parseLong(row[1]);
        long ownBytes = rows.stream().filter(r -> !r[2].startsWith(SHADED)).mapToLong(bytes).sum();
        long ownCount = rows.stream().filter(r -> !r[2].startsWith(SHADED)).mapToLong(r -> Long.parseLong(r[0])).sum();
        long shadedBytes = rows.stream().filter(r -> r[2].startsWith(SHADED)).mapToLong(bytes).sum();
        long shadedCount = rows.stream().filter(r -> r[2].startsWith(SHADED)).mapToLong(r -> Long.parseLong(r[0])).sum();
        report.println("Live instances of the agent's classes (class histogram, shallow sizes: the strings and arrays "
                + "they point to count in the heap difference above, not here):");
        report.println();
        report.println("| classes | instances | bytes |");
        report.println("|---|---:|---:|");
        report.println("| `io.zero429.*` (the agent's own) | " + ownCount + " | " + ownBytes + " |");
        report.println("| `io.zero429.shaded.*` (Byte Buddy, SLF4J) | " + shadedCount + " | " + shadedBytes + " |");
        report.println();
        report.println("| largest " + TOP_CLASSES + " | instances | bytes |");
        report.println("|---|---:|---:|");
        rows.stream().sorted(Comparator.comparingLong(bytes).reversed()).limit(TOP_CLASSES)
                .forEach(r -> report.println("| `" + r[2] + "` | " + r[0] + " | " + r[1] + " |"));
    }
}
