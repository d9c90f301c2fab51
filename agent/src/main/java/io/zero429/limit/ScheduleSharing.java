package io.zero429.limit;

/**
 * The part of a {@link Limiter} whose {@link Schedule} other processes share through a {@link SharedState}: takes the
 * shared copy's lock and loads it before the limiter plans, writes it back after, and shares the cold start. Only
 * ever touched inside its limiter's monitor.
 *
 * <p>The shared cold start: units some process sent in its opening (lateness unknown, see
 * {@link ArrivalModel#inOpening}) and has not had every answer for ({@code pending}) hold every process's requests
 * that would wait or go beyond the burst of everything sent since, as a process's own opening does, but at most
 * {@link #HOLD_NANOS} after they left; when the last of them is answered (or that deadline passes: a process died, or
 * answers slowly) all of them ({@code openingUnits}) count as arrived together then, and the next opening is another
 * cold start ({@code epoch}).
 */
final class ScheduleSharing {
    /**
     * How long after its departure another process's unanswered opening request holds this one at most: longer than a
     * process's own hold ({@link ArrivalModel#HOLD_NANOS}), as its answer is the only bound there is (several cold
     * JVMs on few cores answer late), and short enough that a process that died unanswered holds the others briefly.
     */
    static final long HOLD_NANOS = 5_000_000_000L;
    /**
     * Longs of the shared copy kept after the schedule's: opening units, pending units, hold deadline, epoch, the
     * end of a pause (a server's {@code Retry-After} or a ban one process saw holds every process), and the adjuster's
     * last cut, its ratio and when (a 429 one process saw slows every process).
     */
    static final int OWN_LONGS = 7;

    private final SharedState state;
    private final Schedule schedule;
    /** The lock is held and the schedule is the shared copy (between {@link #enter} and {@link #leave}). */
    private boolean held;
    /** Times the lock was not had in time, so the limiter planned on its own copy. */
    private long misses;
    /** Valid while {@link #held}: the shared cold start, as loaded. */
    private long pending;
    private long holdUntil;
    private long openingUnits;
    /** Which shared cold start this is: counts the ends, so that a process never takes its units off a later one. */
    private long epoch;
    /** The opening units this process added to {@link #pending}, in cold start {@link #ownEpoch}. */
    private long ownPending;
    private long ownEpoch;
    /** This process's own cold start ended; its units are taken off {@link #pending} when the lock is next held. */
    private boolean ownAnswered;
    /** Valid while {@link #held}: until when nothing leaves, in any process (as loaded, or later if paused since). */
    private long pausedUntil;
    /** Valid while {@link #held}: the latest cut of any process's adjuster, its ratio (ppm) and when it was made. */
    private long cutRatioPpm;
    private long cutAt;

    ScheduleSharing(SharedState state, Schedule schedule) {
        this.state = state;
        this.schedule = schedule;
    }

    /**
     * Takes the lock and the shared copy (the limiter planned at {@code now}'s ratio first). If the lock is not had in
     * time the limiter plans on its own copy this once.
     */
    void enter(long now) {
        if (held) {
            return;
        }
        if (!state.lock()) {
            misses++;
            return;
        }
        held = true;
        int base = state.longs() - OWN_LONGS;
        if (state.written()) {
            schedule.load(state);
            openingUnits = state.get(base);
            pending = state.get(base + 1);
            holdUntil = state.get(base + 2);
            epoch = state.get(base + 3);
            pausedUntil = state.get(base + 4);
            cutRatioPpm = state.get(base + 5);
            cutAt = state.get(base + 6);
            if (pending > 0 && now - holdUntil >= 0) {
                // A process that died with opening requests unanswered holds the others no longer than its deadline.
                openingOver(now);
            }
        } else {
            pending = 0;
            openingUnits = 0;
            holdUntil = now;
            epoch = 0;
            pausedUntil = Long.MIN_VALUE;
            cutRatioPpm = PlannedLimit.FULL_RATIO_PPM;
            cutAt = Long.MIN_VALUE;
        }
        if (ownAnswered && ownPending > 0) {
            takeOwnOff(now); // answered while the lock was not had
        }
    }

    /** Writes the schedule back and releases the lock, if {@link #enter} took it. */
    void leave() {
        if (!held) {
            return;
        }
        held = false;
        try {
            schedule.save(state);
            int base = state.longs() - OWN_LONGS;
            state.set(base, openingUnits);
            state.set(base + 1, Math.max(0, pending));
            state.set(base + 2, holdUntil);
            state.set(base + 3, epoch);
            state.set(base + 4, pausedUntil);
            state.set(base + 5, cutRatioPpm);
            state.set(base + 6, cutAt);
        } finally {
            state.unlock();
        }
    }

    /** While the shared copy is held: some process's opening units are on their way, unanswered, within their hold. */
    boolean holding(long now) {
        return held && pending > 0 && now - holdUntil < 0;
    }

    /**
     * {@code cost} units were committed at {@code departure}; {@code opening}: with their lateness unknown, within
     * this process's opening (see {@link ArrivalModel#inOpening}). Units committed while some opening is unanswered
     * count with the opening, whoever sent them: they are held beyond its burst ({@link #openingUnits}) and counted as
     * arrived with it.
     */
    void committed(long departure, long cost, boolean opening) {
        if (!held) {
            return;
        }
        if (opening) {
            if (ownEpoch != epoch) {
                ownPending = 0; // that cold start ended (its deadline): what this process added went with it
                ownEpoch = epoch;
            }
            ownPending += cost;
            pending += cost;
            holdUntil = Math.max(holdUntil, Saturating.add(departure, HOLD_NANOS));
        }
        if (opening || pending > 0) {
            openingUnits += cost;
        }
    }

    /** While the shared copy is held: until when nothing leaves, in any process (Long.MIN_VALUE: never paused). */
    long pausedUntil() {
        return pausedUntil;
    }

    /** While the shared copy is held: nothing leaves, in any process, before {@code until}. */
    void pauseUntil(long until) {
        if (held) {
            pausedUntil = Math.max(pausedUntil, until);
        }
    }

    /** While the shared copy is held: the ratio of the latest cut any process's adjuster made (FULL: none). */
    long cutRatioPpm() {
        return cutRatioPpm;
    }

    /** While the shared copy is held: when the latest cut was made (valid once {@link #cutRatioPpm} is below FULL). */
    long cutAt() {
        return cutAt;
    }

    /** While the shared copy is held: this process's adjuster cut its ratio to {@code ratioPpm} at {@code at}. */
    void cut(long ratioPpm, long at) {
        if (held && ratioPpm < PlannedLimit.FULL_RATIO_PPM
                && (cutRatioPpm >= PlannedLimit.FULL_RATIO_PPM || at - cutAt > 0)) {
            cutRatioPpm = ratioPpm;
            cutAt = at;
        }
    }

    /** Whether the lock is held and the schedule is the shared copy. */
    boolean holds() {
        return held;
    }

    /**
     * While the shared copy is held: the units every process committed since the shared cold start began (the first
     * unanswered opening unit of any process). Beyond the burst they are held, whatever this process sent: another
     * process's opening may reach the server late and find its bucket where the departures do not say.
     */
    long openingUnits() {
        return openingUnits;
    }

    /** This process's cold start ended at {@code now}: its opening units are no longer pending anywhere. */
    void ownOpeningAnswered(long now) {
        ownAnswered = true;
        if (held) {
            takeOwnOff(now);
        }
    }

    private void takeOwnOff(long now) {
        if (ownEpoch == epoch) {
            pending -= ownPending;
            if (pending <= 0) {
                openingOver(now);
            }
        }
        ownPending = 0;
    }

    /**
     * Every process's opening requests are answered (or their deadline passed): the server's limits are planned as if
     * all of them had arrived together now, the latest any may have; the next opening is another cold start.
     */
    private void openingOver(long now) {
        pending = 0;
        if (openingUnits > 0) {
            schedule.openingArrivedBy(now, openingUnits);
            openingUnits = 0;
        }
        epoch++;
    }

    long order() {
        return state.order();
    }

    long misses() {
        return misses;
    }
}
