package io.zero429.limit;

import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * How a limiter's circuit breaker behaves ({@code limiter.X.breaker...}). Immutable. On by default: a run of
 * limited responses is the road to a ban. What counts as a failure by default is only what the server says about
 * the limit (a 429, a ban status, a body code the limiter listens to): a connection failure or a timeout is the
 * application's business and its client's retry logic's (a stale pooled connection that the client retries by itself
 * fails one wire attempt, not the request), so it counts only with {@link #connectionFailuresFail()}.
 */
public final class BreakerSpec {
    public static final BreakerSpec DEFAULT = new BreakerSpec(true, 5, TimeUnit.SECONDS.toNanos(60), 3, false, false);
    public static final BreakerSpec OFF = DEFAULT.withEnabled(false);

    private final boolean enabled;
    private final int failures;
    private final long openNanos;
    private final int successes;
    private final boolean serverErrorsFail;
    private final boolean connectionFailuresFail;

    public BreakerSpec(boolean enabled, int failures, long openNanos, int successes, boolean serverErrorsFail,
            boolean connectionFailuresFail) {
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
        this.connectionFailuresFail = connectionFailuresFail;
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

    /**
     * Whether a wire attempt that ended without a response (connection refused or reset, timeout) counts as a failure.
     * Off by default: the agent sees each attempt, and clients retry failed attempts by themselves (OkHttp, Apache,
     * HttpURLConnection on a stale pooled connection), so the failure may be one the application never sees.
     */
    public boolean connectionFailuresFail() {
        return connectionFailuresFail;
    }

    public BreakerSpec withEnabled(boolean value) {
        return new BreakerSpec(value, failures, openNanos, successes, serverErrorsFail, connectionFailuresFail);
    }

    public BreakerSpec withFailures(int value) {
        return new BreakerSpec(enabled, value, openNanos, successes, serverErrorsFail, connectionFailuresFail);
    }

    public BreakerSpec withOpenNanos(long value) {
        return new BreakerSpec(enabled, failures, value, successes, serverErrorsFail, connectionFailuresFail);
    }

    public BreakerSpec withSuccesses(int value) {
        return new BreakerSpec(enabled, failures, openNanos, value, serverErrorsFail, connectionFailuresFail);
    }

    public BreakerSpec withServerErrorsFail(boolean value) {
        return new BreakerSpec(enabled, failures, openNanos, successes, value, connectionFailuresFail);
    }

    public BreakerSpec withConnectionFailuresFail(boolean value) {
        return new BreakerSpec(enabled, failures, openNanos, successes, serverErrorsFail, value);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof BreakerSpec)) {
            return false;
        }
        BreakerSpec other = (BreakerSpec) o;
        return enabled == other.enabled && failures == other.failures && openNanos == other.openNanos
                && successes == other.successes && serverErrorsFail == other.serverErrorsFail
                && connectionFailuresFail == other.connectionFailuresFail;
    }

    @Override
    public int hashCode() {
        return Objects.hash(enabled, failures, openNanos, successes, serverErrorsFail, connectionFailuresFail);
    }

    @Override
    public String toString() {
        return enabled ? "breaker " + failures + " failures, open " + Durations.format(openNanos) + ", close after "
                + successes + (serverErrorsFail ? ", 5xx fail" : "")
                + (connectionFailuresFail ? ", connection failures fail" : "") : "breaker off";
    }
}
