package io.zero429.limit;

import io.zero429.Zero429WaitTimeoutException;

/**
 * An asynchronous request waiting for its admission's concurrency permits without a thread: it takes them in lock
 * order, and where one is not free it leaves a callback in that limiter's queue, which the request that gives a
 * permit back runs. The max-wait needs a timer, which this package does not have: the caller runs {@link #expire}
 * at {@link #deadline} (and again at the time it returns), and a wait that is past its limiter's max-wait then gives
 * back what it took and is refused.
 */
public final class PermitWait {
    /** What the waiting request hears, exactly once. */
    public interface Outcome {
        /** Every permit is held (called on the thread that gave the last one back, or on the caller's). */
        void granted();

        /** A permit did not come free within its limiter's max-wait; nothing is held. */
        void refused(Zero429WaitTimeoutException refusal);
    }

    /** {@link #expire} has nothing more to check. */
    public static final long DONE = Long.MIN_VALUE;

    private final Admission admission;
    private final long arrival;
    private final Outcome outcome;
    /** Permits taken so far, in lock order; guarded by this. */
    private int held;
    /** The queued wait for the next permit, or null between two permits and once done; guarded by this. */
    private Permits.Waiter queued;
    /** Granted or refused; guarded by this. */
    private boolean done;

    PermitWait(Admission admission, long arrival, Outcome outcome) {
        this.admission = admission;
        this.arrival = arrival;
        this.outcome = outcome;
    }

    void start() {
        takeRest();
    }

    /** Takes the permits still missing, until one must be waited for; reports the grant once all are held. */
    private void takeRest() {
        synchronized (this) {
            while (held < admission.cappedCount()) {
                Permits.Waiter waiter = admission.capped(held).permits().takeOrQueue(this::oneGranted);
                if (waiter != null) {
                    queued = waiter; // if it is granted already, oneGranted waits for this monitor
                    return;
                }
                held++;
            }
            done = true;
        }
        outcome.granted();
    }

    private void oneGranted() {
        synchronized (this) {
            queued = null;
            held++;
        }
        takeRest();
    }

    /** When the current wait runs out of max-wait (this clock): call {@link #expire} then; {@link #DONE} if over. */
    public long deadline() {
        synchronized (this) {
            return done || held == admission.cappedCount() ? DONE : deadlineOf(held);
        }
    }

    private long deadlineOf(int index) {
        return Saturating.add(arrival, admission.capped(index).spec().maxWaitNanos());
    }

    /**
     * Refuses the request if the permit it waits for is past its limiter's max-wait: gives back the permits it took
     * and tells the outcome. Otherwise changes nothing.
     *
     * @return when to call again, or {@link #DONE} once the request is granted or refused
     */
    public long expire() {
        Zero429WaitTimeoutException refusal;
        int giveBack;
        synchronized (this) {
            if (done || held == admission.cappedCount()) {
                return DONE; // granted (or about to hear so)
            }
            long deadline = deadlineOf(held);
            long now = admission.capped(held).clock().nanoTime();
            if (queued == null || now - deadline < 0) {
                return deadline; // not yet, or between two permits: the next one's wait is what counts
            }
            if (!queued.cancel()) {
                // Granted just now; oneGranted is on its way. Look again at the next permit's deadline.
                return held + 1 < admission.cappedCount() ? deadlineOf(held + 1) : DONE;
            }
            queued = null;
            done = true;
            giveBack = held;
            refusal = Admission.permitTimeout(admission.capped(held), now - arrival);
        }
        admission.givePermits(giveBack);
        outcome.refused(refusal);
        return DONE;
    }
}
