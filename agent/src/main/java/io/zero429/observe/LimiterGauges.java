package io.zero429.observe;

/**
 * A limiter's state right now, as its shared (unpartitioned) limiter has it. Partitions (one limiter per key
 * value) have their own rate and pause, not shown one by one.
 */
public final class LimiterGauges {
    private final double rateRatio;
    private final long pausedNanos;
    private final String breakerState;
    private final long breakerOpenings;
    private final boolean onLocalShare;

    LimiterGauges(double rateRatio, long pausedNanos, String breakerState, long breakerOpenings) {
        this(rateRatio, pausedNanos, breakerState, breakerOpenings, false);
    }

    LimiterGauges(double rateRatio, long pausedNanos, String breakerState, long breakerOpenings, boolean onLocalShare) {
        this.rateRatio = rateRatio;
        this.pausedNanos = pausedNanos;
        this.breakerState = breakerState;
        this.breakerOpenings = breakerOpenings;
        this.onLocalShare = onLocalShare;
    }

    /** The limiter plans on its local share: its Redis store does not answer. */
    public boolean onLocalShare() {
        return onLocalShare;
    }

    /** The adjuster's ratio of the configured rate, 1.0 when the server never complained. */
    public double rateRatio() {
        return rateRatio;
    }

    /** How long the limiter stays paused from now (Retry-After, ban); 0 if it is not. */
    public long pausedNanos() {
        return pausedNanos;
    }

    /** The circuit breaker: {@code closed}, {@code open} or {@code half-open}. */
    public String breakerState() {
        return breakerState;
    }

    /** How many times the circuit breaker opened. */
    public long breakerOpenings() {
        return breakerOpenings;
    }
}
