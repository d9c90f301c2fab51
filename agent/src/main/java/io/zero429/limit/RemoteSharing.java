package io.zero429.limit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The part of a {@link Limiter} whose schedule a {@link RemoteSchedule} (a Redis store) keeps for every process: asks
 * it for each departure, and plans on a local share of the budget while it is unreachable. Only ever touched inside
 * its limiter's monitor.
 *
 * <p>The store plans on its own clock ({@link RemoteRequest}). Its answer reaches this process some time after the
 * store read its clock, so the request leaves up to one store round trip later on the store's clock than the store
 * planned: the lateness it is planned with includes the store's timeout ({@code store.timeout}), the longest an
 * answer may take (a slower one is a failure). That costs a bucket once, when it fills from idle, and a window
 * nothing for long: its units are tightened to their answers.
 *
 * <p>The local share: while the store does not answer (its own check confirmed it: one request's failure only holds
 * the requests that may be held until the check says), the limiter plans on {@code 1/N} of every limit ({@code N} the
 * processes last seen live on it; the configured share, or {@link #UNSEEN_SHARE_PPM} if it never saw the store),
 * starting with that share spent as of the last departure the store had committed for anybody (the others may still
 * send up to then on what it planned for them). When the store answers again, the units this process sent on its share
 * are counted there (a bucket full as of the latest of them, a window with each), so neither switch lets a burst
 * through.
 */
final class RemoteSharing {
    /** Window units on their way whose answers will tighten them in the store, at most (more stay as planned). */
    private static final int MAX_UNANSWERED = 4096;
    /** Units sent on a window's local share kept to be counted by the store on the return, at most. */
    private static final int MAX_SHARE_UNITS = 10_000;
    /**
     * The share planned on when the store never answered (no heartbeat said how many processes share it) and no
     * {@code store.fallback-share} is configured: an eighth, a guess on the safe side for a few processes.
     */
    static final long UNSEEN_SHARE_PPM = 125_000;
    /** How soon a request held while the store's failure is not confirmed looks again. */
    private static final long UNCONFIRMED_POLL_NANOS = 10_000_000L;
    private static final AtomicLong SEQUENCE = new AtomicLong();
    /** Names this process's units apart from every other's (pid and start). */
    private static final String PROCESS = Long.toHexString(ProcessHandle.current().pid()) + "."
            + Long.toHexString(System.nanoTime() ^ System.currentTimeMillis());

    /** Returned by {@link #depart} when the store refused the request; {@link #refusedWait} says how long it was. */
    static final long REFUSED = Long.MIN_VALUE;
    /** Returned by {@link #depart} when the store held the request for an answer (nothing committed). */
    static final long HELD = Long.MIN_VALUE + 1;

    private final RemoteSchedule store;
    private final LimiterSpec spec;
    private final boolean window;
    private final RemoteRequest request = new RemoteRequest();
    /** The local share while the store is unreachable, or null. */
    private Schedule share;
    /** Units were sent on the local share since the store last answered: the next answer counts them there. */
    private boolean sentOnShare;
    /** Of a window: when each unit sent on the share left (this clock), for the store to count on the return. */
    private final List<Long> shareDepartures = new ArrayList<>();
    /** The last reservation was planned on the local share: its commit goes there ({@link #committed}). */
    private boolean plannedOnShare;
    /** When the store's last answer reached this process (this clock). */
    private long answeredAt;
    /** The last departure the store said it had committed for anybody (this clock). */
    private long horizon = Long.MIN_VALUE;
    /** See {@link #pauseEnd}. */
    private long pauseEnd = Long.MIN_VALUE;
    /** See {@link #cutRatioPpm}. */
    private long cutRatioPpm = PlannedLimit.FULL_RATIO_PPM;
    private long cutAt;
    private long refusedWait;
    private long holdHint;
    /** The last reservation's window units: named to the store once answered. */
    private String windowUnit;
    /**
     * Window units on their way: released, cost and name, until their answers come. The store counts each until the
     * latest it may arrive; its answer says it arrived by then, which the next reservation tells the store.
     */
    private final List<Object[]> unanswered = new ArrayList<>();
    /** Answers to such units, not yet told to the store: name, cost, when (this clock). */
    private final List<Object[]> answered = new ArrayList<>();
    /** The last reservation was an opening unit (committed in cold start {@link #epoch}). */
    private boolean openingUnit;
    private long epoch;
    /** This process's opening units on their way: released, cost, epoch. */
    private final List<long[]> openingInFlight = new ArrayList<>();
    /** Of them, answered in all (of cold start {@code answeredOpeningEpoch}): the store takes the difference. */
    private long answeredOpeningUnits;
    private long answeredOpeningEpoch;

    RemoteSharing(RemoteSchedule store, LimiterSpec spec) {
        this.store = store;
        this.spec = spec;
        this.window = spec.mode() == LimitMode.WINDOW;
        this.request.process = PROCESS;
    }

    /**
     * The departure (this clock) of a request of {@code cost} that may not leave before {@code departure} (the
     * limiter's own plan), after the store planned and committed it; {@link #REFUSED} (nothing committed) if it would
     * wait past {@code maxWait} from {@code now} ({@link RemoteRequest#ONLY_NOW}: at all); {@link #HELD} (nothing
     * committed) if it must ask again later ({@link #holdHint}).
     *
     * @param lateness how late after its departure the request may reach the server (see {@link ArrivalModel})
     * @param opening the request is one of this process's opening units (see {@link ArrivalModel#inOpening})
     * @param mayHold the request may be held (a hook's request, which looks again)
     * @param plans the limits as the limiter plans them now, in the order of its spec
     */
    long depart(long now, long departure, long cost, long lateness, boolean opening, boolean mayHold, long maxWait,
            PlannedLimit[] plans, long ratioPpm, Clock clock) {
        plannedOnShare = false;
        windowUnit = null;
        openingUnit = false;
        if (!store.available()) {
            return unanswered(now, departure, cost, mayHold, maxWait, ratioPpm);
        }
        long asked = clock.nanoTime();
        fill(asked, departure, cost, lateness, opening, mayHold, maxWait, plans);
        try {
            store.reserve(request);
        } catch (Exception | LinkageError unavailable) { // the store's own failures never reach the application
            return unanswered(now, departure, cost, mayHold, maxWait, ratioPpm);
        }
        long at = clock.nanoTime();
        if (at - asked > spec.storeTimeoutNanos() && !request.held && !request.refused) {
            // Slower than the lateness it was planned with (a pause after the answer came): its slot stays unused,
            // and the request does not leave on it. It never arrives: as answered now, for the opening and a window.
            told();
            if (opening) {
                openingAnswered(request.epoch, cost);
            }
            if (window && lateness > 0) {
                answered.add(new Object[] {request.unit, cost, at});
            }
            return unanswered(now, departure, cost, mayHold, maxWait, ratioPpm);
        }
        told();
        answeredAt = at;
        horizon = Saturating.add(at, request.horizon);
        pauseEnd = request.pauseLeft > 0 ? Saturating.add(at, request.pauseLeft) : Long.MIN_VALUE;
        cutRatioPpm = request.cutRatioPpm > 0 ? request.cutRatioPpm : PlannedLimit.FULL_RATIO_PPM;
        cutAt = at - request.cutAge;
        epoch = request.epoch;
        if (request.held) {
            holdHint = request.wait;
            return HELD;
        }
        if (request.refused) {
            refusedWait = request.wait;
            return REFUSED;
        }
        if (window && lateness > 0) {
            if (unanswered.size() >= MAX_UNANSWERED) {
                unanswered.remove(0); // failed without an answer, long ago: it stays counted as planned
            }
            windowUnit = request.unit; // its answer will say when it arrived at the latest: see committed
        }
        openingUnit = opening;
        return Saturating.add(at, request.wait);
    }

    private void fill(long asked, long departure, long cost, long lateness, boolean opening, boolean mayHold,
            long maxWait, PlannedLimit[] plans) {
        request.notBefore = Math.max(0, departure - asked);
        request.cost = cost;
        // A window counts a unit until its answer says when it arrived, and until then as late as the model ever
        // assumes (one stalled longer than any answered so far must not let the next window leave early); a request
        // waiting on such a unit is held until the answer comes (see the store's script).
        long late = window && lateness > 0 ? ArrivalModel.MAX_LATENESS_NANOS : lateness;
        request.lateness = Saturating.add(late, Saturating.add(spec.storeTimeoutNanos(), spec.jitterMaxNanos()));
        request.maxWait = maxWait == RemoteRequest.ONLY_NOW ? maxWait : Math.max(0, maxWait);
        request.unit = PROCESS + "." + Long.toHexString(SEQUENCE.incrementAndGet());
        request.limits(plans, window);
        request.opening = opening;
        request.mayHold = mayHold;
        request.answeredOpeningEpoch = answeredOpeningEpoch;
        request.answeredOpeningUnits = answeredOpeningUnits;
        request.rejoin = sentOnShare;
        request.shareCount = 0;
        if (sentOnShare && window) {
            if (request.shareAges.length < shareDepartures.size()) {
                request.shareAges = new long[shareDepartures.size()];
            }
            // Counted as late as any request may arrive (the store adds this request's lateness to each age).
            long extra = Saturating.add(ArrivalModel.MAX_LATENESS_NANOS, Saturating.add(spec.storeTimeoutNanos(),
                    spec.jitterMaxNanos())) - request.lateness;
            for (long left : shareDepartures) {
                request.shareAges[request.shareCount++] = asked - left - Math.max(0, extra);
            }
        }
        int count = answered.size();
        if (request.answeredUnits.length < count) {
            request.answeredUnits = new String[count];
            request.answeredCosts = new long[count];
            request.answeredAges = new long[count];
        }
        for (int i = 0; i < count; i++) {
            Object[] unit = answered.get(i);
            request.answeredUnits[i] = (String) unit[0];
            request.answeredCosts[i] = (long) unit[1];
            request.answeredAges[i] = Math.max(0, asked - (long) unit[2]);
        }
        request.answeredCount = count;
    }

    /** The store answered: what the request told it is told. */
    private void told() {
        answered.subList(0, request.answeredCount).clear();
        if (request.rejoin) {
            sentOnShare = false;
            shareDepartures.clear();
        }
        share = null;
    }

    /**
     * The store did not answer: on the local share once its check confirmed it down; until then a request that may be
     * held looks again shortly (the check takes at most the store's timeout), one that may not (the plain API) goes on
     * the share at once.
     */
    private long unanswered(long now, long departure, long cost, boolean mayHold, long maxWait, long ratioPpm) {
        if (store.down() || !mayHold) {
            return onShare(now, departure, cost, maxWait, ratioPpm);
        }
        answeredAt = now;
        holdHint = UNCONFIRMED_POLL_NANOS;
        return HELD;
    }

    private long onShare(long now, long departure, long cost, long maxWait, long ratioPpm) {
        answeredAt = now;
        if (share == null) {
            // The others may still send, up to the last departure the store planned for them: the share starts there.
            // (their units count there until as late as they may arrive: the most lateness assumed and the timeout)
            share = spentShare(Math.max(now, Saturating.add(horizon, Saturating.add(ArrivalModel.MAX_LATENESS_NANOS,
                    Saturating.add(spec.storeTimeoutNanos(), spec.jitterMaxNanos())))));
        }
        share.planAt(ratioPpm);
        long leaves = Math.max(departure, share.earliest(now, cost));
        if (maxWait == RemoteRequest.ONLY_NOW ? leaves > now : leaves - now > maxWait) {
            refusedWait = leaves - now;
            return REFUSED;
        }
        plannedOnShare = true;
        return leaves;
    }

    /** The local share of every limit, spent at {@code at}: its first request leaves one share's interval later. */
    private Schedule spentShare(long at) {
        long ppm = spec.storeFallbackSharePpm();
        if (ppm == 0) {
            int processes = store.processes();
            ppm = processes > 0 ? 1_000_000L / processes : UNSEEN_SHARE_PPM;
        }
        LimiterSpec shared = shareOf(spec, ppm);
        Schedule schedule = new Schedule(shared, at);
        long full = 1;
        for (LimitSpec limit : shared.limits()) {
            full = Math.max(full, window ? limit.count() : limit.burst());
        }
        schedule.commit(at, at, full, 0);
        return schedule;
    }

    /**
     * {@code spec} with every limit cut to {@code ppm} of its count and burst; a share of less than one request per
     * window is one request per longer window, so that the shares never add up to more than the limit.
     */
    static LimiterSpec shareOf(LimiterSpec spec, long ppm) {
        List<LimitSpec> limits = new ArrayList<>();
        for (LimitSpec limit : spec.limits()) {
            long count = limit.count() * ppm / 1_000_000L;
            if (count < 1) {
                // ceil(window / (count * share)): one request in a window that long is at most the share.
                java.math.BigInteger stretched = java.math.BigInteger.valueOf(limit.windowNanos())
                        .multiply(java.math.BigInteger.valueOf(1_000_000L))
                        .add(java.math.BigInteger.valueOf(limit.count() * ppm - 1))
                        .divide(java.math.BigInteger.valueOf(limit.count() * ppm));
                long window = stretched.min(java.math.BigInteger.valueOf(LimitSpec.MAX_WINDOW_NANOS)).longValue();
                limits.add(new LimitSpec(1, window, 1));
            } else {
                int burst = (int) Math.max(1, Math.min(count, limit.burst() * ppm / 1_000_000L));
                limits.add(new LimitSpec(count, limit.windowNanos(), burst));
            }
        }
        return spec.toBuilder().limits(limits).storeRedis(null).build();
    }

    /**
     * The last {@link #depart} was committed, released at {@code released} (with jitter: the time its answer will
     * name). Planned on the local share, it is committed there too. Limiter's commit.
     */
    void committed(long departure, long released, long cost, long lateness) {
        if (plannedOnShare && share != null) {
            share.commit(departure, released, cost, lateness);
            sentOnShare = true;
            if (window) {
                for (long unit = 0; unit < cost; unit++) {
                    if (shareDepartures.size() >= MAX_SHARE_UNITS) {
                        shareDepartures.remove(0); // the oldest: the newest are the ones that still count
                    }
                    shareDepartures.add(released);
                }
            }
        }
        if (windowUnit != null) {
            unanswered.add(new Object[] {released, cost, windowUnit});
        }
        if (openingUnit) {
            openingInFlight.add(new long[] {released, cost, epoch});
        }
        plannedOnShare = false;
        windowUnit = null;
        openingUnit = false;
    }

    /** Nothing of this limiter leaves, in any process on the store, for {@code nanos} from now (told in background). */
    void pause(long nanos) {
        store.pause(nanos);
    }

    /** This process's adjuster cut the ratio to {@code ratioPpm}, which matters for {@code mattersNanos} (told in background). */
    void cut(long ratioPpm, long mattersNanos) {
        store.cut(ratioPpm, mattersNanos);
    }

    /** After an answer of the store: the ratio of the last cut any process told it of (FULL: none). */
    long cutRatioPpm() {
        return cutRatioPpm;
    }

    /** After an answer of the store: when that cut was made, on this clock (as of the store's clock when it answered). */
    long cutAt() {
        return cutAt;
    }

    /**
     * After an answer of the store: until when a pause some process told it of runs (on this clock, from when the
     * answer came), or Long.MIN_VALUE: this process's waiters then hold for it too.
     */
    long pauseEnd() {
        return pauseEnd;
    }

    /** When the store's last answer (or the switch to the share) came: the time the departure was planned from. */
    long answeredAt() {
        return answeredAt;
    }

    /** After {@link #HELD}: when the store said to ask again (0: it did not say). */
    long holdHint() {
        return holdHint;
    }

    long refusedWait() {
        return refusedWait;
    }

    /** Whether the limiter plans on its local share (the store did not answer). */
    boolean onShare() {
        return share != null;
    }

    /**
     * The request that left at {@code departure} was answered at {@code at}: if it is a window unit, the store learns
     * with the next reservation that it arrived by then; if it is an opening unit, that it is no longer pending.
     */
    void answered(long departure, long cost, long at) {
        for (int i = 0; i < openingInFlight.size(); i++) {
            long[] unit = openingInFlight.get(i);
            if (unit[0] == departure && unit[1] == cost) {
                openingInFlight.remove(i);
                openingAnswered(unit[2], cost);
                break;
            }
        }
        for (int i = 0; i < unanswered.size(); i++) {
            Object[] unit = unanswered.get(i);
            if ((long) unit[0] == departure && (long) unit[1] == cost) {
                unanswered.remove(i);
                answered.add(new Object[] {unit[2], cost, at});
                return;
            }
        }
    }

    private void openingAnswered(long unitEpoch, long cost) {
        if (unitEpoch != answeredOpeningEpoch) {
            answeredOpeningEpoch = unitEpoch; // an earlier cold start is over: its units no longer count
            answeredOpeningUnits = 0;
        }
        answeredOpeningUnits += cost;
    }
}
