package io.zero429.limit;

import io.zero429.Zero429CircuitOpenException;
import io.zero429.Zero429WaitTimeoutException;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One request's way through one or more limiters, each with its cost ({@code limiter = a, b:5}). The request
 * waits for all of them at once: one departure time is computed that conforms to every limiter and committed in
 * all of them atomically. Immutable; build it once per rule and reuse it.
 */
public final class Admission {
    /** Sentinel arrival: the request arrives at the time read inside the critical section (one clock read). */
    private static final long ARRIVES_NOW = Long.MIN_VALUE;
    /**
     * Sentinel result of {@link #reserveAfterColdStart}: nothing reserved, the request must wait for a limiter's
     * opening requests to be answered, then try again.
     */
    public static final long AWAIT_OPENING_ANSWERS = Long.MIN_VALUE + 1;
    /**
     * The client of a request no hook reports an answer for (the plain API): it counts when it leaves. Otherwise a
     * request names its client, {@code 0} to {@link #CLIENTS}{@code - 1}: requests of one client library share a cold
     * path (its class loading, its first connections) that the others' answers say nothing about (see
     * {@link ArrivalModel}).
     */
    public static final int UNANSWERED = -1;
    /** The client of a request that names none: one client for every request that does not. */
    public static final int ONE_CLIENT = 0;
    /** How many clients can be told apart. */
    public static final int CLIENTS = ArrivalModel.CLIENTS;
    /** The planned departure (before jitter) of this thread's last delayed reservation: what an interrupt gives back. */
    private static final ThreadLocal<long[]> PLANNED = ThreadLocal.withInitial(() -> new long[1]);
    /** How often a request held for the opening requests' responses looks again. */
    private static final long HOLD_POLL_NANOS = 1_000_000L;
    /** How often a request held for other processes' opening answers asks the store again. */
    private static final long REMOTE_HOLD_POLL_NANOS = 10_000_000L;
    /** Bounds on when a request held on an unanswered unit asks the store again (it says when the unit leaves). */
    private static final long MIN_REMOTE_POLL_NANOS = 5_000_000L;
    private static final long MAX_REMOTE_POLL_NANOS = 250_000_000L;
    /** This thread's next look at the store after it held a request. */
    private static final ThreadLocal<long[]> REMOTE_POLL = ThreadLocal.withInitial(() -> new long[] {REMOTE_HOLD_POLL_NANOS});

    private final Limiter[] limiters;
    private final long[] costs;
    /** {@link #sharedLockOrder}, worked out on first use (limiters are shared before they reserve). */
    private volatile int[] lockOrder;
    private final Clock clock;
    /** The limiters with a concurrency cap, in lock order (empty for most rules: they pay nothing for the cap). */
    private final Limiter[] capped;

    /** {@code limiters} sorted by {@link Limiter#id}, each once. */
    Admission(Limiter[] limiters, long[] costs) {
        this.limiters = limiters;
        this.costs = costs;
        this.clock = limiters[0].clock();
        for (Limiter limiter : limiters) {
            if (limiter.clock() != clock) {
                throw new IllegalArgumentException("all limiters of one admission must share a clock");
            }
        }
        this.capped = cappedOf(limiters);
    }

    private static final Limiter[] NONE = new Limiter[0];

    /** No stream, and no array for the usual rule without a cap: partitioned rules build an admission per request. */
    private static Limiter[] cappedOf(Limiter[] limiters) {
        int count = 0;
        for (Limiter limiter : limiters) {
            count += limiter.permits() != null ? 1 : 0;
        }
        if (count == 0) {
            return NONE;
        }
        Limiter[] capped = new Limiter[count];
        int i = 0;
        for (Limiter limiter : limiters) {
            if (limiter.permits() != null) {
                capped[i++] = limiter;
            }
        }
        return capped;
    }

    /**
     * @param limiters the limiters the request goes through (a limiter named twice pays both costs)
     * @param costs the cost in each, same order
     */
    public static Admission of(List<Limiter> limiters, List<Long> costs) {
        if (limiters.isEmpty() || limiters.size() != costs.size()) {
            throw new IllegalArgumentException("need one cost per limiter, and at least one limiter");
        }
        Map<Limiter, Long> merged = new LinkedHashMap<>();
        for (int i = 0; i < limiters.size(); i++) {
            long cost = costs.get(i);
            if (cost < 1) {
                throw new IllegalArgumentException("cost must be at least 1, was " + cost);
            }
            merged.merge(limiters.get(i), cost, Long::sum);
        }
        Limiter[] sorted = merged.keySet().toArray(new Limiter[0]);
        // A global order on locks: two admissions sharing limiters can never deadlock.
        Arrays.sort(sorted, Comparator.comparingLong(l -> l.id));
        long[] sortedCosts = new long[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            sortedCosts[i] = merged.get(sorted[i]);
        }
        return new Admission(sorted, sortedCosts);
    }

    /**
     * Waits until the request may leave and returns when it left (this clock's time), which a response signal
     * needs to tell requests sent before and after a cut apart. If a pause (Retry-After, ban) arrives while it
     * waits and covers its departure, it takes a new place after the pause, under the same max-wait. Rates only: the
     * concurrency permits are taken by {@link #acquireRequest()} or {@link #takePermits}.
     */
    public long acquire() throws Zero429WaitTimeoutException, InterruptedIOException {
        long departure = reserve(ARRIVES_NOW);
        while (true) {
            sleepOrGiveBack(departure);
            if (latestPause() <= departure) {
                return departure;
            }
            departure = reserve(ARRIVES_NOW);
        }
    }

    /**
     * {@link #acquire()} for a request an HTTP client is about to send: while a limiter's opening requests are not
     * answered, a request that would have to wait (beyond the burst) reserves nothing and waits for those responses
     * (at most {@link ArrivalModel#HOLD_NANOS}), then takes its place on a schedule that knows when they arrived
     * (see {@link ArrivalModel}). Requests within the burst leave at once, as always.
     */
    public long acquireAfterColdStart() throws Zero429WaitTimeoutException, InterruptedIOException {
        return acquireAfterColdStart(ARRIVES_NOW, ONE_CLIENT);
    }

    /**
     * A request an HTTP client is about to send: takes a permit of each limiter with a concurrency cap
     * ({@link #takePermits}), then waits for its departure as {@link #acquireAfterColdStart()} does. Permits first:
     * a request holding a departure it cannot use while it waits for a permit would waste that slot and delay
     * everyone behind it. The whole wait, permits and departure, counts against each limiter's max-wait.
     *
     * <p>The caller holds the permits from here on and gives them back with {@link #givePermits()} once the request
     * is complete (response or failure). If this throws, nothing is held.
     */
    public long acquireRequest() throws Zero429WaitTimeoutException, InterruptedIOException {
        return acquireRequest(ONE_CLIENT);
    }

    /** {@link #acquireRequest()} for a request {@code client} sends (see {@link #UNANSWERED}). */
    public long acquireRequest(int client) throws Zero429WaitTimeoutException, InterruptedIOException {
        checkClient(client);
        if (capped.length == 0) {
            return acquireAfterColdStart(ARRIVES_NOW, client);
        }
        long arrival = clock.nanoTime();
        takePermits(arrival);
        try {
            return acquireAfterColdStart(arrival, client);
        } catch (Zero429WaitTimeoutException | InterruptedIOException | RuntimeException | Error e) {
            givePermits();
            throw e;
        }
    }

    private static void checkClient(int client) {
        if (client < 0 || client >= CLIENTS) {
            throw new IllegalArgumentException("client " + client + " is not in 0.." + (CLIENTS - 1));
        }
    }

    private long acquireAfterColdStart(long arrival, int client)
            throws Zero429WaitTimeoutException, InterruptedIOException {
        long departure = locked(arrival, Mode.RESERVE_AFTER_COLD_START, client);
        while (true) {
            while (departure == AWAIT_OPENING_ANSWERS) {
                // Held (nothing reserved) until the answers it waits for come, or the hold ends: then planned on what
                // they taught. The max-wait counts from then, as if it had asked then.
                clock.sleepUntil(clock.nanoTime() + holdPollNanos());
                departure = locked(ARRIVES_NOW, Mode.RESERVE_AFTER_COLD_START, client);
            }
            sleepOrGiveBack(departure);
            if (latestPause() <= departure) {
                return departure;
            }
            // A pause came while it waited: a new place after it, still as a request whose answer will come (counted
            // as late as it may arrive, and in the cold start's count of requests on their way, once: the slot it
            // leaves stays used, but nothing will be answered there).
            for (Limiter limiter : limiters) {
                limiter.replanned();
            }
            departure = locked(ARRIVES_NOW, Mode.RESERVE_AFTER_COLD_START, client);
        }
    }

    /**
     * The circuit breakers of every limiter let the request through, or it fails at once: asked before anything is
     * waited for or reserved. Returns a mask with bit {@code i} set when the request is the half-open breaker's trial
     * in limiter {@code i} (its outcome must then be reported as a trial: {@link #breakerOutcome}); a request that
     * is refused or gives up later must hand the mask to {@link #abandonTrials}.
     *
     * @throws Zero429CircuitOpenException if a breaker is open (nothing is taken then)
     */
    public long passBreakers() throws Zero429CircuitOpenException {
        long trials = 0;
        for (int i = 0; i < limiters.length; i++) {
            long verdict = limiters[i].breakerPass();
            if (verdict == CircuitBreaker.PASS_AS_TRIAL && i < Long.SIZE) {
                trials |= 1L << i;
            } else if (verdict >= 0) {
                abandonTrials(trials);
                throw new Zero429CircuitOpenException(limiters[i].name(), limiters[i].spec().describeLimits(), verdict);
            }
        }
        return trials;
    }

    /** A request that passed the breakers ({@link #passBreakers}) was never sent: its trials go to others. */
    public void abandonTrials(long trials) {
        for (int i = 0; i < limiters.length && i < Long.SIZE; i++) {
            if ((trials & (1L << i)) != 0) {
                limiters[i].breakerOutcome(Limiter.Outcome.NEUTRAL, true, 0);
            }
        }
    }

    /**
     * What the request that asked for its slot at {@code asked} came to, for the breaker of limiter {@code i}
     * ({@code trials}: from {@link #passBreakers}).
     */
    public void breakerOutcome(int i, Limiter.Outcome outcome, long trials, long asked) {
        limiters[i].breakerOutcome(outcome, i < Long.SIZE && (trials & (1L << i)) != 0, asked);
    }

    /** Whether a request through this admission takes concurrency permits (a limiter has a cap). */
    public boolean hasPermits() {
        return capped.length > 0;
    }

    /**
     * Takes one permit of each capped limiter, in lock order (two admissions sharing limiters never deadlock),
     * waiting for each at most until {@code arrival} plus that limiter's max-wait.
     *
     * @throws Zero429WaitTimeoutException if a permit does not come free in time; nothing is held then
     * @throws InterruptedIOException if interrupted while waiting (the flag stays set); nothing is held then
     */
    public void takePermits(long arrival) throws Zero429WaitTimeoutException, InterruptedIOException {
        int held = 0;
        try {
            for (; held < capped.length; held++) {
                Limiter limiter = capped[held];
                long maxWait = limiter.spec().maxWaitNanos();
                if (!limiter.permits().take(Saturating.add(arrival, maxWait))) {
                    throw permitTimeout(limiter, clock.nanoTime() - arrival);
                }
            }
        } finally {
            if (held < capped.length) {
                givePermits(held);
            }
        }
    }

    /** Takes every permit only if each is free now and nobody waits for it; otherwise takes none. */
    public boolean tryTakePermits() {
        for (int i = 0; i < capped.length; i++) {
            if (!capped[i].permits().tryTake()) {
                givePermits(i);
                return false;
            }
        }
        return true;
    }

    /** Gives back the permits of a request that took them all ({@link #takePermits}, {@link #acquireRequest}). */
    public void givePermits() {
        givePermits(capped.length);
    }

    /** Gives back the first {@code count} permits, in reverse lock order. */
    void givePermits(int count) {
        for (int i = count - 1; i >= 0; i--) {
            capped[i].permits().give();
        }
    }

    /** The capped limiters, in lock order. */
    Limiter capped(int i) {
        return capped[i];
    }

    int cappedCount() {
        return capped.length;
    }

    /**
     * Asynchronous clients: waits for every permit without a thread. {@code outcome} hears once, on whichever thread
     * completes it: granted (the permits are held) or refused. A refusal comes only from {@link PermitWait#expire},
     * which the caller runs at the {@link PermitWait#deadline} it asks for.
     */
    public PermitWait waitForPermits(long arrival, PermitWait.Outcome outcome) {
        PermitWait wait = new PermitWait(this, arrival, outcome);
        wait.start();
        return wait;
    }

    static Zero429WaitTimeoutException permitTimeout(Limiter limiter, long waitedNanos) {
        return Zero429WaitTimeoutException.concurrency(limiter.name(), limiter.spec().concurrency(), waitedNanos,
                limiter.spec().maxWaitNanos());
    }

    /** The limiter whose max-wait is the shortest of this admission's. */
    private Limiter strictestMaxWait() {
        Limiter strictest = limiters[0];
        for (Limiter limiter : limiters) {
            if (limiter.spec().maxWaitNanos() < strictest.spec().maxWaitNanos()) {
                strictest = limiter;
            }
        }
        return strictest;
    }

    private long leastMaxWait() {
        return strictestMaxWait().spec().maxWaitNanos();
    }

    /** How soon a held request looks again: a store is asked over the network, when it says. */
    private long holdPollNanos() {
        for (Limiter limiter : limiters) {
            if (limiter.plansRemotely()) {
                return REMOTE_POLL.get()[0];
            }
        }
        return HOLD_POLL_NANOS;
    }

    private long latestPause() {
        long latest = Long.MIN_VALUE;
        for (Limiter limiter : limiters) {
            latest = Math.max(latest, limiter.pausedUntil());
        }
        return latest;
    }

    /**
     * Reserves and returns the departure time for a request that arrived at {@code arrival}, in one critical
     * section over all its limiters. Delayed departures get a random jitter (within what the limits allow).
     *
     * @throws Zero429WaitTimeoutException if any limiter would make it wait past that limiter's max-wait;
     *     nothing is reserved then
     */
    public long reserve(long arrival) throws Zero429WaitTimeoutException {
        return locked(arrival, Mode.RESERVE, UNANSWERED);
    }

    /**
     * One try of what {@link #acquireAfterColdStart()} does, without waiting (asynchronous clients, which look again
     * on a timer): the reserved departure (with jitter), or {@link #AWAIT_OPENING_ANSWERS} (nothing reserved) while
     * the request must be held for a limiter's opening answers.
     *
     * @throws Zero429WaitTimeoutException if a limiter would make it wait past its max-wait; nothing is reserved then
     */
    public long reserveAfterColdStart(long arrival) throws Zero429WaitTimeoutException {
        return reserveAfterColdStart(arrival, ONE_CLIENT);
    }

    /** {@link #reserveAfterColdStart(long)} for a request {@code client} sends (see {@link #UNANSWERED}). */
    public long reserveAfterColdStart(long arrival, int client) throws Zero429WaitTimeoutException {
        checkClient(client);
        return locked(arrival, Mode.RESERVE_AFTER_COLD_START, client);
    }

    /**
     * Observe mode: the request leaves now whatever happens. If it conforms now it is committed like any other;
     * if not, nothing is committed (an unthrottled application would otherwise push the schedule ever further into
     * the future) and the wait it would have had is returned, counted on the limiter that imposed it.
     *
     * @return 0 if the request conforms now, else the nanoseconds it would have waited
     */
    public long observe() {
        try {
            return locked(ARRIVES_NOW, Mode.OBSERVE, UNANSWERED);
        } catch (Zero429WaitTimeoutException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /**
     * How long a request arriving now would wait (0: it may leave now), without reserving anything: a hint for a hook
     * choosing where to wait. A client hook that needs no wait asks for real only once its connection is ready, so
     * the departure it commits is when the request actually leaves; one that must wait does so before taking a
     * connection. The answer may be stale when the request asks for real; the real answer decides.
     *
     * <p>A request that would wait for a concurrency permit gets at least 1 (how long is unknown): it waits before
     * taking a connection, not while holding one.
     */
    public long waitHint() {
        long wait;
        try {
            wait = locked(ARRIVES_NOW, Mode.HINT, UNANSWERED);
        } catch (Zero429WaitTimeoutException impossible) {
            throw new IllegalStateException(impossible);
        }
        return wait == 0 && !permitsFree() ? 1 : wait;
    }

    private boolean permitsFree() {
        for (Limiter limiter : capped) {
            Permits permits = limiter.permits();
            if (permits.waiting() > 0 || permits.inFlight() >= permits.capacity()) {
                return false;
            }
        }
        return true;
    }

    /** What one pass through the critical section does with the departure it computes. */
    private enum Mode {
        /** Commit it (or refuse past max-wait). */
        RESERVE,
        /** As RESERVE, but a request that would wait (or go beyond the opening burst) while a limiter awaits its
         * opening requests' answers gets {@link #AWAIT_OPENING_ANSWERS} and commits nothing. */
        RESERVE_AFTER_COLD_START,
        /** Commit it only if it is now; otherwise count and return the wait. Never refuses. */
        OBSERVE,
        /** Return the wait, commit nothing, count nothing. Never refuses. */
        HINT
    }

    /** {@code client}: the request's, for {@link Mode#RESERVE_AFTER_COLD_START}; {@link #UNANSWERED} otherwise. */
    private long locked(long arrival, Mode mode, int client) throws Zero429WaitTimeoutException {
        if (limiters.length == 1) {
            synchronized (limiters[0]) {
                return reserveLocked(arrival, mode, client);
            }
        }
        return lockFrom(0, arrival, mode, client);
    }

    /**
     * Enters the limiters' monitors in lock order, one level of recursion each (a rule names a few limiters), then
     * reserves. Monitors, not ReentrantLocks: the section lasts nanoseconds and never blocks, and under contention
     * the JVM's adaptive spinning beats parking by far (see bench/RESULTS.md).
     */
    private long lockFrom(int index, long arrival, Mode mode, int client) throws Zero429WaitTimeoutException {
        if (index == limiters.length) {
            return reserveLocked(arrival, mode, client);
        }
        synchronized (limiters[index]) {
            return lockFrom(index + 1, arrival, mode, client);
        }
    }

    /**
     * The order in which several limiters take their shared copies' locks: the stores' own order (by record), the same
     * in every process, not this JVM's limiter ids (a reload renumbers them): two processes taking two records in
     * opposite orders would each wait for the other's lease to run out and then take it over.
     */
    private int[] sharedLockOrder() {
        int[] order = lockOrder;
        if (order == null) {
            Integer[] indexes = new Integer[limiters.length];
            for (int i = 0; i < indexes.length; i++) {
                indexes[i] = i;
            }
            Arrays.sort(indexes, Comparator.comparingLong(i -> limiters[i].sharedOrder()));
            order = new int[indexes.length];
            for (int i = 0; i < order.length; i++) {
                order[i] = indexes[i];
            }
            lockOrder = order;
        }
        return order;
    }

    /**
     * Computes the departure conforming to every limiter and acts on it as {@code mode} says, on the shared copy of
     * any limiter whose schedule other processes share (taken first, written back after).
     */
    private long reserveLocked(long arrivalOrNow, Mode mode, int client) throws Zero429WaitTimeoutException {
        if (limiters.length == 1) {
            limiters[0].enterShared();
        } else {
            for (int i : sharedLockOrder()) {
                limiters[i].enterShared();
            }
        }
        try {
            return reserveOnSchedules(arrivalOrNow, mode, client);
        } finally {
            for (Limiter limiter : limiters) {
                limiter.leaveShared();
            }
        }
    }

    private long reserveOnSchedules(long arrivalOrNow, Mode mode, int client) throws Zero429WaitTimeoutException {
        long now = clock.nanoTime();
        long arrival = arrivalOrNow == ARRIVES_NOW ? now : arrivalOrNow;
        long departure = now;
        Limiter binding = limiters[0];
        boolean refuses = mode == Mode.RESERVE || mode == Mode.RESERVE_AFTER_COLD_START;
        for (int i = 0; i < limiters.length; i++) {
            Limiter limiter = limiters[i];
            long earliest = limiter.earliest(now, costs[i]);
            long wait = earliest - arrival;
            if (refuses && wait > limiter.spec().maxWaitNanos()) {
                throw new Zero429WaitTimeoutException(limiter.name(), limiter.spec().describeLimits(), wait,
                        limiter.spec().maxWaitNanos());
            }
            if (earliest > departure) {
                departure = earliest;
                binding = limiter;
            }
        }
        // FIFO: planned departures never go backwards (this also keeps window rings sorted).
        for (Limiter limiter : limiters) {
            departure = Math.max(departure, limiter.lastDeparture());
        }
        if (mode == Mode.HINT) {
            return departure - now;
        }
        if (mode == Mode.OBSERVE && departure > now) {
            binding.countObservedDelay();
            return departure - now;
        }
        if (mode == Mode.RESERVE_AFTER_COLD_START) {
            for (int i = 0; i < limiters.length; i++) {
                Limiter limiter = limiters[i];
                if (limiter.holding(now) && (departure > now || limiter.beyondOpening(now, costs[i]))) {
                    REMOTE_POLL.get()[0] = HOLD_POLL_NANOS; // held here, not by a store: look again as soon
                    return AWAIT_OPENING_ANSWERS;
                }
                // Waiting anyway, on a request whose arrival is a guess: look again once it is answered (within a
                // round trip, long before the slot), rather than commit to the guess. Never past the slot itself.
                if (departure > now + HOLD_POLL_NANOS && limiter.bindsOnGuess(now, costs[i])) {
                    REMOTE_POLL.get()[0] = HOLD_POLL_NANOS;
                    return AWAIT_OPENING_ANSWERS;
                }
            }
        }
        if (mode != Mode.HINT) {
            for (int i = 0; i < limiters.length; i++) {
                Limiter limiter = limiters[i];
                if (!limiter.plansRemotely()) {
                    continue;
                }
                // The store plans on every process's departures: the request waits for it too, from its answer on,
                // and no longer than any of its limiters allows (the store commits only what it does not refuse).
                long maxWait = mode == Mode.OBSERVE ? RemoteRequest.ONLY_NOW : leastMaxWait() - (now - arrival);
                long planned = limiter.remoteDeparture(now, departure, costs[i], maxWait, client);
                long waited = now - arrival;
                if (planned == RemoteSharing.HELD) {
                    // Another process's opening, or the unit it waits on, is on its way unanswered: look again when
                    // the store says (an answer comes within a round trip of the unit's departure).
                    long hint = limiter.remoteHoldHint();
                    REMOTE_POLL.get()[0] = hint <= 0 ? REMOTE_HOLD_POLL_NANOS
                            : Math.max(MIN_REMOTE_POLL_NANOS, Math.min(MAX_REMOTE_POLL_NANOS, hint));
                    return AWAIT_OPENING_ANSWERS;
                }
                if (planned == RemoteSharing.REFUSED) {
                    long wait = limiter.remoteRefusedWait();
                    if (mode == Mode.OBSERVE) {
                        limiter.countObservedDelay();
                        return Math.max(1, wait);
                    }
                    Limiter strictest = strictestMaxWait();
                    throw new Zero429WaitTimeoutException(limiter.name(), limiter.spec().describeLimits(),
                            Saturating.add(wait, waited), strictest.spec().maxWaitNanos());
                }
                now = limiter.remoteAnsweredAt();
                departure = Math.max(planned, now);
                binding = planned > now ? limiter : binding;
            }
        }
        // The state keeps the planned time; the caller leaves a little later. Nobody else's slot moves.
        long released = mode != Mode.OBSERVE && departure > now ? Saturating.add(departure, jitter(binding)) : departure;
        for (int i = 0; i < limiters.length; i++) {
            limiters[i].commit(departure, released, costs[i], client);
        }
        if (mode == Mode.OBSERVE) {
            return 0;
        }
        if (departure > now) {
            PLANNED.get()[0] = departure;
        }
        return released;
    }

    /**
     * Sleeps until {@code departure}; if interrupted, gives the slot back where nobody reserved after it (see
     * {@link Limiter#giveBack}) and rethrows with the interrupt flag set.
     */
    private void sleepOrGiveBack(long departure) throws InterruptedIOException {
        try {
            clock.sleepUntil(departure);
        } catch (InterruptedIOException interrupted) {
            long planned = PLANNED.get()[0];
            for (int i = 0; i < limiters.length; i++) {
                limiters[i].giveBack(planned, costs[i]);
            }
            throw interrupted;
        }
    }

    /**
     * Spreads callers that would be released at the same moment. Drawn from the binding limiter's range, capped
     * by the slack every limiter's margin leaves, so it never brings departures closer than the stated limits and
     * never costs throughput (the plan is unchanged).
     */
    private long jitter(Limiter binding) {
        LimiterSpec spec = binding.spec();
        if (spec.jitterMaxNanos() == 0) {
            return 0;
        }
        long budget = Long.MAX_VALUE;
        for (Limiter limiter : limiters) {
            budget = Math.min(budget, limiter.jitterBudget());
        }
        if (budget <= 0) {
            return 0;
        }
        return Math.min(budget, binding.random().between(spec.jitterMinNanos(), spec.jitterMaxNanos()));
    }

    /**
     * The response to the request that left at {@code departure} began now ({@code Long.MIN_VALUE}: it failed without
     * one): each limiter learns when it arrived at the latest (see {@link Limiter#onResponse(long, long)}).
     */
    public void responseReceived(long departure) {
        responseReceived(departure, ONE_CLIENT);
    }

    /** {@link #responseReceived(long)} for a request {@code client} sent: its first answer ends its cold path. */
    public void responseReceived(long departure, int client) {
        checkClient(client);
        for (int i = 0; i < limiters.length; i++) {
            limiters[i].onResponse(departure, costs[i], client);
        }
    }

    /**
     * Whether a store plans the departures of any of its limiters ({@link Limiter#shareRemote}): a reservation then
     * takes the store's round trip (up to its timeout), which an asynchronous client makes off its own thread.
     */
    public boolean plansRemotely() {
        for (Limiter limiter : limiters) {
            if (limiter.plansRemotely()) {
                return true;
            }
        }
        return false;
    }

    /** How many limiters this admission goes through. */
    public int size() {
        return limiters.length;
    }

    /** The {@code i}th limiter in lock order. */
    public Limiter limiter(int i) {
        return limiters[i];
    }

    /** The cost of a request in the {@code i}th limiter. */
    public long cost(int i) {
        return costs[i];
    }

    /** The limiters, in lock order. */
    public List<Limiter> limiters() {
        return List.of(limiters);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("Admission[");
        for (int i = 0; i < limiters.length; i++) {
            text.append(i == 0 ? "" : ", ").append(limiters[i].name());
            if (costs[i] != 1) {
                text.append(':').append(costs[i]);
            }
        }
        return text.append(']').toString();
    }
}
