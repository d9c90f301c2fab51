package io.zero429.bench.soak;

import io.zero429.bench.Machine;
import io.zero429.bench.overhead.Stats;
import java.io.PrintStream;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/**
 * What the soak prints (Markdown, ready for bench/RESULTS.md) and its verdict.
 *
 * <p>The heap verdict compares the heap after GC in the last minute with that in the second minute (medians of the
 * collections in each): the first minute is warm-up (classes, JIT, connection pools, the agent's limiters filling),
 * printed but not judged. Without {@code --full-gc} these are the bot's own young collections: their figure also
 * holds old-generation garbage not collected yet, so it is an upper bound of the live set. Flat means no leak;
 * growth means a leak or garbage awaiting a mixed collection, which {@code --full-gc} tells apart. The bound is
 * {@value #HEAP_GROWTH_BOUND_KB} KB: ten times the minute-to-minute noise of a steady heap (about 0.5 MB: buffers
 * of the requests in flight at each collection), and far below what a per-request leak would add over a soak (the
 * report says how many bytes per request would have crossed it).
 */
final class SoakReport {
    static final long HEAP_GROWTH_BOUND_KB = 5 * 1024;
    private static final double MINUTE = 60;

    private final SoakRun run;
    private final String loadBefore;
    private final String startedAt = ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    private List<String> botCommand = List.of();
    private List<JvmSample> samples = List.of();
    private GcLog gcLog;
    private List<GroupFigures> groups = List.of();
    private String botOutput = "";
    private String loadAfter = "";

    SoakReport(SoakRun run, String loadBefore) {
        this.run = run;
        this.loadBefore = loadBefore;
    }

    void botCommand(List<String> command) {
        this.botCommand = command;
    }

    void finish(List<JvmSample> samples, GcLog gcLog, List<GroupFigures> groups, String botOutput, String loadAfter) {
        if (samples.size() < 2) {
            throw new IllegalStateException("only " + samples.size() + " heap samples: run longer");
        }
        this.samples = samples;
        this.gcLog = gcLog;
        this.groups = groups;
        this.botOutput = botOutput;
        this.loadAfter = loadAfter;
    }

    long refused() {
        return groups.stream().mapToLong(GroupFigures::refused).sum();
    }

    long requests() {
        return groups.stream().mapToLong(GroupFigures::requests).sum();
    }

    /** The heap points judged: the forced full GCs with {@code --full-gc}, else every collection. */
    private List<GcLog.HeapPoint> judged() {
        return gcLog.heap.stream().filter(p -> p.full() || !run.fullGc).collect(Collectors.toList());
    }

    /** The collections the verdict starts from: the second minute, or the first when the run is under 3 minutes. */
    private List<GcLog.HeapPoint> baseline() {
        return lastSeconds() < 3 * MINUTE ? heapWithin(0, MINUTE) : heapWithin(MINUTE, 2 * MINUTE);
    }

    private List<GcLog.HeapPoint> lastMinute() {
        return heapWithin(lastSeconds() - MINUTE, lastSeconds() + 1);
    }

    private double lastSeconds() {
        return samples.get(samples.size() - 1).seconds();
    }

    private List<JvmSample> within(double from, double to) {
        return samples.stream().filter(s -> s.seconds() >= from && s.seconds() < to).collect(Collectors.toList());
    }

    private List<GcLog.HeapPoint> heapWithin(double from, double to) {
        return judged().stream().filter(p -> p.seconds() >= from && p.seconds() < to).collect(Collectors.toList());
    }

    private static <T> double median(List<T> values, ToLongFunction<T> value) {
        return values.isEmpty() ? Double.NaN
                : Stats.median(values.stream().map(v -> value.applyAsLong(v)).collect(Collectors.toList()));
    }

    /** NaN (a failed verdict) when a minute judged had no collection. */
    double heapGrowthKb() {
        return median(lastMinute(), GcLog.HeapPoint::heapKb) - median(baseline(), GcLog.HeapPoint::heapKb);
    }

    boolean passed() {
        return refused() == 0 && heapGrowthKb() <= HEAP_GROWTH_BOUND_KB; // false for NaN
    }

    void print(PrintStream out) {
        out.println("### Soak, " + startedAt);
        out.println();
        out.println("- machine: " + Runtime.getRuntime().availableProcessors() + " CPUs (" + Machine.cpuModel() + ")");
        out.println("- JDK: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        out.printf(Locale.ROOT, "- run: %.1f minutes, time scale %d, a sample every %d s%s%n", run.minutes,
                run.timeScale, run.sampleSeconds, run.fullGc ? ", each after a forced full GC (--full-gc)" : "");
        out.println("- bot: `" + String.join(" ", botCommand) + "`");
        out.println("- load average (1, 5, 15 min) before: " + loadBefore + "; after: " + loadAfter);
        out.println();
        printGroups(out);
        printRefusals(out);
        printHeap(out);
        printBotCounts(out);
        printVerdict(out);
    }

    private void printGroups(PrintStream out) {
        out.println("| group | limit | requests | accepted | limited | banned | sustained / allowed per s |");
        out.println("|---|---|---:|---:|---:|---:|---|");
        for (GroupFigures g : groups) {
            double share = g.shareOfAllowed();
            out.printf(Locale.ROOT, "| %s | %s | %d | %d | %d | %d | %s |%n", g.name(), g.limit(), g.requests(),
                    g.ok(), g.limited(), g.banned(), Double.isNaN(share) ? "too few to tell"
                            : String.format(Locale.ROOT, "%.2f / %.2f = %.1f%%", g.sustainedRate(),
                                    g.allowedPerSecond(), 100 * share));
        }
        out.printf(Locale.ROOT, "%nTotal: %d requests, %d limited or banned.%n%n", requests(), refused());
    }

    /** When refusals happened: per group, per minute of the run (from the exchange's counts at each sample). */
    private void printRefusals(PrintStream out) {
        if (refused() == 0) {
            return;
        }
        out.println("Limited (banned) responses per minute of the run, by group:");
        out.println();
        List<List<GroupFigures>> points = new ArrayList<>();
        List<Double> times = new ArrayList<>();
        for (JvmSample sample : samples) {
            points.add(sample.groups());
            times.add(sample.seconds());
        }
        points.add(groups);
        times.add(lastSeconds() + 1);
        int minutes = (int) (lastSeconds() / MINUTE) + 1;
        for (int g = 0; g < groups.size(); g++) {
            long[] limited = new long[minutes];
            long[] banned = new long[minutes];
            for (int i = 0; i < points.size(); i++) {
                GroupFigures now = points.get(i).get(g);
                GroupFigures before = i == 0 ? null : points.get(i - 1).get(g);
                int minute = Math.min(minutes - 1, (int) Math.ceil(times.get(i) / MINUTE) - 1);
                limited[minute] += now.limited() - (before == null ? 0 : before.limited());
                banned[minute] += now.banned() - (before == null ? 0 : before.banned());
            }
            if (groups.get(g).refused() > 0) {
                StringBuilder line = new StringBuilder("- " + groups.get(g).name() + ":");
                for (int m = 0; m < minutes; m++) {
                    line.append(' ').append(limited[m]).append(banned[m] > 0 ? " (" + banned[m] + ")" : "");
                }
                out.println(line);
            }
        }
        out.println();
    }

    private void printHeap(PrintStream out) {
        out.println("Bot JVM, per minute: heap after GC (" + (run.fullGc ? "the forced full GCs" : "its own "
                + "collections") + ", from its GC log), threads and classes (perf data, medians of the samples):");
        out.println();
        out.println("| minute | GCs | heap after GC, median MB | min MB | metaspace MB | threads | classes "
                + "| GC pauses > 20 ms |");
        out.println("|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (int minute = 0; minute * MINUTE <= lastSeconds(); minute++) {
            List<GcLog.HeapPoint> heap = heapWithin(minute * MINUTE, (minute + 1) * MINUTE);
            List<JvmSample> in = within(minute * MINUTE, (minute + 1) * MINUTE);
            double from = minute * MINUTE;
            long longPauses = gcLog.pauses.stream()
                    .filter(p -> p.millis() > 20 && p.seconds() >= from && p.seconds() < from + MINUTE).count();
            out.printf(Locale.ROOT, "| %d | %d | %s | %s | %s | %.0f | %.0f | %d |%n", minute + 1, heap.size(),
                    mb(median(heap, GcLog.HeapPoint::heapKb)),
                    mb(heap.stream().mapToLong(GcLog.HeapPoint::heapKb).min().orElse(-1)),
                    mb(median(heap, GcLog.HeapPoint::metaspaceKb)), median(in, JvmSample::threads),
                    median(in, JvmSample::loadedClasses), longPauses);
        }
        JvmSample first = samples.get(0);
        JvmSample last = samples.get(samples.size() - 1);
        long maxHeap = judged().stream().mapToLong(GcLog.HeapPoint::heapKb).max().orElse(-1);
        out.println();
        out.printf(Locale.ROOT, "Heap after GC: first minute %.1f MB, baseline (%s minute) %.1f MB, last minute "
                + "%.1f MB, max %.1f MB; growth %+.2f MB (bound +%.0f MB: a leak of %.0f bytes per request would "
                + "have crossed it over these %d requests).%n",
                median(heapWithin(0, MINUTE), GcLog.HeapPoint::heapKb) / 1024,
                lastSeconds() < 3 * MINUTE ? "first" : "second", median(baseline(), GcLog.HeapPoint::heapKb) / 1024,
                median(lastMinute(), GcLog.HeapPoint::heapKb) / 1024, maxHeap / 1024.0, heapGrowthKb() / 1024,
                HEAP_GROWTH_BOUND_KB / 1024.0, HEAP_GROWTH_BOUND_KB * 1024.0 / Math.max(1, requests()), requests());
        out.printf(Locale.ROOT, "Threads: %d at %.0f s, %d at %.0f s, max %d. Classes: %d, then %d.%n",
                first.threads(), first.seconds(), last.threads(), last.seconds(),
                samples.stream().mapToLong(JvmSample::threads).max().orElseThrow(), first.loadedClasses(),
                last.loadedClasses());
        printPauses(out);
    }

    /** Kilobytes as megabytes, or a dash for a minute without collections. */
    private static String mb(double kb) {
        return Double.isNaN(kb) || kb < 0 ? "-" : String.format(Locale.ROOT, "%.1f", kb / 1024);
    }

    /** GC pauses: a pause longer than a limiter's slack delays requests already let go (see the reading). */
    private void printPauses(PrintStream out) {
        List<GcLog.Pause> pauses = gcLog.pauses;
        GcLog.Pause longest = pauses.stream().max(java.util.Comparator.comparingDouble(GcLog.Pause::millis))
                .orElse(null);
        out.printf(Locale.ROOT, "GC pauses: %d, %d over 10 ms, %d over 20 ms%s.%n%n", pauses.size(),
                pauses.stream().filter(p -> p.millis() > 10).count(),
                pauses.stream().filter(p -> p.millis() > 20).count(), longest == null ? ""
                        : String.format(Locale.ROOT, "; longest %.1f ms at %.0f s (%s)", longest.millis(),
                                longest.seconds(), longest.what()));
    }

    /** The bot's own tally per loop (statuses and exceptions it saw), from its last lines. */
    private void printBotCounts(PrintStream out) {
        out.println("The bot's own counts per loop:");
        out.println();
        out.println("```");
        botOutput.lines().filter(line -> line.matches("[\\w-]+ \\{.*\\}")).forEach(out::println);
        out.println("```");
        out.println();
    }

    private void printVerdict(PrintStream out) {
        out.println("Verdict: " + (passed() ? "PASSED" : "FAILED") + " (limited or banned: " + refused()
                + ", must be 0; heap growth " + String.format(Locale.ROOT, "%+.2f", heapGrowthKb() / 1024)
                + " MB, bound +" + HEAP_GROWTH_BOUND_KB / 1024 + " MB).");
    }
}
