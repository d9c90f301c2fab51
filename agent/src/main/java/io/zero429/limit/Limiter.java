package io.zero429.limit;

import io.zero429.Zero429WaitTimeoutException;
import java.io.InterruptedIOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A named budget with one or more limits. Callers reserve a departure time in one short critical section (this
 * limiter's monitor: nanoseconds, never blocking, so a virtual thread is never held there) and then wait for it
 * outside any lock with {@code LockSupport.parkNanos}, so concurrent callers get ordered departures (FIFO by
 * arrival), nobody spins, and there is no background thread.
 *
 * <p>A request that must wait for several limiters at once goes through {@link Admission}, which takes their
 * locks in a global order and commits one departure in all of them.
 */
public final class Limiter {
    private static final AtomicLong IDS = new AtomicLong();

    /** Global lock order for admissions that span several limiters. */
    final long id = IDS.incrementAndGet();
    private final LimiterSpec spec;
    private final Clock clock;
    private final RandomSource random;
    /** The limits and what has left under them. */
    private final Schedule schedule;
    private final RateAdjuster adjuster;
    /** The concurrency cap ({@code limiter.X.concurrency}), or null when there is none. */
    private final Permits permits;
    /** One Admission of cost 1, so the common single-limiter call allocates nothing. */
    private final Admission unitAdmission;

    private long lastDeparture;
    /** Requests admitted so far (each commit is one request, whatever its cost). */
    private long admitted;
    /** Units (request costs) committed so far: marks where a request stands in the order of departures. */
    private long committedUnits;
    /** When the server will have counted this limiter's requests (see {@link ArrivalModel}). */
    private final ArrivalModel arrivals;
    /** Observe mode: requests that would have waited (they left at once, unthrottled). */
    private long observedDelays;
    /** The last departures and units committed, to tell which requests were still in flight when the server counted. */
    private final RecentDepartures recent = new RecentDepartures();
    /** The server's own budget ({@link #serverBudget}): until {@code budgetUntil}, at most {@code budgetLeft} units. */
    private long budgetUntil = Long.MIN_VALUE;
    private long budgetLeft;
    /** Reports of the server that found it had less left than this limiter believed (another client shares it). */
    private long serverCorrections;
    /** Opens after repeated failures: requests then fail at once (see {@link CircuitBreaker}). */
    private final CircuitBreaker breaker;
    /** The breaker is closed with no failure counted (written in the monitor): the usual request skips the monitor. */
    private volatile boolean breakerIdle = true;
    /** The schedule's sharing with other processes ({@link #share}), or null: it plans alone. */
    private ScheduleSharing sharing;
    /** The schedule kept by a store for every process ({@link #shareRemote}), or null. */
    private volatile RemoteSharing remote;
    /** Until when the operator's emergency mode halves the rate. */
    private long emergencyUntil = Long.MIN_VALUE;
    /** Written inside the monitor, read outside it by waiters re-checking a pause that came after they reserved. */
    private volatile long pausedUntil;

    public Limiter(LimiterSpec spec) {
        this(spec, Clock.SYSTEM, RandomSource.THREAD_LOCAL);
    }

    public Limiter(LimiterSpec spec, Clock clock, RandomSource random) {
        this(spec, clock, random, clock.nanoTime(), null);
    }

    /**
     * A limiter whose buckets were full and windows empty at {@code start} (now, or before a replayed history).
     *
     * @param inherited the predecessor's concurrency permits, or null
     */
    private Limiter(LimiterSpec spec, Clock clock, RandomSource random, long start, Permits inherited) {
        this.spec = spec;
        this.clock = clock;
        this.random = random;
        long now = start;
        this.schedule = new Schedule(spec, now);
        this.arrivals = ArrivalModel.forSpec(spec);
        this.adjuster = new RateAdjuster(spec.adjuster());
        this.lastDeparture = now;
        this.pausedUntil = now;
        this.permits = spec.concurrency() == 0 ? null
                : inherited != null ? inherited.resized(spec.concurrency()) : new Permits(spec.concurrency(), clock);
        this.unitAdmission = new Admission(new Limiter[] {this}, new long[] {1});
        this.breaker = new CircuitBreaker(spec.breaker());
    }

    /**
     * The limiter that takes over from {@code previous} when a reload of the rules gives it {@code spec}: the same
     * limiter if its definition did not change (its schedule, ratio and pause go on), else a new one that starts
     * from the departures {@code previous} committed recently, its pause and its requests in flight under a
     * concurrency cap, planned under the new limits. Either way a reload never opens a burst that the old schedule
     * would not have allowed.
     */
    public static Limiter succeeding(LimiterSpec spec, Limiter previous) {
        if (spec.equals(previous.spec)) {
            return previous;
        }
        synchronized (previous) {
            long start = Math.min(previous.recent.oldest(previous.clock.nanoTime()), previous.clock.nanoTime());
            // The requests in flight hold the predecessor's permits: the successor counts them (same permits, resized).
            Limiter next = new Limiter(spec, previous.clock, previous.random, start, previous.permits);
            synchronized (next) {
                // The application was already running: no cold start to wait for, and what was learned goes on.
                next.arrivals.settleAsSuccessorOf(previous.arrivals);
                previous.recent.forEach(next::replay);
                next.pausedUntil = previous.pausedUntil;
                next.emergencyUntil = previous.emergencyUntil;
            }
            return next;
        }
    }

    /**
     * Takes over one departure of a predecessor (see {@link #succeeding}), as late as it was committed: a request of a
     * cold client, or of the predecessor's cold start, as late as the model ever assumes (this one has no cold start
     * to replace that guess). Inside this limiter's monitor.
     */
    private void replay(long departure, long cost, long lateness) {
        long late = lateness == LimitState.LATENESS_UNKNOWN || lateness == LimitState.LATENESS_HELD
                ? ArrivalModel.MAX_LATENESS_NANOS : lateness;
        planAt(departure);
        schedule.commit(departure, departure, cost, late);
        lastDeparture = Math.max(lastDeparture, departure);
        committedUnits = Saturating.add(committedUnits, cost);
        recent.add(departure, cost, late);
    }

    public String name() {
        return spec.name();
    }

    public LimiterSpec spec() {
        return spec;
    }

    /** The concurrency cap's permits, or null when this limiter has no cap. */
    public Permits permits() {
        return permits;
    }

    Clock clock() {
        return clock;
    }

    RandomSource random() {
        return random;
    }

    /** Waits until one request of cost 1 may leave; returns its departure time. */
    public long acquire() throws Zero429WaitTimeoutException, InterruptedIOException {
        return unitAdmission.acquire();
    }

    /** Waits until a request of {@code cost} units may leave; returns its departure time. */
    public long acquire(long cost) throws Zero429WaitTimeoutException, InterruptedIOException {
        return admission(cost).acquire();
    }

    /**
     * Reserves a departure for {@code cost} units and returns its time on this limiter's clock; the caller must not
     * send before then.
     */
    public long reserve(long cost) throws Zero429WaitTimeoutException {
        return admission(cost).reserve(clock.nanoTime());
    }

    /** Takes {@code cost} units only if they may leave now, without waiting; a refusal reserves nothing. */
    public boolean tryAcquire(long cost) {
        synchronized (this) {
            if (remote != null) {
                long now = clock.nanoTime();
                if (Math.max(earliest(now, cost), lastDeparture) > now) {
                    return false;
                }
                long departure = remoteDeparture(now, now, cost, RemoteRequest.ONLY_NOW, Admission.UNANSWERED);
                if (departure == RemoteSharing.REFUSED || departure == RemoteSharing.HELD) {
                    return false;
                }
                commit(departure, departure, cost, Admission.UNANSWERED);
                return true;
            }
            enterShared();
            try {
                long now = clock.nanoTime();
                if (Math.max(earliest(now, cost), lastDeparture) > now) {
                    return false;
                }
                commit(now, now, cost, Admission.UNANSWERED);
                return true;
            } finally {
                leaveShared();
            }
        }
    }

    /**
     * From now on this limiter plans on {@code state}, which other processes share: every reservation (and every
     * change to the schedule: a slot given back, an answer, the end of a cold start, a server's count) takes its lock
     * and its copy first and writes the schedule back after.
     *
     * @throws IllegalArgumentException if the limits do not fit in {@code state}
     */
    public void share(SharedState state) {
        synchronized (this) {
            if (!schedule.fitsIn(state, ScheduleSharing.OWN_LONGS)) {
                throw new IllegalArgumentException("limiter '" + spec.name() + "': its limits do not fit in the "
                        + "shared state (" + spec.describeLimits() + ")");
            }
            sharing = new ScheduleSharing(state, schedule);
        }
    }

    /**
     * From now on every departure of this limiter is planned and committed by {@code store} as well, which keeps the
     * schedule for every process (a Redis store); while it does not answer the limiter plans on a local share of the
     * budget (see {@link RemoteSharing}).
     */
    public void shareRemote(RemoteSchedule store) {
        synchronized (this) {
            remote = new RemoteSharing(store, spec);
        }
    }

    /** Whether a {@link RemoteSchedule} plans this limiter's departures too. */
    boolean plansRemotely() {
        return remote != null;
    }

    /**
     * Inside the monitor: the departure the store plans and commits for a request of {@code cost} that may not leave
     * before {@code departure} and waits at most {@code maxWait} from {@code now} (or {@link RemoteRequest#ONLY_NOW});
     * {@link RemoteSharing#REFUSED} if it would wait longer ({@link #remoteRefusedWait}); {@link RemoteSharing#HELD}
     * (nothing committed) while another process's opening is unanswered. {@code client}: the client that sends it, whose
     * hook reports the response, or {@link Admission#UNANSWERED} (see {@link #commit}); an answered request may be held.
     */
    long remoteDeparture(long now, long departure, long cost, long maxWait, int client) {
        planAt(now);
        boolean answered = client != Admission.UNANSWERED;
        long lateness = !answered ? 0
                : arrivals.settled() ? settledLateness(client, departure) : ArrivalModel.MAX_LATENESS_NANOS;
        // Sent in this process's opening, lateness unknown: every process holds for its answer (see RemoteSharing).
        boolean opening = answered && !arrivals.settled() && arrivals.inOpening(departure);
        long planned = remote.depart(now, departure, cost, lateness, opening, answered, maxWait, schedule.plans(),
                schedule.planRatioPpm(), clock);
        pauseUntilLocked(remote.pauseEnd()); // another process's: this one's waiters hold for it too
        if (remote.cutRatioPpm() < RateAdjuster.FULL
                && adjuster.adopt(remote.answeredAt(), remote.cutRatioPpm(), remote.cutAt(), lastReleaseBound())) {
            planAt(remote.answeredAt()); // another process's cut: its next requests plan slower
        }
        return planned;
    }

    /** After {@link #remoteDeparture}: when the store's answer came (the time the departure was planned from). */
    long remoteAnsweredAt() {
        return remote.answeredAt();
    }

    /** After {@link RemoteSharing#HELD}: how long the store said to wait before asking again (0: not said). */
    long remoteHoldHint() {
        return remote.holdHint();
    }

    /** After a refusal of {@link #remoteDeparture}: the wait the request would have had. */
    long remoteRefusedWait() {
        return remote.refusedWait();
    }

    /** Whether this limiter plans on its local share because its store does not answer. */
    public boolean onLocalShare() {
        synchronized (this) {
            return remote != null && remote.onShare();
        }
    }

    /** How many longs a {@link SharedState} needs to hold the schedule of a limiter of {@code spec}. */
    static int sharedLongs(LimiterSpec spec) {
        return (int) Math.min(Integer.MAX_VALUE, Schedule.sharedLongs(spec) + ScheduleSharing.OWN_LONGS);
    }

    /** Times the shared schedule's lock was not had in time (the limiter planned on its own copy then). */
    public long sharedMisses() {
        synchronized (this) {
            return sharing == null ? 0 : sharing.misses();
        }
    }

    /** Where this limiter's shared copy stands in the order shared locks are taken in ({@link SharedState#order}). */
    long sharedOrder() {
        return sharing == null ? Long.MIN_VALUE : sharing.order();
    }

    /** Inside the monitor: takes the shared schedule's lock and copy, if the schedule is shared. */
    void enterShared() {
        if (sharing != null) {
            long now = clock.nanoTime();
            planAt(now);
            sharing.enter(now);
            if (sharing.holds()) {
                pauseUntilLocked(sharing.pausedUntil()); // another process's, or one it took over
                if (sharing.cutRatioPpm() < RateAdjuster.FULL
                        && adjuster.adopt(now, sharing.cutRatioPpm(), sharing.cutAt(), lastReleaseBound())) {
                    planAt(now); // another process's cut: the same overload reached this one's requests
                }
            }
        }
    }

    /** Inside the monitor: writes the schedule back and releases the shared lock, if {@link #enterShared} took it. */
    void leaveShared() {
        if (sharing != null) {
            sharing.pauseUntil(pausedUntil);
            sharing.cut(adjuster.lastCutRatioPpm(), adjuster.lastCutAt());
            sharing.leave();
        }
    }

    /** An {@link Admission} through this limiter alone; build it once and reuse it on a hot path. */
    public Admission admission(long cost) {
        return cost == 1 ? unitAdmission : new Admission(new Limiter[] {this}, new long[] {cost});
    }

    /**
     * The server said a request was over its limit (a 429, a body error code). Feeds the adjuster and, if the
     * server said how long to wait, pauses the whole limiter until then.
     *
     * @param sentAt when the limited request left (its reserved departure), or now if unknown
     * @param retryAfterNanos how long the server asked us to wait, or 0
     */
    public void onLimitSignal(long sentAt, long retryAfterNanos) {
        synchronized (this) {
            long now = clock.nanoTime();
            signal(now, sentAt);
            if (retryAfterNanos > 0) {
                pauseLocked(now, retryAfterNanos);
            }
        }
    }

    /** The latest a request planned so far may be released (its planned departure plus the most jitter). */
    private long lastReleaseBound() {
        return Saturating.add(lastDeparture, spec.jitterMaxNanos());
    }

    /**
     * Inside the monitor: a limit signal from the server (a 429, a body code) for the adjuster; a cut it makes is shared
     * with every process on the store (written to the shared copy now, not with the next reservation; told to a Redis
     * store in the background): the server refused a request of the budget they share.
     */
    private void signal(long now, long sentAt) {
        if (!adjuster.onSignal(now, sentAt)) {
            return;
        }
        if (sharing != null && !sharing.holds()) {
            enterShared(); // leaveShared writes the cut
            leaveShared();
        }
        if (remote != null) {
            remote.cut(adjuster.lastCutRatioPpm(), adjuster.recoveryNanos());
        }
    }

    /**
     * Emergency mode (the operator's JMX {@code emergency(seconds)}): this limiter plans at half its rate for
     * {@code nanos} from now, then goes back to what it was. Requests already planned keep their slots.
     */
    public void emergency(long nanos) {
        synchronized (this) {
            emergencyUntil = Math.max(emergencyUntil, Saturating.add(clock.nanoTime(), nanos));
        }
    }

    /** Nothing leaves this limiter for {@code nanos} from now (a ban, an operator's pause). */
    public void pauseFor(long nanos) {
        synchronized (this) {
            pauseLocked(clock.nanoTime(), nanos);
        }
    }

    /** Inside the monitor: nothing leaves for {@code nanos} from {@code now}, in every process sharing the budget. */
    private void pauseLocked(long now, long nanos) {
        pauseUntilLocked(Saturating.add(now, nanos));
        if (sharing != null && sharing.holds()) {
            sharing.pauseUntil(pausedUntil); // written back when the section that holds the copy ends
        } else if (sharing != null) {
            enterShared(); // written to the shared copy now, not with the next reservation
            leaveShared();
        }
        if (remote != null) {
            remote.pause(nanos);
        }
    }

    private void pauseUntilLocked(long until) {
        if (until > pausedUntil) {
            pausedUntil = until;
        }
    }

    /** Time on this limiter's clock before which nothing leaves because of a pause. */
    public long pausedUntil() {
        return pausedUntil;
    }

    /** The adjuster's current ratio, 0.5..1.0 by default. */
    public double rateRatio() {
        synchronized (this) {
            return adjuster.ratioPpm(clock.nanoTime()) / (double) RateAdjuster.FULL;
        }
    }

    /** How many requests this limiter has admitted (reserved a departure for) since it was created. */
    public long admitted() {
        synchronized (this) {
            return admitted;
        }
    }

    /**
     * True while the opening requests' responses are not all back (and not for longer than
     * {@link ArrivalModel#HOLD_NANOS} after the first request): a request that would have to wait should wait for them
     * first, so that it is planned on a schedule that knows when they arrived (see {@link ArrivalModel}). Called
     * inside this limiter's monitor.
     */
    boolean holding(long now) {
        // Another process's opening requests may still be on their way, later than their guess: hold as for one's own.
        return arrivals.holding(now) || (sharing != null && sharing.holding(now));
    }

    /**
     * Whether a request of {@code cost} that would wait binds on a request still on its way whose arrival is only
     * guessed (see {@link LimitState#bindsOnGuess}): it is held until that answer comes or its slot would have come.
     * Inside this limiter's monitor.
     */
    boolean bindsOnGuess(long now, long cost) {
        planAt(now);
        return schedule.bindsOnGuess(cost);
    }

    /**
     * While {@link #holding}: whether a request of {@code cost} that would not wait must be held too, because it goes
     * beyond the opening burst (see {@link LimitState#beyondOpening}): of this process, or of every process sharing
     * the schedule. Inside this limiter's monitor.
     */
    boolean beyondOpening(long now, long cost) {
        planAt(now);
        // A shared schedule's opening is every process's: counted in the shared copy.
        long opening = sharing != null && sharing.holds() ? sharing.openingUnits() : committedUnits;
        return schedule.beyondOpening(opening, cost);
    }

    /** Units (request costs) committed so far. */
    long committedUnits() {
        synchronized (this) {
            return committedUnits;
        }
    }

    /**
     * The response to a request of {@code cost} units that left at {@code departure} began now; or, with
     * {@code departure} {@code Long.MIN_VALUE}, the request failed without a response (it is no longer on its way, but
     * when it arrived, if ever, is unknown). The server counted the request by now: the {@link ArrivalModel} learns how
     * late requests arrive, a window-mode limit counts the request until now at the latest, and the last of the
     * opening requests to come back ends the cold start: every opening request is then counted as arrived by now.
     * Once the cold start is over a bucket's responses take no lock of the limiter's (only the model's own, for the
     * trip); a window's take the limiter's monitor briefly, to tighten their units.
     */
    public void onResponse(long departure, long cost) {
        onResponse(departure, cost, Admission.ONE_CLIENT);
    }

    /**
     * {@link #onResponse(long, long)} for a request {@code client} sent (see {@link Admission#acquireRequest(int)}):
     * its first answer ends that client's cold path.
     */
    public void onResponse(long departure, long cost, int client) {
        long now = clock.nanoTime();
        boolean answered = departure != Long.MIN_VALUE;
        if (answered) {
            arrivals.trip(departure, now, client);
        }
        if (arrivals.settled() && !(answered && schedule.learnsFromAnswers())) {
            return;
        }
        synchronized (this) {
            enterShared();
            try {
                planAt(now);
                if (answered && schedule.learnsFromAnswers()) {
                    schedule.answered(departure, cost, now);
                }
                if (answered && remote != null) {
                    remote.answered(departure, cost, now);
                }
                if (!arrivals.settled() && arrivals.answeredCold(now, cost)) {
                    schedule.arrivedLate(arrivals, now, committedUnits, sharing != null);
                    if (sharing != null) {
                        sharing.ownOpeningAnswered(now);
                    }
                }
            } finally {
                leaveShared();
            }
        }
    }

    /**
     * The server says how much of its bucket is left ({@code remaining} whole requests, as Upbit's
     * {@code Remaining-Req: sec=N}) after the request that left at {@code sentAt}. If that is clearly less than the
     * bucket would hold had only this limiter spent it (once the requests still in flight are counted; "clearly": see
     * {@link LimitState#syncLevel}), somebody else spends the same budget: the limiter counts on half of what is left (the other client
     * spends the rest) and takes it as a limit signal, so that the adjuster lowers its rate before the server answers
     * 429, and keeps lowering it for as long as the other client's use shows. A report of more than the limiter
     * believes changes nothing: a header never speeds a limiter up.
     *
     * @param ownCost the cost of the reported request in this limiter
     * @return true if another client spends the same budget (the limiter slowed down)
     */
    public boolean serverBucketLevel(long sentAt, long ownCost, long remaining) {
        synchronized (this) {
            long now = clock.nanoTime();
            long left = remaining - recent.unitsSince(sentAt, ownCost);
            // The server counted when the request arrived: somewhere between its departure and its response.
            long halfTrip = Math.max(0, now - sentAt) / 2;
            planAt(now);
            boolean slowed;
            enterShared();
            try {
                slowed = schedule.syncLevel(sentAt + halfTrip, halfTrip, Math.max(0, left));
            } finally {
                leaveShared();
            }
            if (slowed) {
                serverCorrections++;
                // This process's own cut: the count it compared is the server's for every process on a shared
                // schedule, against this process's departures only (see README), so it is not told to the others.
                adjuster.onSignal(now, sentAt);
            }
            return slowed;
        }
    }

    /**
     * The server says {@code remaining} units are left until {@code resetNanos} from now (IETF RateLimit,
     * X-RateLimit, OpenAI, Anthropic, Bybit, Binance's used weight), as of the request that left at {@code sentAt}.
     * Until then the limiter lets at most that many units go, less those already in flight; its own limits still
     * apply, so the server's count can only slow it down.
     *
     * @return true if the server had less left than the limiter would have allowed before its reset
     */
    public boolean serverBudget(long sentAt, long ownCost, long remaining, long resetNanos) {
        synchronized (this) {
            long now = clock.nanoTime();
            // Not yet in the server's count: the units sent after the reported request, and those sent before it that
            // may reach the server after it left, as late as they were committed (another client's cold first request).
            long left = Math.max(0, remaining - recent.unitsMayArriveAfter(sentAt, ownCost));
            budgetUntil = Saturating.add(now, resetNanos);
            budgetLeft = left;
            boolean slowed = left == 0 && resetNanos > 0;
            if (slowed) {
                serverCorrections++;
            }
            return slowed;
        }
    }

    /** How many server reports found less left than this limiter believed. */
    public long serverCorrections() {
        synchronized (this) {
            return serverCorrections;
        }
    }

    /**
     * Whether the circuit breaker lets a request through now: {@link CircuitBreaker#PASS},
     * {@link CircuitBreaker#PASS_AS_TRIAL} (the half-open breaker's one trial: report its outcome as a trial), or the
     * nanoseconds it stays open (0: half-open, the trial is in flight) — the request must fail at once.
     */
    long breakerPass() {
        if (breakerIdle) {
            return CircuitBreaker.PASS; // closed, no failure counted: no monitor on the usual path
        }
        synchronized (this) {
            long verdict = breaker.pass(clock.nanoTime());
            breakerIdle = breaker.isIdle();
            return verdict;
        }
    }

    /** What a request of this limiter came to, for the circuit breaker. */
    public enum Outcome {
        /** A response that is not a failure. */
        SUCCESS,
        /** A limited response (429, a ban, a body code); a 5xx or a connection failure if the breaker counts them. */
        FAILURE,
        /** Tells nothing (a 5xx or a connection failure the breaker does not count, a cancelled request). */
        NEUTRAL
    }

    /**
     * The outcome of a request of this limiter that asked for its slot at {@code asked}; {@code trial}: it was the
     * half-open breaker's trial.
     */
    public void breakerOutcome(Outcome outcome, boolean trial, long asked) {
        if (outcome != Outcome.FAILURE && !trial && breakerIdle) {
            return; // a success changes nothing for a closed breaker with no failure counted
        }
        synchronized (this) {
            if (outcome == Outcome.SUCCESS) {
                breaker.onSuccess(trial, asked);
            } else if (outcome == Outcome.FAILURE) {
                breaker.onFailure(clock.nanoTime(), asked, trial);
            } else {
                breaker.onTrialAbandoned(trial);
            }
            breakerIdle = breaker.isIdle();
        }
    }

    /** {@code closed}, {@code open} or {@code half-open}. */
    public String breakerState() {
        synchronized (this) {
            return breaker.state(clock.nanoTime()).name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** How many times the circuit breaker opened. */
    public long breakerOpenings() {
        synchronized (this) {
            return breaker.opened();
        }
    }

    /** Observe mode: how many requests this limiter would have delayed. */
    public long observedDelays() {
        synchronized (this) {
            return observedDelays;
        }
    }

    public long limitSignals() {
        synchronized (this) {
            return adjuster.signals();
        }
    }

    /**
     * True when this limiter is indistinguishable from a new one: every bucket full, no pause, ratio fully
     * recovered, no request in flight under its concurrency cap. Such a limiter can be dropped and re-created later
     * without losing anything.
     */
    public boolean isIdle() {
        if (permits != null && (permits.inFlight() > 0 || permits.waiting() > 0)) {
            return false;
        }
        synchronized (this) {
            long now = clock.nanoTime();
            if (pausedUntil > now || now < emergencyUntil || !adjuster.isIdle(now) || !breaker.isIdle()) {
                return false;
            }
            planAt(now);
            return schedule.isIdle(now);
        }
    }

    // ---- used by Admission, always inside synchronized (this limiter) ----


    /** Earliest departure at or after {@code now} that conforms to every limit and the pause. */
    long earliest(long now, long cost) {
        planAt(now);
        long departure = Math.max(pausedUntil, schedule.earliest(now, cost));
        if (departure < budgetUntil && budgetLeft < cost) {
            departure = budgetUntil; // the server's count is spent until its reset
        }
        return departure;
    }

    /** How far jitter may push a departure of this limiter without costing throughput. */
    long jitterBudget() {
        return schedule.jitterBudget();
    }

    /**
     * The last committed departure. Departures are committed in non-decreasing order (FIFO by arrival), which
     * also keeps window rings sorted.
     */
    long lastDeparture() {
        return lastDeparture;
    }

    void countObservedDelay() {
        observedDelays++;
    }

    /**
     * Commits {@code cost} units planned at {@code departure} and released (with jitter) at {@code released}.
     * {@code client}: the client whose hook will report the request's response or failure ({@link #onResponse}), so
     * its arrival is modelled (see {@link ArrivalModel}); {@link Admission#UNANSWERED} for a request through the plain
     * API ({@link #acquire()}, {@link #tryAcquire}), which hears nothing back and counts when it leaves.
     */
    void commit(long departure, long released, long cost, int client) {
        boolean answered = client != Admission.UNANSWERED;
        long lateness = !answered ? 0
                : arrivals.settled() ? settledLateness(client, departure) : LimitState.LATENESS_UNKNOWN;
        // A shared opening unit is held for by every process until answered (or its deadline), not guessed.
        boolean opening = lateness == LimitState.LATENESS_UNKNOWN && arrivals.inOpening(departure);
        boolean heldCold = opening && sharing != null && sharing.holds();
        schedule.commit(departure, released, cost, heldCold ? LimitState.LATENESS_HELD : lateness);
        if (sharing != null) {
            sharing.committed(departure, cost, opening);
        }
        if (remote != null) {
            remote.committed(departure, released, cost, lateness);
        }
        lastDeparture = departure;
        if (answered) {
            arrivals.departed(departure);
        }
        admitted++;
        committedUnits = Saturating.add(committedUnits, cost);
        if (departure < budgetUntil) {
            budgetLeft -= cost;
        }
        recent.add(departure, cost, lateness);
    }

    /**
     * How late a request {@code client} sends may reach the server once the cold start is over: as late as the model
     * ever assumes while the client has not had an answer here (its cold path), else as learned; at least a
     * nanosecond (0 says no answer will come).
     */
    private long settledLateness(int client, long departure) {
        return arrivals.warmAt(client, departure) ? Math.max(1, arrivals.lateness()) : ArrivalModel.MAX_LATENESS_NANOS;
    }

    /** Whether the cold start is over: every request sent in it answered (or it took over a running schedule). */
    boolean coldStartOver() {
        return arrivals.settled();
    }

    /** A committed request takes a new place (after a pause): its old slot stays used, but no answer comes for it. */
    void replanned() {
        synchronized (this) {
            arrivals.withdrawn();
        }
    }

    /**
     * An interrupted waiter gives back the slot it reserved at {@code planned} for {@code cost} units, if nobody
     * reserved after it here (then undoing it moves nobody's slot); otherwise the slot stays used. Returns whether it
     * was given back.
     */
    public boolean giveBack(long planned, long cost) {
        synchronized (this) {
            arrivals.withdrawn(); // given back or not, the request will never be sent, so never answered
            if (lastDeparture != planned || !recent.isLast(planned, cost)) {
                return false;
            }
            boolean undone;
            enterShared();
            try {
                undone = schedule.undoLast(planned, cost);
            } finally {
                leaveShared();
            }
            if (!undone) {
                return false; // a state could not undo it (a large cost in window mode): the slot stays used
            }
            recent.removeLast();
            lastDeparture = recent.newest(lastDeparture);
            admitted--;
            committedUnits -= cost;
            if (planned < budgetUntil) {
                budgetLeft += cost;
            }
            return true;
        }
    }

    /** The schedule plans at the adjuster's ratio at {@code now}, halved in an emergency. */
    private void planAt(long now) {
        long ratio = adjuster.ratioPpm(now);
        if (now < emergencyUntil) {
            ratio = Math.max(1, ratio / 2);
        }
        schedule.planAt(ratio);
    }

    @Override
    public String toString() {
        return "Limiter[" + spec.name() + ": " + spec.describeLimits() + "]";
    }
}
