package io.zero429.limit;

/**
 * The memory of one limit: what has left so far. Only ever touched while its limiter's lock is held, and the
 * lock is never held while anyone waits.
 */
abstract class LimitState {
    /**
     * Earliest time at or after {@code now} when {@code cost} more units conform to this limit, allowing for
     * requests that reach the server up to {@code lateness} later than one another ({@link TripSpread}): an exact
     * window, whose only tolerance is the margin's stretch, adds what the lateness exceeds it by.
     */
    abstract long earliest(long now, long cost, PlannedLimit plan, long lateness);

    /** Records that {@code cost} units leave at {@code departure} (never earlier than {@link #earliest}). */
    abstract void commit(long departure, long cost, PlannedLimit plan);

    /**
     * How much later than its planned time a departure may actually leave and still keep to the stated limit. The
     * state records the planned time, so this lateness (jitter) never moves anyone else's slot.
     */
    abstract long jitterBudget(PlannedLimit plan);

    /** True when this limit is back to its initial state at {@code now} (full bucket / empty window). */
    abstract boolean isIdle(long now, PlannedLimit plan);

    /**
     * The requests of {@code unitsFrom} units may all have reached the server as late as {@code latestArrival}: on the
     * server's side they count from then on.
     */
    abstract void arrivedLate(long latestArrival, long unitsFrom, PlannedLimit plan);

    /**
     * The server says {@code level} whole units are left in its bucket at about {@code at} (give or take
     * {@code uncertainty}; its stated limit, this limiter's in-flight requests already taken off). If that is clearly
     * less than the bucket would hold had only this limiter spent it, somebody else spends the same bucket: this state
     * counts on half of what is left, as the other client will spend the rest. Clearly less: over two units less plus
     * what refills during the uncertainty of when it counted (one unit because the server rounds down, one because it
     * counts arrivals and the earlier requests may have arrived later than they left, by up to a round trip; a round
     * trip longer than an interval can make a lone limiter look shared, which only slows it). Never raises the state.
     *
     * @return true if somebody else spends the same bucket
     */
    boolean syncLevel(long at, long uncertainty, long level, PlannedLimit plan) {
        return false;
    }

    /**
     * Undoes the last {@link #commit}, of {@code cost} units at {@code departure}, if nothing was committed after it;
     * returns false if this state cannot (then nothing changed).
     */
    abstract boolean undoLast(long departure, long cost);

    static LimitState create(LimitMode mode, LimitSpec spec, long now) {
        return mode == LimitMode.WINDOW ? new WindowState(spec) : new GcraState(now);
    }

    /**
     * GCRA virtual scheduling with one theoretical arrival time (TAT). The earliest conforming departure for cost n
     * is TAT + (n - B)·T (never before now); a request costing more than the burst leaves once the bucket is full
     * and then owes the difference, so it never waits forever.
     */
    static final class GcraState extends LimitState {
        private long tat;
        /**
         * The TAT of the server's bucket had only this limiter spent it: its departures at the stated rate and burst.
         * Compared with the server's own count, it tells another client's use apart from this limiter's plan, which
         * the margin and the adjuster's cuts make slower than the server (a server level compared with the plan
         * looks normal as soon as the plan has slowed down, however much somebody else spends).
         */
        private long aloneTat;
        /** The TATs before and after the last commit, to undo it (a slot given back). */
        private long tatBeforeLast;
        private long tatAfterLast = Long.MIN_VALUE;
        private long aloneTatBeforeLast;

        GcraState(long now) {
            this.tat = now; // TAT <= now: the bucket starts full.
            this.aloneTat = now;
        }

        @Override
        boolean undoLast(long departure, long cost) {
            if (tat != tatAfterLast) {
                return false; // moved since (another commit, a server sync)
            }
            tat = tatBeforeLast;
            aloneTat = aloneTatBeforeLast;
            tatAfterLast = Long.MIN_VALUE;
            return true;
        }

        @Override
        long earliest(long now, long cost, PlannedLimit plan, long lateness) {
            long unitsBeforeFull = plan.burst - Math.min(cost, plan.burst);
            long conforming = Saturating.add(tat, -Saturating.multiply(unitsBeforeFull, plan.interval));
            // Lateness is not added here: spacing every interval by it would cost a fast limit (10 ms at 100/s) a
            // large share of its rate, while a late request only meets the one after it; window mode, where it costs
            // a share of a whole window, does add it.
            return Math.max(now, conforming);
        }

        @Override
        void commit(long departure, long cost, PlannedLimit plan) {
            tatBeforeLast = tat;
            tat = Saturating.add(Math.max(tat, departure), Saturating.multiply(cost, plan.interval));
            tatAfterLast = tat;
            aloneTatBeforeLast = aloneTat;
            aloneTat = Saturating.add(Math.max(aloneTat, departure), Saturating.multiply(cost, plan.statedInterval));
        }

        @Override
        long jitterBudget(PlannedLimit plan) {
            // Departures planned T' apart leaving up to T' - T late are still at least T apart (and any stretch
            // of time holds no more than the stated B + t/T): the margin's slack per interval.
            return plan.gcraSlack;
        }

        @Override
        boolean isIdle(long now, PlannedLimit plan) {
            return tat <= now;
        }

        @Override
        boolean syncLevel(long at, long uncertainty, long level, PlannedLimit plan) {
            // With TAT t, a bucket holds (at + B·T - t) / T units at `at`: a level L means a TAT of at + (B - L)·T.
            long alone = Saturating.add(at, Saturating.multiply(plan.statedBurst - level, plan.statedInterval));
            long tolerance = Saturating.add(Saturating.multiply(2, plan.statedInterval), uncertainty);
            if (level >= plan.statedBurst || alone - aloneTat <= tolerance) {
                return false;
            }
            long share = level / 2;
            if (share < plan.burst) {
                tat = Math.max(tat, Saturating.add(at, Saturating.multiply(plan.burst - share, plan.interval)));
            }
            return true;
        }

        /** The server's bucket, anchored at the late arrival, is at least this far along: never plan ahead of it. */
        @Override
        void arrivedLate(long latestArrival, long unitsFrom, PlannedLimit plan) {
            tat = Math.max(tat, Saturating.add(latestArrival, Saturating.multiply(unitsFrom, plan.interval)));
        }
    }

    /**
     * Exact sliding window: a ring with the departure time of each of the last N units, oldest at {@code head}.
     * Departures are committed in non-decreasing order, so the ring stays sorted: k more units may leave at d iff the
     * (n - k + 1)-th newest left at or before d - W, n the planned count (N, or fewer after an adjuster cut).
     */
    static final class WindowState extends LimitState {
        private final long[] ring;
        private int head;
        /** Units committed so far, capped at the ring size: slots never written count as "left long ago". */
        private int used;
        /** What the last commit overwrote, to undo it: at most a few units. */
        private final long[] overwritten = new long[8];
        private int undoUnits;
        private int usedBeforeLast;
        private int headAfterLast = -1;

        WindowState(LimitSpec spec) {
            ring = new long[(int) spec.count()];
        }

        @Override
        long earliest(long now, long cost, PlannedLimit plan, long lateness) {
            // At most `count` units in any window: the units may leave once the j-th newest left a window ago, j the
            // count less the units plus one (the newest, for a request costing a whole window or more).
            int units = (int) Math.min(cost, ring.length);
            int newest = (int) Math.max(1, Math.min(plan.count, ring.length) - units + 1);
            if (used < newest) {
                return now;
            }
            long jthNewest = ring[Math.floorMod(head - newest, ring.length)];
            // An exact window tolerates nothing beyond the margin's stretch: the server counts arrivals, and the
            // unit that frees the slot may have arrived up to `lateness` later than planned.
            long extra = Math.max(0, lateness - plan.windowSlack);
            return Math.max(now, Saturating.add(jthNewest, Saturating.add(plan.window, extra)));
        }

        @Override
        void commit(long departure, long cost, PlannedLimit plan) {
            // A request costing more than the whole window waits for an empty window and fills it.
            int units = (int) Math.min(cost, ring.length);
            undoUnits = units <= overwritten.length ? units : 0;
            usedBeforeLast = used;
            for (int i = 0; i < units; i++) {
                if (i < undoUnits) {
                    overwritten[i] = ring[head];
                }
                ring[head] = departure;
                head = head + 1 == ring.length ? 0 : head + 1;
            }
            used = Math.min(ring.length, used + units);
            headAfterLast = head;
        }

        /** Only a commit of a few units is remembered well enough to undo (the ring slots it overwrote). */
        @Override
        boolean undoLast(long departure, long cost) {
            if (undoUnits == 0 || head != headAfterLast || undoUnits != Math.min(cost, ring.length)) {
                return false;
            }
            for (int i = undoUnits - 1; i >= 0; i--) {
                head = head == 0 ? ring.length - 1 : head - 1;
                ring[head] = overwritten[i];
            }
            used = usedBeforeLast;
            undoUnits = 0;
            headAfterLast = -1;
            return true;
        }

        @Override
        long jitterBudget(PlannedLimit plan) {
            // A unit planned W' after the one N units before it, leaving up to W' - W late, is still W after it.
            return plan.windowSlack;
        }

        @Override
        boolean isIdle(long now, PlannedLimit plan) {
            int newest = head == 0 ? ring.length - 1 : head - 1;
            return used == 0 || Saturating.add(ring[newest], plan.window) <= now;
        }

        /**
         * Not corrected: moving one departure in the ring could unsort it. Window mode's margin stretches the whole
         * window (20 ms at 1 s), which already absorbs the usual lateness.
         */
        @Override
        void arrivedLate(long latestArrival, long unitsFrom, PlannedLimit plan) {
        }
    }
}
