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
        this("zero429: limiter '" + limiter + "' (" + limits + ") would need a wait of "
                + io.zero429.limit.Durations.format(waitNanos) + ", more than its max-wait of "
                + io.zero429.limit.Durations.format(maxWaitNanos) + "; the request was not sent",
                limiter, waitNanos, maxWaitNanos, true);
    }

    /**
     * No permit of the limiter's concurrency cap came free within its max-wait: the wait the request would have
     * needed is unknown (it depends on when the requests in flight end), so {@link #waitNanos} is how long it waited.
     */
    public static Zero429WaitTimeoutException concurrency(String limiter, int concurrency, long waitedNanos,
            long maxWaitNanos) {
        return new Zero429WaitTimeoutException("zero429: limiter '" + limiter + "' (concurrency " + concurrency
                + ") had no permit free and none came back within its max-wait of "
                + io.zero429.limit.Durations.format(maxWaitNanos) + " (waited "
                + io.zero429.limit.Durations.format(waitedNanos) + "); the request was not sent",
                limiter, waitedNanos, maxWaitNanos, true);
    }

    /** {@code composed}: only tells this constructor from the public one. */
    private Zero429WaitTimeoutException(String message, String limiter, long waitNanos, long maxWaitNanos,
            boolean composed) {
        super(message);
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
