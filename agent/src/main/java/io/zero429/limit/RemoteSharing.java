package io.zero429.limit;

import java.io.IOException;
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
 * planned: the lateness it is planned with includes the longest round trip seen lately, as the arrival model's
 * includes the longest trip to the server.
 *
 * <p>The local share: while the store does not answer, the limiter plans on {@code 1/N} of every limit ({@code N} the
 * processes last seen live on it, or the configured share), starting with that share spent (the store's schedule may
 * have filled the server's limits just before), and rejoins the shared schedule the same way: the store counts its
 * limits spent when a process that planned alone comes back, so neither switch lets a burst through.
 */
final class RemoteSharing {
    /** The round trips of the current period and the one before it make the one planned with. */
    private static final long PERIOD_NANOS = ArrivalModel.PERIOD_NANOS;
    /** Window units on their way whose answers will tighten them in the store, at most (more stay as planned). */
    private static final int MAX_UNANSWERED = 4096;
    private static final AtomicLong SEQUENCE = new AtomicLong();
    /** Names this process's units apart from every other's (pid and start). */
    private static final String PROCESS = Long.toHexString(ProcessHandle.current().pid()) + "."
            + Long.toHexString(System.nanoTime() ^ System.currentTimeMillis());

    private final RemoteSchedule store;
    private final LimiterSpec spec;
    private final boolean window;
    private final RemoteRequest request = new RemoteRequest();
    /** The local share while the store is unreachable, or null. */
    private Schedule share;
    /** The share was planned on since the store last answered: the next answer rejoins. */
    private boolean rejoin;
    private long returnsSeen;
    /** The last reservation was planned on the share: its commit goes there ({@link #committed}). */
    private boolean plannedOnShare;
    /** The last reservation was an opening unit (committed in cold start {@link #epoch}). */
    private boolean openingUnit;
    private long epoch;
    /** This process's opening units on their way: released, cost, epoch. */
    private final List<long[]> openingInFlight = new ArrayList<>();
    /** Of them, answered since the store was last told (of cold start {@code answeredOpeningEpoch}). */
    private long answeredOpeningUnits;
    private long answeredOpeningEpoch;
    /** The last reservation's window units: named to the store once answered. */
    private String windowUnit;
    /** When the store's last answer reached this process (this clock). */
    private long answeredAt;
    private long refusedWait;
    private long holdHint;
    private long periodStart = Long.MIN_VALUE;
    private long longestNow;
    private long longestBefore;
    /**
     * Window units on their way: released, cost and name, until their answers come. The store counts each until the
     * latest it may arrive; its answer says it arrived by then, which the next reservation tells the store.
     */
    private final List<Object[]> unanswered = new ArrayList<>();
    /** Answers to such units, not yet told to the store: name, cost, when (this clock). */
    private final List<Object[]> answered = new ArrayList<>();
    private long failures;

    RemoteSharing(RemoteSchedule store, LimiterSpec spec) {
        this.store = store;
        this.spec = spec;
        this.window = spec.mode() == LimitMode.WINDOW;
        this.returnsSeen = store.returns();
    }

    /** Returned by {@link #depart} when the store refused the request; {@link #refusedWait} says how long it was. */
    static final long REFUSED = Long.MIN_VALUE;
    /** Returned by {@link #depart} when the store held the request for openings' answers (nothing committed). */
    static final long HELD = Long.MIN_VALUE + 1;

    /**
     * The departure (this clock) of a request of {@code cost} that may not leave before {@code departure} (the
     * limiter's own plan), after the store planned and committed it; or {@link #REFUSED} (nothing committed) if it
     * would wait past {@code maxWait} from {@code now} ({@link RemoteRequest#ONLY_NOW}: at all).
     *
     * @param lateness how late after its departure the request may reach the server (see {@link ArrivalModel})
     * @param plans the limits as the limiter plans them now, in the order of its spec
     */
    long depart(long now, long departure, long cost, long lateness, boolean opening, boolean mayHold, long maxWait,
            PlannedLimit[] plans, long ratioPpm, Clock clock) {
        plannedOnShare = false;
        windowUnit = null;
        openingUnit = false;
        if (store.available()) {
            long returns = store.returns();
            if (returns != returnsSeen) {
                rejoin = true; // the store came back after an outage this limiter may not have seen
                returnsSeen = returns;
            }
            request.notBefore = Math.max(0, departure - now);
            request.cost = cost;
            // A window counts a unit until its answer says when it arrived, and until then as late as the model
            // ever assumes (one stalled longer than any answered so far must not let the next window leave early);
            // a request waiting on such a unit is held until the answer comes (see the store's script).
            long late = window && lateness > 0 ? ArrivalModel.MAX_LATENESS_NANOS : lateness;
            request.lateness = Saturating.add(late, Saturating.add(longestTrip(), spec.jitterMaxNanos()));
            request.maxWait = maxWait == RemoteRequest.ONLY_NOW ? maxWait : Math.max(0, maxWait);
            request.rejoin = rejoin;
            request.unit = PROCESS + "." + Long.toHexString(SEQUENCE.incrementAndGet());
            request.limits(plans, window);
            request.opening = opening;
            request.mayHold = mayHold;
            request.answeredOpeningEpoch = answeredOpeningEpoch;
            request.answeredOpeningUnits = answeredOpeningUnits;
            fillAnswered(now);
            long asked = clock.nanoTime();
            try {
                store.reserve(request);
            } catch (IOException unavailable) {
                failures++;
                return onShare(now, departure, cost, maxWait, ratioPpm);
            }
            long at = clock.nanoTime();
            trip(asked, at);
            answered.subList(0, request.answeredCount).clear();
            answeredOpeningUnits -= request.answeredOpeningUnits;
            rejoin = false;
            share = null;
            answeredAt = at;
            epoch = request.epoch;
            if (request.held) {
                holdHint = request.wait;
                return HELD;
            }
            if (request.refused) {
                refusedWait = request.wait;
                return REFUSED;
            }
            openingUnit = opening;
            if (window && lateness > 0) {
                if (unanswered.size() >= MAX_UNANSWERED) {
                    unanswered.remove(0); // failed without an answer, long ago: it stays counted as planned
                }
                windowUnit = request.unit; // its answer will say when it arrived at the latest: see committed
            }
            return Saturating.add(at, request.wait);
        }
        return onShare(now, departure, cost, maxWait, ratioPpm);
    }

    private long onShare(long now, long departure, long cost, long maxWait, long ratioPpm) {
        rejoin = true;
        answeredAt = now;
        if (share == null) {
            share = spentShare(now);
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

    /** The local share of every limit, spent at {@code now}: the first request leaves one share's interval later. */
    private Schedule spentShare(long now) {
        long ppm = spec.storeFallbackSharePpm();
        if (ppm == 0) {
            int processes = Math.max(1, store.processes());
            ppm = 1_000_000L / processes;
        }
        LimiterSpec shared = shareOf(spec, ppm);
        Schedule schedule = new Schedule(shared, now);
        long full = 1;
        for (LimitSpec limit : shared.limits()) {
            full = Math.max(full, window ? limit.count() : limit.burst());
        }
        schedule.commit(now, now, full, 0);
        return schedule;
    }

    /** {@code spec} with every limit cut to {@code ppm} of its count and burst (at least 1 each). */
    static LimiterSpec shareOf(LimiterSpec spec, long ppm) {
        List<LimitSpec> limits = new ArrayList<>();
        for (LimitSpec limit : spec.limits()) {
            long count = Math.max(1, limit.count() * ppm / 1_000_000L);
            int burst = (int) Math.max(1, Math.min(count, limit.burst() * ppm / 1_000_000L));
            limits.add(new LimitSpec(count, limit.windowNanos(), burst));
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
        }
        if (windowUnit != null) {
            unanswered.add(new Object[] {released, cost, windowUnit});
        }
        if (openingUnit) {
            openingInFlight.add(new long[] {released, cost, epoch});
        }
        openingUnit = false;
        plannedOnShare = false;
        windowUnit = null;
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

    /** Reservations the store failed (each planned on the share instead). */
    long failures() {
        return failures;
    }

    /**
     * The request that left at {@code departure} was answered at {@code at}: if it is a window unit, the store learns
     * with the next reservation that it arrived by then.
     */
    void answered(long departure, long cost, long at) {
        for (int i = 0; i < openingInFlight.size(); i++) {
            long[] unit = openingInFlight.get(i);
            if (unit[0] == departure && unit[1] == cost) {
                openingInFlight.remove(i);
                if (unit[2] != answeredOpeningEpoch) {
                    answeredOpeningEpoch = unit[2]; // an earlier cold start is over: its units no longer count
                    answeredOpeningUnits = 0;
                }
                answeredOpeningUnits += cost;
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

    private void fillAnswered(long now) {
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
            request.answeredAges[i] = Math.max(0, now - (long) unit[2]);
        }
        request.answeredCount = count;
    }

    /**
     * The longest store round trip of the last one to two periods; before this limiter's first, the store's own
     * check's (its timeout if it has none).
     */
    private long longestTrip() {
        if (periodStart == Long.MIN_VALUE) {
            long seen = store.roundTrip();
            return seen > 0 ? seen : spec.storeTimeoutNanos();
        }
        return Math.max(longestNow, longestBefore);
    }

    private void trip(long asked, long at) {
        long trip = Math.max(0, at - asked);
        if (periodStart == Long.MIN_VALUE || at - periodStart >= PERIOD_NANOS) {
            longestBefore = periodStart == Long.MIN_VALUE ? trip : longestNow;
            longestNow = trip;
            periodStart = at;
        } else {
            longestNow = Math.max(longestNow, trip);
        }
    }
}
