package io.zero429.limit;

/**
 * A limiter's circuit breaker: closed, it counts consecutive failures (limited responses; 5xx and connection
 * failures if asked); at {@link BreakerSpec#failures()} it opens for {@link BreakerSpec#openNanos()}, and requests
 * fail at once; then, half-open, it lets one trial request through at a time, and {@link BreakerSpec#successes()}
 * consecutive successes close it (a failed trial opens it again). Everything is computed from the clock when asked:
 * no timer. Not thread-safe: its limiter calls it under its own lock.
 *
 * <p>One overload is one failure: an outcome counts only for a request that asked for its slot after the last
 * counted failure was heard. Eight requests in flight (or already planned) that come back 429 together are one event
 * the limiter reacted to after the first (a pause, a cut); counting them as eight would open the breaker on a single
 * burst, and a success among them, planned before that reaction, says nothing about whether it worked. So the
 * breaker opens only when requests planned after the limiter's reactions failed {@code failures} times in a row, as
 * the rate adjuster cuts once per overload.
 */
final class CircuitBreaker {
    enum State { CLOSED, OPEN, HALF_OPEN }

    /** What {@link #pass} decided. */
    static final long PASS = -1;
    static final long PASS_AS_TRIAL = -2;

    private final BreakerSpec spec;
    private State state = State.CLOSED;
    private int consecutiveFailures;
    private int trialSuccesses;
    private long openUntil;
    private boolean trialInFlight;
    private long opened;
    /** When the last counted failure was heard; failures of requests that left before it do not count. */
    private long lastCountedFailure = Long.MIN_VALUE;

    CircuitBreaker(BreakerSpec spec) {
        this.spec = spec;
    }

    /**
     * Whether a request may go at {@code now}: {@link #PASS}, {@link #PASS_AS_TRIAL} (it is the half-open breaker's
     * trial: report its outcome), or the nanoseconds the breaker stays open (0 when half-open with a trial in
     * flight): the request must fail.
     */
    long pass(long now) {
        if (!spec.enabled() || state == State.CLOSED) {
            return PASS;
        }
        if (state == State.OPEN) {
            if (now < openUntil) {
                return openUntil - now;
            }
            state = State.HALF_OPEN;
            trialSuccesses = 0;
        }
        if (trialInFlight) {
            return 0;
        }
        trialInFlight = true;
        return PASS_AS_TRIAL;
    }

    /**
     * A request of this limiter that asked for its slot at {@code asked} succeeded (any response that is not a
     * failure).
     */
    void onSuccess(boolean trial, long asked) {
        if (state == State.HALF_OPEN) {
            if (trial) {
                trialInFlight = false;
                if (++trialSuccesses >= spec.successes()) {
                    state = State.CLOSED;
                    consecutiveFailures = 0;
                }
            }
            return;
        }
        if (asked >= lastCountedFailure) {
            consecutiveFailures = 0; // planned after the last counted failure: the limiter's reaction worked
        }
    }

    /**
     * A request of this limiter that asked for its slot at {@code asked} failed (a limited response; a 5xx or a
     * connection failure if configured), heard at {@code now}.
     */
    void onFailure(long now, long asked, boolean trial) {
        if (!spec.enabled()) {
            return;
        }
        if (state == State.HALF_OPEN) {
            if (trial) {
                open(now);
            }
            return;
        }
        if (state != State.CLOSED || asked < lastCountedFailure) {
            return; // planned before the last counted failure came back: the same overload
        }
        lastCountedFailure = now;
        if (++consecutiveFailures >= spec.failures()) {
            open(now);
        }
    }

    /** A trial request ended without telling success from failure (cancelled): another may try. */
    void onTrialAbandoned(boolean trial) {
        if (trial && state == State.HALF_OPEN) {
            trialInFlight = false;
        }
    }

    private void open(long now) {
        state = State.OPEN;
        openUntil = Saturating.add(now, spec.openNanos());
        trialInFlight = false;
        consecutiveFailures = 0;
        opened++;
    }

    State state(long now) {
        return state == State.OPEN && now >= openUntil ? State.HALF_OPEN : state;
    }

    /** How many times it opened. */
    long opened() {
        return opened;
    }

    boolean isIdle() {
        return state == State.CLOSED && consecutiveFailures == 0;
    }
}
