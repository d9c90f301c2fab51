package io.zero429.limit;

/**
 * When the server will have counted a request of one limiter. The limiter plans departures, the server counts
 * arrivals: a request reaches the server no earlier than it left and no later than the moment its response began.
 * Between the two lie the client's own work (class loading on a cold JVM, a new connection's TCP and TLS handshakes,
 * Nagle, a GC pause) and the network. Where the exact moment matters the limits plan with the bound that is safe:
 * <ul>
 *   <li>a bucket counts a request that finds it full as arriving as late as {@link #lateness()} after it left (the
 *   longest departure-to-response time seen recently: it already holds the new connections the clients showed);</li>
 *   <li>each client (a client library, told apart by the hooks) has a cold path of its own in each limiter: its class
 *   loading and first connections, until one of its requests is answered. A request it sends before then counts as
 *   late as {@link #MAX_LATENESS_NANOS} ({@link #warmAt}): what the other clients taught says nothing about it (a
 *   WebClient the application starts after its RestClient). Once a request sent on a warm path (after its client's
 *   first answer and after the cold start) is answered, cold trips count at most {@link #ArrivalModel(long) the
 *   cap}: the lateness the limiter's tightest bucket absorbs at no cost to its rate (nothing for a burst of 1).
 *   Counted in full for the minute the lateness remembers, a cold JVM's trips near a second would hold a bucket of
 *   small burst under its rate all that time (four JVMs starting together on two cores); kept up to the cap, they
 *   still cover the connections a warm client opens later where that costs nothing;</li>
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
 * That costs at most one round trip, once per limiter, and only to requests that had to wait anyway. Until a
 * request sent on a warm path is answered, the opening's trips stand as the lateness in full.
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
    /** Clients are told apart by an index below this (a bit of {@link #warmClients}). */
    static final int CLIENTS = 64;

    // ---- cold start: inside the limiter's monitor ----
    /** Set once the opening requests are answered (or the limiter took over a running schedule). */
    private volatile boolean settled;
    /** When the model settled: a request that left then or later is past the cold start. Written before settled. */
    private volatile long settledAt = Long.MIN_VALUE;
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
    /** A request sent on a warm path was answered: cold trips count up to {@link #coldTripCap} since. */
    private boolean warmAnswered;
    /** The most a cold trip counts once {@link #warmAnswered}. */
    private final long coldTripCap;
    /** Read inside the limiter's monitor without this one. */
    private volatile long lateness = MAX_LATENESS_NANOS;
    /** Bit {@code c}: client {@code c} had a request answered (read without this monitor). */
    private volatile long warmClients;
    /**
     * When client {@code c}'s first answer came: a request it sent before then went by its cold path. Written before
     * its bit of {@link #warmClients}, so read safely once that is seen.
     */
    private final long[] warmSince = new long[CLIENTS];

    /** A model whose cold trips count in full, up to the most lateness assumed (window mode: see {@link #forSpec}). */
    ArrivalModel() {
        this(MAX_LATENESS_NANOS);
    }

    /**
     * The model of a limiter of {@code spec}: cold trips count at most what its tightest bucket absorbs at no cost to
     * its rate, its tolerance ((burst - 1) intervals) less what is added to every request's lateness (jitter, a Redis
     * store's timeout); nothing with a bucket of burst 1, which has no tolerance (every request pays its lateness
     * there: a cold JVM's trips, kept, would slow every request for a minute). No cap in window mode, which counts
     * unanswered requests as late as the most anyway.
     */
    static ArrivalModel forSpec(LimiterSpec spec) {
        long cap = MAX_LATENESS_NANOS;
        if (spec.mode() == LimitMode.GCRA) {
            long added = Saturating.add(spec.jitterMaxNanos(), spec.storeRedis() != null ? spec.storeTimeoutNanos() : 0);
            for (LimitSpec limit : spec.limits()) {
                long interval = (limit.windowNanos() + limit.count() - 1) / limit.count();
                cap = Math.min(cap, Saturating.multiply(limit.burst() - 1, interval) - added);
            }
        }
        return new ArrivalModel(cap);
    }

    /**
     * @param coldTripCap the most a cold trip counts once a request sent on a warm path was answered: the lateness the
     *     limiter's tightest bucket absorbs at no cost to its rate (a request of a saturated bucket that arrives that
     *     late finds it owing, not full); cold trips under it count in full, as any trip
     */
    ArrivalModel(long coldTripCap) {
        this.coldTripCap = Math.max(0, Math.min(MAX_LATENESS_NANOS, coldTripCap));
    }

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
                warmAnswered = previous.warmAnswered;
                warmClients = previous.warmClients;
                System.arraycopy(previous.warmSince, 0, warmSince, 0, CLIENTS);
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
        settledAt = at;
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

    /**
     * Whether a request {@code client} sends at {@code departure} goes by its warm path: the client had one answered
     * in this limiter before. One that does not may arrive as late as {@link #MAX_LATENESS_NANOS}. The same test as
     * its trip's, so a request counted cold never teaches a warm lateness. Read inside the limiter's monitor.
     */
    boolean warmAt(int client, long departure) {
        return (warmClients >>> client & 1) != 0 && departure - warmSince[client] >= 0;
    }

    /**
     * The response to a request {@code client} sent at {@code departure} began at {@code answeredAt}. The trip of a
     * request sent on a cold path (its client's, or in the cold start) counts in full until a request sent on a warm
     * path is answered, then up to the cap.
     */
    synchronized void trip(long departure, long answeredAt, int client) {
        long trip = answeredAt - departure;
        if (trip < 0) {
            return;
        }
        boolean cold = !warmAt(client, departure)
                || !settled || settledAt != Long.MIN_VALUE && departure - settledAt < 0;
        if ((warmClients >>> client & 1) == 0) {
            warmSince[client] = answeredAt;
            warmClients |= 1L << client; // after warmSince: a reader that sees the bit sees when
        }
        if (!cold && !warmAnswered) {
            // The first warm trip: what the cold ones taught (a cold JVM's class loading) counts up to the cap.
            warmAnswered = true;
            longestNow = Math.min(longestNow, coldTripCap);
            longestBefore = Math.min(longestBefore, coldTripCap);
        }
        if (cold && warmAnswered) {
            trip = Math.min(trip, coldTripCap);
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
