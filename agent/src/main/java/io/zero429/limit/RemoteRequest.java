package io.zero429.limit;

/**
 * One reservation asked of a {@link RemoteSchedule}, in nanoseconds, and its answer. A limiter keeps one and fills it
 * inside its monitor; the store reads it and writes the answer.
 *
 * <p>The store plans on its own clock: the request may not leave before {@code notBefore} after the store read its
 * clock, conforms to every limit if it arrives anywhere between its departure and {@code lateness} after it (counted
 * at that latest in the limits it fills), and is refused past {@code maxWait}. The answer is a wait from the moment
 * the store read its clock, so a process that leaves that long after the answer reached it never leaves early on the
 * store's clock, whatever the two clocks read.
 */
public final class RemoteRequest {
    /** Limit kinds. */
    public static final byte BUCKET = 0;
    public static final byte WINDOW = 1;
    /** {@link #maxWait} of a request that is committed only if it may leave at once (observe mode). */
    public static final long ONLY_NOW = -1;

    // ---- asked ----
    public long notBefore;
    public long cost;
    public long lateness;
    public long maxWait;
    /** The limiter planned on its local share since it last reached the store: the store's limits start full. */
    public boolean rejoin;
    /** Names this request's units in windows (unique per process and reservation). */
    public String unit;
    /** Per limit, as planned now: {@link #BUCKET} (interval, burst) or {@link #WINDOW} (window, count). */
    public byte[] kinds;
    public long[] first;
    public long[] second;
    /**
     * Earlier window units of this process whose answers came: for each, its name, cost and how long before this
     * request was asked its answer came (it arrived by then).
     */
    public String[] answeredUnits = new String[0];
    public long[] answeredCosts = new long[0];
    public long[] answeredAges = new long[0];
    public int answeredCount;
    /** An opening unit: sent before this process had any answer (lateness unknown); other processes wait for it. */
    public boolean opening;
    /** The request may be held for other processes' opening answers (nothing reserved: it asks again). */
    public boolean mayHold;
    /** Names this process to the store (its reports of opening answers are its own). */
    public String process;
    /** This process's opening units answered so far, in all, of the shared cold start {@code answeredOpeningEpoch}. */
    public long answeredOpeningUnits;
    public long answeredOpeningEpoch;
    /**
     * With {@link #rejoin}: the units this process sent on its local share of a window, each by how long before this
     * request was asked it left (negative: it is still to leave); the store counts each as late as it may arrive.
     */
    public long[] shareAges = new long[0];
    public int shareCount;

    // ---- answered ----
    /** The wait from when the store read its clock; or, refused, the wait it would have had. */
    public long wait;
    /** Refused: past max-wait (or not at once, with {@link #ONLY_NOW}); nothing was committed. */
    public boolean refused;
    /** Held for some process's opening answers: nothing was committed; ask again shortly. */
    public boolean held;
    /** Which shared cold start the store is in (its opening units are counted in it). */
    public long epoch;
    /** The last departure the store has committed, from when it read its clock (none of any process leaves later). */
    public long horizon;
    /** How long a pause some process told the store of still runs, from when it read its clock (0: none). */
    public long pauseLeft;
    /** The ratio (ppm) of the last cut any process's adjuster told the store of (0: none), and how long before it read its clock. */
    public long cutRatioPpm;
    public long cutAge;

    void limits(PlannedLimit[] plans, boolean window) {
        if (kinds == null || kinds.length != plans.length) {
            kinds = new byte[plans.length];
            first = new long[plans.length];
            second = new long[plans.length];
        }
        for (int i = 0; i < plans.length; i++) {
            kinds[i] = window ? WINDOW : BUCKET;
            first[i] = window ? plans[i].window : plans[i].interval;
            second[i] = window ? plans[i].count : plans[i].burst;
        }
    }
}
