package io.zero429.limit;

/**
 * When the server will have counted a request of one limiter. The limiter plans departures, the server counts
 * arrivals: a request reaches the server no earlier than it left and no later than the moment its response began.
 * Between the two lie the client's own work (class loading on a cold JVM, a new connection's TCP and TLS handshakes,
 * Nagle, a GC pause) and the network. Where the exact moment matters the limits plan with the bound that is safe:
 * <ul>
 *   <li>a bucket counts a request that finds it full as arriving as late as {@link #lateness()} after it left (the
 *   longest departure-to-response time seen recently: it already holds the new connections and cold paths the
 *   client showed);</li>
 *   <li>a window counts every request until its own response says when it arrived at the latest
 *   ({@link LimitState#answered}), and until then as late as {@link #MAX_LATENESS_NANOS}, not as learned: one
 *   stalled longer than any answered so far (a GC pause, a request queued in its client) would let the next window
 *   leave early. A request that must wait on a unit not answered yet waits for that answer instead, which costs
 *   nothing while answers come within a window;</li>
 *   <li>a request that would have to wait is planned against that, and assumed to arrive the moment it leaves.</li>
 * </ul>
 * Before any response has come back the lateness is not known at all (a cold JVM's first requests are the latest
 * of its life): the opening requests leave as the limits allow, and a request that would have to wait beyond them is
 * held, without reserving anything, until every opening request is answered ({@link #holding}) or at most
 * {@link #HOLD_NANOS}; it is then planned on a schedule that counts each opening request as late as its response.
 * That costs at most one round trip, once per limiter, and only to requests that had to wait anyway.
 *
 * <p>The cold part is read and written inside the limiter's monitor; the learned lateness has its own monitor so
 * that responses do not contend with admissions.
 */
final class ArrivalModel {
    /** How long requests beyond the opening ones wait, at most, for the opening requests' responses. */
    static final long HOLD_NANOS = 1_000_000_000L;
    /**
     * The most lateness assumed for a request: the longest wait a cold start is given, and what a request counts as
     * before anything was learned. A response that takes longer (a slow API working on it) says nothing about when
     * its request arrived.
     */
    static final long MAX_LATENESS_NANOS = HOLD_NANOS;
    /** The lateness covers the responses of the current period and the one before it. */
    static final long PERIOD_NANOS = 30_000_000_000L;

    // ---- cold start: inside the limiter's monitor ----
    /** Set once the opening requests are answered (or the limiter took over a running schedule). */
    private volatile boolean settled;
    /** Requests that left before the model settled and are not answered yet. */
    private long awaited;
    /** Until when, at most, requests that would wait are held for the opening answers. */
    private long holdUntil = Long.MIN_VALUE;
    /** When each opening request was answered (or failed), with its cost: the latest each may have arrived. */
    private long[] openingAnswers = new long[16];
    private long[] openingCosts = new long[16];
    private int openingCount;
    /** More opening requests than {@link #MAX_OPENING} were answered: only the last answer is used. */
    private boolean openingOverflow;
    private static final int MAX_OPENING = 4096;

    // ---- learned: this object's own monitor ----
    private long periodStart = Long.MIN_VALUE;
    private long longestNow;
    private long longestBefore;
    /** Read inside the limiter's monitor without this one. */
    private volatile long lateness = MAX_LATENESS_NANOS;

    /** Whether the opening requests are all answered (a hold that ended for want of answers does not settle it). */
    boolean settled() {
        return settled;
    }

    /**
     * A successor taking over a running schedule (a reload): no cold start to wait for, and what the predecessor
     * learned goes on. A predecessor that never heard a response (a limiter used through its API, with no HTTP
     * answers to learn from) passes on no lateness: its requests are counted when they leave.
     */
    void settleAsSuccessorOf(ArrivalModel previous) {
        synchronized (previous) {
            synchronized (this) {
                periodStart = previous.periodStart;
                longestNow = previous.longestNow;
                longestBefore = previous.longestBefore;
                lateness = previous.periodStart == Long.MIN_VALUE ? 0 : previous.lateness;
            }
        }
        settled = true;
    }

    /** True while a request that would have to wait should wait for the opening answers first. Limiter's monitor. */
    boolean holding(long now) {
        return !settled && holdUntil != Long.MIN_VALUE && now < holdUntil;
    }

    /**
     * Whether a request leaving at {@code at} is one of the opening requests the cold start holds others for: not
     * settled, and no later than {@link #HOLD_NANOS} after the first of them. Later ones (the answers are slower than
     * the hold) count as late as the model assumes instead. Limiter's monitor.
     */
    boolean inOpening(long at) {
        return !settled && (holdUntil == Long.MIN_VALUE || at - holdUntil < 0);
    }

    /** A request left (was committed) at {@code departure}. Limiter's monitor. */
    void departed(long departure) {
        if (holdUntil == Long.MIN_VALUE) {
            holdUntil = Saturating.add(departure, HOLD_NANOS);
        }
        if (!settled) {
            awaited++;
        }
    }

    /** A committed request gave its slot back and will never be answered. Limiter's monitor. */
    void withdrawn() {
        if (!settled && awaited > 0) {
            awaited--;
        }
    }

    /**
     * A request of {@code cost} units is answered at {@code at} (or failed then: it is no longer on its way). Limiter's
     * monitor. Returns true when this settles the cold start: the caller then re-plans the opening requests with
     * {@link #openingBucketTat}.
     */
    boolean answeredCold(long at, long cost) {
        if (settled || awaited == 0) {
            return false; // settled, or an answer to a request the model was not told of (observe mode)
        }
        if (openingCount == openingAnswers.length && openingCount < MAX_OPENING) {
            openingAnswers = java.util.Arrays.copyOf(openingAnswers, openingCount * 2);
            openingCosts = java.util.Arrays.copyOf(openingCosts, openingCount * 2);
        }
        if (openingCount < openingAnswers.length) {
            openingAnswers[openingCount] = at;
            openingCosts[openingCount] = cost;
            openingCount++;
        } else {
            openingOverflow = true;
        }
        if (--awaited > 0) {
            return false;
        }
        settled = true;
        return true;
    }

    /**
     * Once settled: the latest the server's bucket TAT can be after the opening requests, each having arrived by its
     * answer, for an emission interval {@code interval}. Sorted by answer, the requests that arrived at or after the
     * k-th answer are at most those answered at or after it, so the TAT is at most the largest of (k-th answer + the
     * units answered at or after it × interval): tighter than counting every opening request at the last answer,
     * which is what it falls back to ({@code unitsSoFar} at {@code lastAnswer}) if there were too many to keep.
     */
    long openingBucketTat(long interval, long lastAnswer, long unitsSoFar) {
        if (openingOverflow || openingCount == 0) {
            return Saturating.add(lastAnswer, Saturating.multiply(unitsSoFar, interval));
        }
        long[][] answers = new long[openingCount][];
        for (int i = 0; i < openingCount; i++) {
            answers[i] = new long[] {openingAnswers[i], openingCosts[i]};
        }
        java.util.Arrays.sort(answers, (a, b) -> Long.compare(a[0], b[0]));
        long bound = Long.MIN_VALUE;
        long unitsFrom = 0;
        for (int k = openingCount - 1; k >= 0; k--) {
            unitsFrom = Saturating.add(unitsFrom, answers[k][1]);
            // Ties: every request answered at the same moment counts with the first of them.
            if (k == 0 || answers[k - 1][0] != answers[k][0]) {
                bound = Math.max(bound, Saturating.add(answers[k][0], Saturating.multiply(unitsFrom, interval)));
            }
        }
        return bound;
    }

    /**
     * How late after its departure a request leaving now may reach the server: the longest departure-to-response
     * time of the last one to two periods, at most {@link #MAX_LATENESS_NANOS}; that maximum until a response
     * taught better. A period with no response keeps what the one before taught: the next request after a pause is
     * the likeliest to need a new connection.
     */
    long lateness() {
        return lateness;
    }

    /** The response to a request that left at {@code departure} began at {@code answeredAt}. */
    synchronized void trip(long departure, long answeredAt) {
        long trip = answeredAt - departure;
        if (trip < 0) {
            return;
        }
        if (periodStart == Long.MIN_VALUE) {
            periodStart = answeredAt;
            longestNow = trip;
            longestBefore = 0;
        } else if (answeredAt - periodStart >= PERIOD_NANOS) {
            // A new period: the one before is the last one that had a response, however long ago.
            longestBefore = longestNow;
            longestNow = trip;
            periodStart = answeredAt;
        } else {
            longestNow = Math.max(longestNow, trip);
        }
        lateness = Math.min(MAX_LATENESS_NANOS, Math.max(longestNow, longestBefore));
    }
}
