package io.zero429.limit;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The memory of one limit: what has left so far. Only ever touched while its limiter's lock is held, and the
 * lock is never held while anyone waits.
 */
abstract class LimitState {
    /** Lateness passed to {@link #commit} while the limiter's {@link ArrivalModel} has not settled its cold start. */
    static final long LATENESS_UNKNOWN = -1;
    /**
     * Lateness passed to {@link #commit} on a cold start of a schedule other processes share, whose opening hold covers
     * it: every request beyond the opening burst of all of them waits for every opening answer (or a deadline) and is
     * then planned as if all had arrived together by then ({@link #openingArrivedBy}). A bucket counts such a unit when
     * it left (a guess of its lateness, in the shared schedule, would outlive the hold that replaces it); a window
     * keeps it a guess until its own answer.
     */
    static final long LATENESS_HELD = -2;

    /**
     * Earliest time at or after {@code now} when {@code cost} more units conform to this limit, for a request that
     * reaches the server no earlier than it leaves (the earlier ones as late as {@link #commit} was told).
     */
    abstract long earliest(long now, long cost, PlannedLimit plan);

    /**
     * Records that {@code cost} units are planned to leave at {@code departure} (never earlier than
     * {@link #earliest}), are released at {@code released} (the departure plus its jitter, which its response will
     * name) and may reach the server up to {@code lateness} after they left ({@link ArrivalModel#lateness()};
     * {@link #LATENESS_UNKNOWN} on a cold start, see {@link ArrivalModel}; 0 when no answer will come: the plain API
     * counts a request when it leaves).
     */
    abstract void commit(long departure, long released, long cost, PlannedLimit plan, long lateness);

    /**
     * The response to the request of {@code cost} units released at {@code released} began at {@code answeredAt}: its
     * units reached the server by then. Only window mode uses it (see {@link WindowState#answered}).
     */
    void answered(long released, long cost, long answeredAt) {
    }

    /**
     * On a cold start, whether a request of {@code cost} units after {@code committedUnits} goes beyond what may
     * leave before the opening requests are answered, even though it would not wait (see {@link ArrivalModel}). A
     * request that would wait is held anyway.
     */
    boolean beyondOpening(long committedUnits, long cost, PlannedLimit plan) {
        return false;
    }

    /**
     * Whether a request of {@code cost} that would wait binds on a request still on its way whose arrival is only
     * bounded by a guess (committed with a lateness, not answered yet): its answer, usually a round trip away, may
     * let the request leave sooner, so it had better look again then than commit to the guess now.
     */
    boolean bindsOnGuess(long cost, PlannedLimit plan) {
        return false;
    }

    /** Whether {@link #answered} can change what this state plans (the limiter then calls it on every response). */
    boolean learnsFromAnswers() {
        return false;
    }

    /**
     * How much later than its planned time a departure may actually leave and still keep to the stated limit. The
     * state records the planned time, so this lateness (jitter) never moves anyone else's slot.
     */
    abstract long jitterBudget(PlannedLimit plan);

    /** True when this limit is back to its initial state at {@code now} (full bucket / empty window). */
    abstract boolean isIdle(long now, PlannedLimit plan);

    /**
     * The cold start is over: every request committed so far (all with their lateness unknown) reached the server by
     * its answer, which {@code opening} knows ({@code lastAnswer}: the last one; {@code unitsSoFar}: all their units).
     */
    abstract void arrivedLate(ArrivalModel opening, long lastAnswer, long unitsSoFar, PlannedLimit plan);

    /**
     * {@link #arrivedLate} on a schedule other processes share: their guesses of when their own requests arrive are
     * in it too and are not this process's to replace, so the bound from this process's answers only ever raises it.
     */
    void arrivedLateAmongOthers(ArrivalModel opening, long lastAnswer, long unitsSoFar, PlannedLimit plan) {
        arrivedLate(opening, lastAnswer, unitsSoFar, plan);
    }

    /**
     * On a shared schedule, the last of every process's opening requests was answered by {@code at}: {@code units}
     * opening units in all, each of which may have reached the server as late as that. Never lowers the state.
     */
    void openingArrivedBy(long at, long units, PlannedLimit plan) {
    }

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

    /** How many longs this state keeps in a {@link SharedState} to be shared by several processes. */
    abstract int sharedLongs();

    /** Takes the shared copy, {@link #sharedLongs} longs from {@code at}, as its own. */
    abstract void load(SharedState shared, int at);

    /** Writes its own copy to {@code shared}, {@link #sharedLongs} longs from {@code at}. */
    abstract void save(SharedState shared, int at);

    /** Longs a limit of {@code spec} keeps in a {@link SharedState} in {@code mode} (see {@link #sharedLongs}). */
    static int sharedLongs(LimitMode mode, LimitSpec spec) {
        return mode == LimitMode.WINDOW ? WindowState.sharedLongs(spec.count()) : GcraState.SHARED_LONGS;
    }

    static LimitState create(LimitMode mode, LimitSpec spec, long now) {
        return mode == LimitMode.WINDOW ? new WindowState(spec) : new GcraState(now);
    }

    /**
     * GCRA virtual scheduling with one theoretical arrival time (TAT). The earliest conforming departure for cost n
     * is TAT + (n - B)·T (never before now); a request costing more than the burst leaves once the bucket is full
     * and then owes the difference, so it never waits forever.
     *
     * <p>Lateness: a request's arrival matters to the server's bucket only when it finds the bucket full; it then
     * starts the bucket's schedule, as late as it may arrive ({@code anchor}). Every request after it advances the
     * server's TAT by its cost whenever it arrives, so {@code lateTat} (the TAT counted from the anchor) bounds the
     * server's TAT once the anchor has arrived; before that, the anchor is not counted at all. A request q arriving
     * no earlier than it leaves therefore conforms if the units committed since the anchor, with its own, fit in the
     * burst (the anchor arrived before q or not at all), or else if it leaves no earlier than {@code lateTat} allows.
     * That holds only if the server's bucket is surely full when the anchor may first arrive, its departure: so a
     * request becomes the anchor only if it leaves once the late schedule has drained ({@code lateTat} at or before its
     * departure). One that leaves earlier but may arrive later than {@code lateTat} (a cold client's request, which may
     * arrive up to a second late) raises {@code lateTat} to its latest arrival and moves the anchor by as much: the
     * units since the anchor keep counting with it, since they may reach the server together with it and everything
     * after it. {@code lateTat} bounds the server's TAT whatever the arrivals: it is at least any unit's latest arrival
     * plus the units committed from it on.
     * A saturated limiter pays nothing for lateness under the burst's tolerance: no request finds its bucket full.
     */
    static final class GcraState extends LimitState {
        /** The TAT counting every request as arriving when it left. */
        private long tat;
        /** The TAT counting the last request that found the bucket full ({@code anchor}) as arriving as late as it may. */
        private long lateTat;
        /** The latest arrival of the last request that found the bucket full. */
        private long anchor;
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
        private long lateTatBeforeLast;
        private long anchorBeforeLast;

        GcraState(long now) {
            this.tat = now; // TAT <= now: the bucket starts full.
            this.aloneTat = now;
            this.lateTat = now;
            this.anchor = now;
        }

        /**
         * The TAT, the late TAT and its anchor, every process's departures in them (times of the host's monotonic
         * clock). What only this process knows stays its own: the TAT it alone would have ({@code aloneTat}, compared
         * with the server's counts) and what undoes its last commit, which is undone only while the shared TAT is
         * still the one it left.
         */
        @Override
        int sharedLongs() {
            return SHARED_LONGS;
        }

        static final int SHARED_LONGS = 3;

        @Override
        void load(SharedState shared, int at) {
            tat = shared.get(at);
            lateTat = shared.get(at + 1);
            anchor = shared.get(at + 2);
        }

        @Override
        void save(SharedState shared, int at) {
            shared.set(at, tat);
            shared.set(at + 1, lateTat);
            shared.set(at + 2, anchor);
        }

        @Override
        boolean undoLast(long departure, long cost) {
            if (tat != tatAfterLast) {
                return false; // moved since (another commit, a server sync)
            }
            tat = tatBeforeLast;
            aloneTat = aloneTatBeforeLast;
            lateTat = lateTatBeforeLast;
            anchor = anchorBeforeLast;
            tatAfterLast = Long.MIN_VALUE;
            return true;
        }

        @Override
        long earliest(long now, long cost, PlannedLimit plan) {
            long unitsBeforeFull = plan.burst - Math.min(cost, plan.burst);
            long conforming = Saturating.add(tat, -Saturating.multiply(unitsBeforeFull, plan.interval));
            long withCost = Saturating.add(lateTat, Saturating.multiply(cost, plan.interval));
            if (withCost - anchor > Saturating.multiply(plan.burst, plan.interval)) {
                // Beyond the burst counted from the anchor: it may meet the anchor's late start at the server.
                conforming = Math.max(conforming,
                        Saturating.add(lateTat, -Saturating.multiply(unitsBeforeFull, plan.interval)));
            }
            return Math.max(now, conforming);
        }

        /**
         * On a cold start (lateness unknown) the opening requests count when they left: no request beyond the burst is
         * planned until their responses are back ({@link #beyondOpening}), and {@link #arrivedLate} then moves them to
         * those responses.
         */
        @Override
        void commit(long departure, long released, long cost, PlannedLimit plan, long lateness) {
            // Unknown (cold): as late as the model ever assumes. It binds only a request beyond the burst, which is
            // held until the opening answers replace it ({@link #arrivedLate}), or, if they take longer than the
            // hold, plans on it.
            long late = lateness == LATENESS_UNKNOWN ? ArrivalModel.MAX_LATENESS_NANOS
                    : lateness == LATENESS_HELD ? 0 : lateness;
            long latestArrival = Saturating.add(departure, late);
            long units = Saturating.multiply(cost, plan.interval);
            tatBeforeLast = tat;
            lateTatBeforeLast = lateTat;
            anchorBeforeLast = anchor;
            tat = Saturating.add(Math.max(tat, departure), units);
            if (latestArrival > lateTat) {
                // It may find the bucket full: the server's schedule starts when it arrives. Unless the late schedule
                // drained before it left, the units since the anchor may arrive with it: they keep counting.
                anchor = departure - lateTat >= 0 ? latestArrival : Saturating.add(anchor, latestArrival - lateTat);
                lateTat = latestArrival;
            }
            lateTat = Saturating.add(Math.max(lateTat, tat - units), units);
            tatAfterLast = tat;
            aloneTatBeforeLast = aloneTat;
            aloneTat = Saturating.add(Math.max(aloneTat, departure), Saturating.multiply(cost, plan.statedInterval));
        }

        /**
         * The bucket refills while the opening requests travel, on the limiter's clock; on the server's it starts
         * only when they arrive. So a request beyond the opening burst waits for their answers even if the
         * limiter's schedule would let it go.
         */
        @Override
        boolean beyondOpening(long committedUnits, long cost, PlannedLimit plan) {
            return Saturating.add(committedUnits, cost) > plan.burst;
        }

        @Override
        long jitterBudget(PlannedLimit plan) {
            // Departures planned T' apart leaving up to T' - T late are still at least T apart (and any stretch
            // of time holds no more than the stated B + t/T): the margin's slack per interval.
            return plan.gcraSlack;
        }

        @Override
        boolean isIdle(long now, PlannedLimit plan) {
            return tat <= now && lateTat <= now;
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
                long shared = Saturating.add(at, Saturating.multiply(plan.burst - share, plan.interval));
                tat = Math.max(tat, shared);
                lateTat = Math.max(lateTat, shared);
            }
            return true;
        }

        /** The server's bucket is no further than had all the opening units arrived together at {@code at}. */
        @Override
        void openingArrivedBy(long at, long units, PlannedLimit plan) {
            tat = Math.max(tat, Saturating.add(at, Saturating.multiply(units, plan.interval)));
            lateTat = Math.max(lateTat, tat);
            tatAfterLast = Long.MIN_VALUE;
        }

        @Override
        void arrivedLateAmongOthers(ArrivalModel opening, long lastAnswer, long unitsSoFar, PlannedLimit plan) {
            tat = Math.max(tat, opening.openingBucketTat(plan.interval, lastAnswer, unitsSoFar));
            lateTat = Math.max(lateTat, tat);
            tatAfterLast = Long.MIN_VALUE;
        }

        /** The server's bucket, started by the late arrival, is at least this far along: never plan ahead of it. */
        @Override
        void arrivedLate(ArrivalModel opening, long lastAnswer, long unitsSoFar, PlannedLimit plan) {
            // Every request so far is answered: the bound from the answers replaces the guesses they were made with.
            tat = Math.max(tat, opening.openingBucketTat(plan.interval, lastAnswer, unitsSoFar));
            lateTat = tat;
            anchor = tat;
            tatAfterLast = Long.MIN_VALUE; // the last commit's state is gone: it cannot be undone now
        }
    }

    /**
     * Exact sliding window: at most N units in any window W, counted when they arrive. Keeps, for each of the N units
     * that may still count, when it left and the latest it may have reached the server ({@code latest}: its departure
     * plus the margin's stretch plus the most lateness the model assumes, tightened to its response once that is
     * back), sorted by that latest arrival, a ring whose {@code head} is the smallest. k more units may leave at d iff
     * at most n - k of them may have arrived after d - W, n the planned count (N, or fewer after an adjuster cut): d is
     * at least the (n - k + 1)-th latest arrival plus W. With no lateness this is the plain ring of departures
     * stretched by the margin.
     */
    static final class WindowState extends LimitState {
        /** This process: its id, mixed with when it started (an id may be used again by a later process). */
        private static final long PROCESS = ProcessHandle.current().pid() * 0x9E3779B97F4A7C15L ^ System.nanoTime();
        private static final AtomicLong INSTANCES = new AtomicLong();

        private final long[] latest;
        /** When each unit was released (its response names it by that). */
        private final long[] departures;
        /** The least each unit's latest arrival can be: its planned departure plus the margin's stretch. */
        private final long[] floors;
        /**
         * Whether each unit's latest arrival is still the guess it was committed with (not answered yet): 0 if not,
         * else the {@link #owner} whose answer will tighten it.
         */
        private final long[] guesses;
        /**
         * The owner of the guesses this state commits, never 0: its process and itself, as a shared ring holds the
         * units of other processes (and of other limiters of this one, a reloaded limiter's successor) too.
         */
        private final long owner = (PROCESS ^ INSTANCES.incrementAndGet() * 0xBF58476D1CE4E5B9L) | 1;
        private int head;
        /** Units committed so far, capped at the ring size: slots never written count as "left long ago". */
        private int used;
        /** What the last commit evicted (the smallest entries), to undo it: at most a few units. */
        private final long[] evictedLatest = new long[8];
        private final long[] evictedDepartures = new long[8];
        private final long[] evictedFloors = new long[8];
        private int undoUnits;
        private int usedBeforeLast;
        private long lastArrival;
        private long lastFloor;
        /** Changes since the last commit (answers), which make it impossible to undo. */
        private boolean changedSinceCommit = true;
        /**
         * The version of the shared ring this copy was last loaded from or saved as (-1: never), and whether it
         * changed since (a commit, an answer, an undo): only then is it written back, as a new version.
         */
        private long syncedVersion = -1;
        private boolean dirty;

        WindowState(LimitSpec spec) {
            latest = new long[(int) spec.count()];
            departures = new long[latest.length];
            floors = new long[latest.length];
            guesses = new long[latest.length];
        }

        /** Physical index of the {@code i}-th smallest entry (0-based) among the {@code used} ones. */
        private int at(int i) {
            int index = head + i;
            return index >= latest.length ? index - latest.length : index;
        }

        @Override
        long earliest(long now, long cost, PlannedLimit plan) {
            int rank = rank(cost, plan);
            if (used < rank) {
                return now;
            }
            long statedWindow = plan.window - plan.windowSlack;
            return Math.max(now, Saturating.add(latest[at(used - rank)], statedWindow));
        }

        /** Which latest arrival, counted from the latest, a request of {@code cost} must wait a window after. */
        private int rank(long cost, PlannedLimit plan) {
            int units = (int) Math.min(cost, latest.length);
            return (int) Math.max(1, Math.min(plan.count, latest.length) - units + 1);
        }

        @Override
        boolean bindsOnGuess(long cost, PlannedLimit plan) {
            int rank = rank(cost, plan);
            return used >= rank && guesses[at(used - rank)] != 0;
        }

        /**
         * A unit whose answer will come counts as late as the model ever assumes until that answer says when it
         * arrived, cold or not: not the learned lateness, which only says how late the requests answered so far
         * were; one later than any of them (a stall no response has shown yet: a GC pause, a request queued in its
         * client for longer than a window) would let the next window leave early. While answers come within a window
         * this costs nothing: a request that must wait a window after a unit not answered yet is held until its
         * answer ({@link #bindsOnGuess}), usually a round trip, and planned on that.
         */
        @Override
        void commit(long departure, long released, long cost, PlannedLimit plan, long lateness) {
            // A request costing more than the whole window waits for an empty window and fills it.
            int units = (int) Math.min(cost, latest.length);
            long floor = Saturating.add(departure, plan.windowSlack);
            long late = lateness == 0 ? 0 : ArrivalModel.MAX_LATENESS_NANOS; // 0: no answer will come
            long arrival = Saturating.add(floor, late);
            undoUnits = units <= evictedLatest.length ? units : 0;
            usedBeforeLast = used;
            lastArrival = arrival;
            lastFloor = floor;
            for (int i = 0; i < units; i++) {
                if (used == latest.length && arrival <= latest[head]) {
                    // Every unit kept may arrive later than this one: it can never be the one that binds.
                    undoUnits = 0;
                    continue;
                }
                if (used == latest.length) {
                    // Full: the smallest latest arrival leaves the ring (it can no longer bind anyone).
                    if (i < undoUnits) {
                        evictedLatest[i] = latest[head];
                        evictedDepartures[i] = departures[head];
                        evictedFloors[i] = floors[head];
                    }
                    head = head + 1 == latest.length ? 0 : head + 1;
                    used--;
                }
                int slot = at(used);
                latest[slot] = arrival;
                departures[slot] = released;
                floors[slot] = floor;
                guesses[slot] = late > 0 ? owner : 0;
                used++;
                siftDown(used - 1);
            }
            changedSinceCommit = false;
            dirty = true;
        }

        /** Moves the entry at sorted position {@code i} towards the head until the ring is sorted again. */
        private void siftDown(int i) {
            for (; i > 0 && latest[at(i - 1)] > latest[at(i)]; i--) {
                swap(i - 1, i);
            }
        }

        /**
         * The request's units reached the server by {@code answeredAt}: each counts from then at the latest (never
         * earlier than its floor), instead of the guess it was committed with.
         */
        @Override
        void answered(long released, long cost, long answeredAt) {
            long left = cost;
            // A unit's latest arrival is at least its floor, which is at least its release (jitter lives in the
            // margin's stretch): look from the largest down to the release.
            for (int i = used - 1; i >= 0 && left > 0; i--) {
                int slot = at(i);
                if (latest[slot] < released) {
                    return;
                }
                // Units of the same release are told apart by what is left to do: a guess not answered yet.
                if (departures[slot] != released || guesses[slot] != owner) {
                    continue;
                }
                left--;
                guesses[slot] = 0;
                dirty = true;
                // The answer is the bound: a guess too high is lowered, one too low (a request later than anything
                // learned: a thousand TLS handshakes at once) is raised, as the requests held on it will see.
                long answered = Math.max(floors[slot], answeredAt);
                if (answered != latest[slot]) {
                    int position = move(i, answered);
                    changedSinceCommit = true;
                    dirty = true;
                    if (position < i) {
                        i++; // the entry moved down: what moved up into position i is looked at again
                    }
                }
            }
        }

        /** Sets the entry at sorted position {@code i} to {@code value} and re-sorts; returns where it ended up. */
        private int move(int i, long value) {
            latest[at(i)] = value;
            int position = i;
            while (position + 1 < used && latest[at(position + 1)] < value) {
                swap(position, position + 1);
                position++;
            }
            while (position > 0 && latest[at(position - 1)] > value) {
                swap(position - 1, position);
                position--;
            }
            return position;
        }

        private void swap(int i, int j) {
            int a = at(i);
            int b = at(j);
            long l = latest[a];
            latest[a] = latest[b];
            latest[b] = l;
            long d = departures[a];
            departures[a] = departures[b];
            departures[b] = d;
            long f = floors[a];
            floors[a] = floors[b];
            floors[b] = f;
            long g = guesses[a];
            guesses[a] = guesses[b];
            guesses[b] = g;
        }

        @Override
        boolean learnsFromAnswers() {
            return true;
        }

        /** Only an unchanged commit of a few units is remembered well enough to undo. */
        @Override
        boolean undoLast(long departure, long cost) {
            int units = (int) Math.min(cost, latest.length);
            if (undoUnits == 0 || changedSinceCommit || undoUnits != units) {
                return false;
            }
            // Remove this commit's entries (any of that departure will do: they are interchangeable)...
            for (int k = 0; k < units; k++) {
                int found = -1;
                for (int i = used - 1; i >= 0; i--) {
                    if (floors[at(i)] == lastFloor && latest[at(i)] == lastArrival) {
                        found = i;
                        break;
                    }
                }
                if (found < 0) {
                    return false; // cannot happen for an unchanged last commit; nothing was altered yet
                }
                for (int i = found; i < used - 1; i++) {
                    latest[at(i)] = latest[at(i + 1)];
                    departures[at(i)] = departures[at(i + 1)];
                    guesses[at(i)] = guesses[at(i + 1)];
                    floors[at(i)] = floors[at(i + 1)];
                }
                used--;
            }
            // ...and put back what it evicted, smallest first, in front of the head.
            int evicted = usedBeforeLast - used;
            for (int i = evicted - 1; i >= 0; i--) {
                head = head == 0 ? latest.length - 1 : head - 1;
                latest[head] = evictedLatest[i];
                departures[head] = evictedDepartures[i];
                floors[head] = evictedFloors[i];
                guesses[head] = 0; // no longer worth holding a request for: it is answered or nearly gone
                used++;
            }
            undoUnits = 0;
            changedSinceCommit = true;
            dirty = true;
            return true;
        }

        @Override
        long jitterBudget(PlannedLimit plan) {
            // A unit planned W' after the one N units before it, leaving up to W' - W late, is still W after it.
            return plan.windowSlack;
        }

        @Override
        boolean isIdle(long now, PlannedLimit plan) {
            return used == 0 || Saturating.add(latest[at(used - 1)], plan.window - plan.windowSlack) <= now;
        }

        /**
         * The ring as every process sharing it left it: a version (which tells whether anybody changed it since this
         * process wrote it, so that its last commit can still be undone), the units kept, then for each unit, smallest
         * latest arrival first, its latest arrival, release, floor and guess. The times are of the host's monotonic
         * clock; a guess names the process whose answer will tighten it, so each process tightens its own units only.
         */
        static int sharedLongs(long count) {
            return (int) Math.min(Integer.MAX_VALUE, 2 + 4 * count);
        }

        @Override
        int sharedLongs() {
            return sharedLongs(latest.length);
        }

        @Override
        void load(SharedState shared, int at) {
            long version = shared.get(at);
            if (version == syncedVersion) {
                return; // nobody changed it since this copy was loaded or saved: it is the shared one
            }
            changedSinceCommit = true; // another process committed or tightened: the last commit stays
            syncedVersion = version;
            dirty = false;
            int n = latest.length;
            used = (int) Math.max(0, Math.min(n, shared.get(at + 1)));
            head = 0;
            int base = at + 2;
            for (int i = 0; i < used; i++) {
                latest[i] = shared.get(base + i);
                departures[i] = shared.get(base + n + i);
                floors[i] = shared.get(base + 2 * n + i);
                guesses[i] = shared.get(base + 3 * n + i);
            }
        }

        @Override
        void save(SharedState shared, int at) {
            if (!dirty && syncedVersion >= 0) {
                return; // unchanged (a refusal, a request held): others need not load it again
            }
            dirty = false;
            syncedVersion = Math.max(syncedVersion, shared.get(at)) + 1;
            shared.set(at, syncedVersion);
            shared.set(at + 1, used);
            int n = latest.length;
            int base = at + 2;
            for (int i = 0; i < used; i++) {
                int slot = at(i);
                shared.set(base + i, latest[slot]);
                shared.set(base + n + i, departures[slot]);
                shared.set(base + 2 * n + i, floors[slot]);
                shared.set(base + 3 * n + i, guesses[slot]);
            }
        }

        /** Nothing to do: each unit is tightened to its own response ({@link #answered}), cold or not. */
        @Override
        void arrivedLate(ArrivalModel opening, long lastAnswer, long unitsSoFar, PlannedLimit plan) {
        }
    }
}
