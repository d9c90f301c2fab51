package io.zero429.limit;

/**
 * Where the schedule of a limiter lives when several processes share its budget: a few longs under a lock that every
 * process takes (a record of a mapped file, for {@code store = file:PATH}). The limiter takes it inside its own
 * monitor, loads the shared copy into its {@link Schedule}, plans and commits, writes the schedule back and releases
 * it, so the section must be short: microseconds, never a network round trip.
 */
public interface SharedState {
    /** How many longs the shared copy holds. */
    int longs();

    /** Takes the lock; false if it was not had in time (the limiter then plans on its own copy this once). */
    boolean lock();

    /** Whether any process ever wrote the shared copy (false: it is new, and the limiter's own copy starts it). */
    boolean written();

    long get(int index);

    void set(int index, long value);

    /** Marks the copy written and releases the lock. */
    void unlock();

    /**
     * Where this copy stands in the order every process takes several shared copies' locks in (a limiter's rule can
     * name several limiters with stores): the same for the same copy in every process.
     */
    long order();
}
