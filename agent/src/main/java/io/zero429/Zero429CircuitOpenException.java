package io.zero429;

import io.zero429.limit.Durations;

/**
 * The limiter's circuit breaker is open: the server kept answering "too many" (or failing) and requests fail at once
 * until it has had time to recover. Nothing was sent and nothing was reserved.
 */
public final class Zero429CircuitOpenException extends Zero429Exception {
    private static final long serialVersionUID = 1L;

    private final String limiter;
    private final long remainingNanos;

    /**
     * @param remainingNanos how long the breaker stays open, or 0 when it is half-open (a trial request is in flight)
     */
    public Zero429CircuitOpenException(String limiter, String limits, long remainingNanos) {
        super("zero429: the circuit breaker of limiter '" + limiter + "' (" + limits + ") is open after repeated "
                + "limited or failed responses: "
                + (remainingNanos > 0 ? "requests fail at once for " + Durations.format(remainingNanos) + " more"
                        : "half-open, one trial request is in flight; the others fail until it succeeds")
                + "; the request was not sent");
        this.limiter = limiter;
        this.remainingNanos = remainingNanos;
    }

    public String limiter() {
        return limiter;
    }

    /** How long the breaker stays open (0: half-open, waiting for a trial request). */
    public long remainingNanos() {
        return remainingNanos;
    }
}
