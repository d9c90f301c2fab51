package io.zero429.observe;

/**
 * A limiter's state right now, as its shared (unpartitioned) limiter has it. Partitions (one limiter per key
 * value) have their own rate and pause, not shown one by one.
 */
public final class LimiterGauges {
    private final double rateRatio;
    private final long pausedNanos;

    LimiterGauges(double rateRatio, long pausedNanos) {
        this.rateRatio = rateRatio;
        this.pausedNanos = pausedNanos;
    }

    /** The adjuster's ratio of the configured rate, 1.0 when the server never complained. */
    public double rateRatio() {
        return rateRatio;
    }

    /** How long the limiter stays paused from now (Retry-After, ban); 0 if it is not. */
    public long pausedNanos() {
        return pausedNanos;
    }

    /** There is no circuit breaker yet: nothing but the limits and pauses ever holds a request back. */
    public String breakerState() {
        return "closed";
    }
}
