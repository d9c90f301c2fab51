package io.zero429.limit;

import java.util.List;

/**
 * A limiter's limits and what has left under them: one {@link LimitState} per stated limit, planned with the
 * limiter's margin at the rate its adjuster allows. The part of a {@link Limiter} that says when a request conforms;
 * the limiter around it adds pauses, the server's budget, FIFO order and the arrival model. Only ever touched inside
 * its limiter's monitor.
 */
final class Schedule {
    private final LimitSpec[] stated;
    private final LimitState[] states;
    private final int marginBasisPoints;
    private final boolean learnsFromAnswers;
    private long planRatioPpm;
    private PlannedLimit[] plans;

    /** Buckets full and windows empty at {@code start}. */
    Schedule(LimiterSpec spec, long start) {
        List<LimitSpec> limits = spec.limits();
        this.stated = limits.toArray(new LimitSpec[0]);
        this.states = new LimitState[stated.length];
        for (int i = 0; i < stated.length; i++) {
            states[i] = LimitState.create(spec.mode(), stated[i], start);
        }
        this.marginBasisPoints = spec.marginBasisPoints();
        this.planRatioPpm = RateAdjuster.FULL;
        this.plans = plan(RateAdjuster.FULL);
        boolean learns = false;
        for (LimitState state : states) {
            learns |= state.learnsFromAnswers();
        }
        this.learnsFromAnswers = learns;
    }

    /** Plans at {@code ratioPpm} of the stated rates from now on (the adjuster's ratio, halved in an emergency). */
    void planAt(long ratioPpm) {
        if (ratioPpm != planRatioPpm) {
            plans = plan(ratioPpm);
            planRatioPpm = ratioPpm;
        }
    }

    /** The limits as planned now, in the order of the spec. */
    PlannedLimit[] plans() {
        return plans;
    }

    long planRatioPpm() {
        return planRatioPpm;
    }

    private PlannedLimit[] plan(long ratioPpm) {
        PlannedLimit[] result = new PlannedLimit[stated.length];
        for (int i = 0; i < stated.length; i++) {
            result[i] = PlannedLimit.of(stated[i], marginBasisPoints, ratioPpm);
        }
        return result;
    }

    /** Earliest time at or after {@code now} when {@code cost} more units conform to every limit. */
    long earliest(long now, long cost) {
        long departure = now;
        for (int i = 0; i < states.length; i++) {
            departure = Math.max(departure, states[i].earliest(now, cost, plans[i]));
        }
        return departure;
    }

    /** See {@link LimitState#commit}. */
    void commit(long departure, long released, long cost, long lateness) {
        for (int i = 0; i < states.length; i++) {
            states[i].commit(departure, released, cost, plans[i], lateness);
        }
    }

    /** How far jitter may push a departure without costing throughput: the least any limit allows. */
    long jitterBudget() {
        long budget = Long.MAX_VALUE;
        for (int i = 0; i < states.length; i++) {
            budget = Math.min(budget, states[i].jitterBudget(plans[i]));
        }
        return budget;
    }

    /** See {@link LimitState#bindsOnGuess}: true if any limit does. */
    boolean bindsOnGuess(long cost) {
        for (int i = 0; i < states.length; i++) {
            if (states[i].bindsOnGuess(cost, plans[i])) {
                return true;
            }
        }
        return false;
    }

    /** See {@link LimitState#beyondOpening}: true if any limit says so. */
    boolean beyondOpening(long committedUnits, long cost) {
        for (int i = 0; i < states.length; i++) {
            if (states[i].beyondOpening(committedUnits, cost, plans[i])) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@link #answered} can change what this schedule plans. */
    boolean learnsFromAnswers() {
        return learnsFromAnswers;
    }

    /** See {@link LimitState#answered}. */
    void answered(long released, long cost, long answeredAt) {
        for (LimitState state : states) {
            state.answered(released, cost, answeredAt);
        }
    }

    /**
     * See {@link LimitState#arrivedLate}; {@code othersShare}: the schedule is shared with other processes
     * ({@link LimitState#arrivedLateAmongOthers}).
     */
    void arrivedLate(ArrivalModel opening, long lastAnswer, long unitsSoFar, boolean othersShare) {
        for (int i = 0; i < states.length; i++) {
            if (othersShare) {
                states[i].arrivedLateAmongOthers(opening, lastAnswer, unitsSoFar, plans[i]);
            } else {
                states[i].arrivedLate(opening, lastAnswer, unitsSoFar, plans[i]);
            }
        }
    }

    /** See {@link LimitState#openingArrivedBy}. */
    void openingArrivedBy(long at, long units) {
        for (int i = 0; i < states.length; i++) {
            states[i].openingArrivedBy(at, units, plans[i]);
        }
    }

    /** See {@link LimitState#syncLevel}: true if any limit finds that somebody else spends the same budget. */
    boolean syncLevel(long at, long uncertainty, long level) {
        boolean shared = false;
        for (int i = 0; i < states.length; i++) {
            shared |= states[i].syncLevel(at, uncertainty, level, plans[i]);
        }
        return shared;
    }

    /** Undoes the last commit in every limit; false if any could not (see {@link LimitState#undoLast}). */
    boolean undoLast(long departure, long cost) {
        boolean undone = true;
        for (LimitState state : states) {
            undone &= state.undoLast(departure, cost);
        }
        return undone;
    }

    /** Longs every limit of {@code spec} keeps in a {@link SharedState} (see {@link LimitState#sharedLongs}). */
    static long sharedLongs(LimiterSpec spec) {
        long longs = 0;
        for (LimitSpec limit : spec.limits()) {
            longs += LimitState.sharedLongs(spec.mode(), limit);
        }
        return longs;
    }

    /**
     * Whether every limit can be kept in {@code shared} (see {@link LimitState#sharedLongs}), with {@code after} longs
     * left after them for the limiter's own use.
     */
    boolean fitsIn(SharedState shared, int after) {
        long needed = 0;
        for (LimitState state : states) {
            needed += state.sharedLongs();
        }
        return needed <= shared.longs() - after;
    }

    /** Takes the shared copy of every limit as its own. */
    void load(SharedState shared) {
        int at = 0;
        for (LimitState state : states) {
            state.load(shared, at);
            at += state.sharedLongs();
        }
    }

    /** Writes every limit's own copy to the shared one. */
    void save(SharedState shared) {
        int at = 0;
        for (LimitState state : states) {
            state.save(shared, at);
            at += state.sharedLongs();
        }
    }

    /** Every limit back to its initial state at {@code now} (full bucket, empty window). */
    boolean isIdle(long now) {
        for (int i = 0; i < states.length; i++) {
            if (!states[i].isIdle(now, plans[i])) {
                return false;
            }
        }
        return true;
    }
}
