package io.zero429.bench.overhead;

import java.io.PrintStream;
import java.util.Collection;
import java.util.Locale;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/** Runs {@link HookPathBenchmark} (JMH, its own forked JVM) on the rules file with the loopback rule. */
final class HookBench {
    private final Workspace workspace;

    HookBench(Workspace workspace) {
        this.workspace = workspace;
    }

    void run(PrintStream report) throws RunnerException {
        Options options = new OptionsBuilder()
                .include(HookPathBenchmark.class.getName() + "\\.")
                .param("rules", workspace.rulesWithMatch().toString())
                .addProfiler(GCProfiler.class)
                .shouldFailOnError(true)
                .output(workspace.logFile("jmh.log").toString())
                .build();
        Collection<RunResult> results = new Runner(options).run();
        report.println("| advice path (enter + exit) | ns/op | ± (99.9%) | B/op |");
        report.println("|---|---:|---:|---:|");
        for (RunResult run : results) {
            Result<?> time = run.getPrimaryResult();
            Result<?> allocation = run.getSecondaryResults().get("gc.alloc.rate.norm");
            report.println("| `" + run.getParams().getBenchmark().replaceFirst(".*\\.", "") + "` | "
                    + String.format(Locale.ROOT, "%.1f | %.1f | %s", time.getScore(), time.getScoreError(),
                            allocation == null ? "n/a" : String.format(Locale.ROOT, "%.0f", allocation.getScore()))
                    + " |");
        }
    }
}
