package io.zero429;

/**
 * The request would have to wait longer than its limiter's max-wait. Nothing was reserved for it, so failing it
 * costs the other callers nothing.
 */
public final class Zero429WaitTimeoutException extends Zero429Exception {
    private static final long serialVersionUID = 1L;

    private final String limiter;
    private final long waitNanos;
    private final long maxWaitNanos;

    public Zero429WaitTimeoutException(String limiter, String limits, long waitNanos, long maxWaitNanos) {
        super("zero429: limiter '" + limiter + "' (" + limits + ") would need a wait of "
                + io.zero429.limit.Durations.format(waitNanos) + ", more than its max-wait of "
                + io.zero429.limit.Durations.format(maxWaitNanos) + "; the request was not sent");
        this.limiter = limiter;
        this.waitNanos = waitNanos;
        this.maxWaitNanos = maxWaitNanos;
    }

    public String limiter() {
        return limiter;
    }

    public long waitNanos() {
        return waitNanos;
    }

    public long maxWaitNanos() {
        return maxWaitNanos;
    }
}
