package io.zero429.bench;

import com.google.common.util.concurrent.RateLimiter;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import io.zero429.limit.LimitSpec;
import io.zero429.limit.Limiter;
import io.zero429.limit.LimiterSpec;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of asking a limiter for one permit when none has to wait: the path every request of an agent takes
 * while under its limits. Each limiter is shared by all benchmark threads (run with {@code -t 1} and
 * {@code -t 2}), as in an application. The rates are so high that nothing is ever refused; a refusal would
 * measure a different path, so any refusal fails the run.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class UncontendedAcquireBenchmark {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    /** Far more permits than a run can take (about 10^8 operations per trial). */
    private static final long HUGE = 1_000_000_000L;

    private Limiter zero429;
    private Limiter zero429ThreeLimits;
    private Bucket bucket4j;
    private AtomicRateLimiter resilience4j;
    private RateLimiter guava;
    private final AtomicLong refusals = new AtomicLong();

    @Setup(Level.Trial)
    public void setUp() {
        zero429 = new Limiter(LimiterSpec.builder("bench").limit(new LimitSpec(HUGE, SECOND, (int) HUGE)).build());
        zero429ThreeLimits = new Limiter(LimiterSpec.builder("bench-3").limit(new LimitSpec(HUGE, SECOND, (int) HUGE))
                .limit(new LimitSpec(HUGE, TimeUnit.MINUTES.toNanos(1), (int) HUGE))
                .limit(new LimitSpec(HUGE, TimeUnit.DAYS.toNanos(1), (int) HUGE)).build());
        bucket4j = Bucket.builder().addLimit(Bandwidth.builder().capacity(HUGE).refillGreedy(HUGE, Duration.ofSeconds(1))
                .build()).build();
        resilience4j = new AtomicRateLimiter("bench", RateLimiterConfig.custom().limitForPeriod(Integer.MAX_VALUE)
                .limitRefreshPeriod(Duration.ofSeconds(1)).timeoutDuration(Duration.ZERO).build());
        guava = RateLimiter.create(HUGE);
    }

    @TearDown(Level.Trial)
    public void noRefusals() {
        if (refusals.get() > 0) {
            throw new IllegalStateException(refusals.get() + " refusals: the benchmark measured the wrong path");
        }
    }

    private boolean count(boolean granted) {
        if (!granted) {
            refusals.incrementAndGet();
        }
        return granted;
    }

    @Benchmark
    public boolean zero429TryAcquire() {
        return count(zero429.tryAcquire(1));
    }

    /** What the agent calls: reserve, then (here never needed) wait. */
    @Benchmark
    public void zero429Acquire() throws Exception {
        zero429.acquire();
    }

    @Benchmark
    public boolean zero429ThreeLimitsTryAcquire() {
        return count(zero429ThreeLimits.tryAcquire(1));
    }

    @Benchmark
    public boolean bucket4jTryConsume() {
        return count(bucket4j.tryConsume(1));
    }

    @Benchmark
    public boolean resilience4jAcquirePermission() {
        return count(resilience4j.acquirePermission());
    }

    @Benchmark
    public boolean guavaTryAcquire() {
        return count(guava.tryAcquire());
    }
}
