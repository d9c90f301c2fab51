package io.zero429.limit;

import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * How a limiter's circuit breaker behaves ({@code limiter.X.breaker...}). Immutable. On by default: a run of
 * limited responses is the road to a ban.
 */
public final class BreakerSpec {
    public static final BreakerSpec DEFAULT = new BreakerSpec(true, 5, TimeUnit.SECONDS.toNanos(60), 3, false);
    public static final BreakerSpec OFF = DEFAULT.withEnabled(false);

    private final boolean enabled;
    private final int failures;
    private final long openNanos;
    private final int successes;
    private final boolean serverErrorsFail;

    public BreakerSpec(boolean enabled, int failures, long openNanos, int successes, boolean serverErrorsFail) {
        if (failures < 1 || successes < 1) {
            throw new IllegalArgumentException("breaker failures and successes must be at least 1");
        }
        if (openNanos < 0 || openNanos > TimeUnit.DAYS.toNanos(1)) {
            throw new IllegalArgumentException("breaker.open must be 0..1d");
        }
        this.enabled = enabled;
        this.failures = failures;
        this.openNanos = openNanos;
        this.successes = successes;
        this.serverErrorsFail = serverErrorsFail;
    }

    public boolean enabled() {
        return enabled;
    }

    /** Consecutive failures that open the breaker. */
    public int failures() {
        return failures;
    }

    /** How long it stays open before a trial request. */
    public long openNanos() {
        return openNanos;
    }

    /** Consecutive successful trial requests that close it again. */
    public int successes() {
        return successes;
    }

    /** Whether a 5xx response counts as a failure (off by default: a 5xx is not the client's fault). */
    public boolean serverErrorsFail() {
        return serverErrorsFail;
    }

    public BreakerSpec withEnabled(boolean value) {
        return new BreakerSpec(value, failures, openNanos, successes, serverErrorsFail);
    }

    public BreakerSpec withFailures(int value) {
        return new BreakerSpec(enabled, value, openNanos, successes, serverErrorsFail);
    }

    public BreakerSpec withOpenNanos(long value) {
        return new BreakerSpec(enabled, failures, value, successes, serverErrorsFail);
    }

    public BreakerSpec withSuccesses(int value) {
        return new BreakerSpec(enabled, failures, openNanos, value, serverErrorsFail);
    }

    public BreakerSpec withServerErrorsFail(boolean value) {
        return new BreakerSpec(enabled, failures, openNanos, successes, value);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof BreakerSpec)) {
            return false;
        }
        BreakerSpec other = (BreakerSpec) o;
        return enabled == other.enabled && failures == other.failures && openNanos == other.openNanos
                && successes == other.successes && serverErrorsFail == other.serverErrorsFail;
    }

    @Override
    public int hashCode() {
        return Objects.hash(enabled, failures, openNanos, successes, serverErrorsFail);
    }

    @Override
    public String toString() {
        return enabled ? "breaker " + failures + " failures, open " + Durations.format(openNanos) + ", close after "
                + successes + (serverErrorsFail ? ", 5xx fail" : "") : "breaker off";
    }
}
