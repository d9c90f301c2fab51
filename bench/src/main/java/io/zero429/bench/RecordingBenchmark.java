package io.zero429.bench;

import io.zero429.limit.LimiterPool;
import io.zero429.observe.Statistics;
import io.zero429.rules.Rule;
import io.zero429.rules.RulesConfig;
import io.zero429.rules.RulesParser;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the statistics add to one request: its admission (with its wait), its response status and its completion,
 * as the engine records them; and the clock read the blocking hook adds to measure the wait.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class RecordingBenchmark {
    private Statistics statistics;
    private Rule rule;

    @Setup
    public void setUp() throws Exception {
        RulesConfig config = RulesParser.parse("bench.properties",
                "limiter.a.limits = 10/s\nrule.a.match = api.example.com/**\nrule.a.limiter = a\n");
        statistics = new Statistics(config, new LimiterPool(config.limiters()));
        rule = config.rules().get(0);
    }

    /** A request that did not wait, answered 200. */
    @Benchmark
    public void recordOneRequest() {
        statistics.admitted(rule, 0);
        statistics.response(rule, 200);
        statistics.completed(rule);
    }

    /** A request that waited 30 ms (no JFR recording running), answered 200. */
    @Benchmark
    public void recordOneDelayedRequest() {
        statistics.admitted(rule, 30_000_000L);
        statistics.response(rule, 200);
        statistics.completed(rule);
    }

    /** The clock read {@code Hooks.admit} adds to know the wait. */
    @Benchmark
    public long clockRead() {
        return System.nanoTime();
    }
}
