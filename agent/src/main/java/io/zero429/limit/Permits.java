package io.zero429.limit;

import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.concurrent.locks.LockSupport;

/**
 * The concurrency cap of one limiter ({@code limiter.X.concurrency = N}): at most N requests in flight. A request
 * takes a permit before it is sent and gives it back when it completes.
 *
 * <p>Fair: a permit that comes back goes straight to the longest waiter (handed over, never put up for grabs), and a
 * newcomer queues behind the waiters even when it arrives just as a permit comes back, so nobody starves. Blocking
 * waiters park ({@link Clock#parkUntil}, never a monitor wait, so a virtual thread is never pinned); asynchronous
 * ones leave a callback and no thread at all. The monitor guards a counter and a queue for nanoseconds; callbacks
 * run outside it.
 */
public final class Permits {
    /** Guarded by this; changed only by a reload ({@link #resize}). */
    private int capacity;
    private final Clock clock;
    /**
     * Permits nobody holds: capacity minus those in flight; guarded by this. Never positive while somebody waits (a
     * returned permit is handed over); negative after a reload lowered the capacity below what is in flight.
     */
    private int free;
    /** Waiters in arrival order; guarded by this. A waiter that gives up leaves the queue at once. */
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();

    Permits(int capacity, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a concurrency cap needs at least one permit, was " + capacity);
        }
        this.capacity = capacity;
        this.clock = clock;
        this.free = capacity;
    }

    public synchronized int capacity() {
        return capacity;
    }

    /** Permits held by requests in flight. */
    public synchronized int inFlight() {
        return capacity - free;
    }

    /** Requests waiting for a permit. */
    public synchronized int waiting() {
        return waiters.size();
    }

    /** Takes a permit if one is free and nobody waits for it; otherwise takes nothing. */
    public synchronized boolean tryTake() {
        if (free > 0 && waiters.isEmpty()) {
            free--;
            return true;
        }
        return false;
    }

    /**
     * Takes a permit now, or queues {@code onGrant}, which runs (on the thread that gives a permit back, outside
     * any lock) once this waiter holds one.
     *
     * @return null if the permit was taken now; otherwise the queued waiter, to {@link Waiter#cancel} on giving up
     */
    public Waiter takeOrQueue(Runnable onGrant) {
        synchronized (this) {
            if (free > 0 && waiters.isEmpty()) {
                free--;
                return null;
            }
            Waiter waiter = new Waiter(this, onGrant);
            waiters.addLast(waiter);
            return waiter;
        }
    }

    /**
     * Blocks until a permit is taken or {@code deadline} (this clock) passes.
     *
     * @return true if the permit is held; false if the deadline passed first (nothing held)
     * @throws InterruptedIOException if the thread is interrupted while it waits; nothing is held then and the
     *     interrupt flag stays set
     */
    public boolean take(long deadline) throws InterruptedIOException {
        Thread thread = Thread.currentThread();
        Waiter waiter = takeOrQueue(() -> LockSupport.unpark(thread));
        if (waiter == null) {
            return true;
        }
        while (!waiter.granted()) {
            if (thread.isInterrupted()) {
                if (!waiter.cancel()) {
                    give(); // granted as the interrupt came: hand it on
                }
                throw new InterruptedIOException("zero429: interrupted while waiting for a concurrency permit");
            }
            if (clock.nanoTime() - deadline >= 0) {
                // Granted at the last moment (cancel lost): the permit is held, use it.
                return !waiter.cancel();
            }
            clock.parkUntil(deadline);
        }
        return true;
    }

    /** Gives a permit back: to the longest waiter if there is one, else to the pool. */
    public void give() {
        Waiter granted = null;
        synchronized (this) {
            if (free >= capacity) {
                throw new IllegalStateException("a permit was given back that nobody held");
            }
            free++;
            if (free > 0 && !waiters.isEmpty()) {
                granted = grantFirstLocked();
            }
        }
        if (granted != null) {
            granted.onGrant.run();
        }
    }

    /**
     * These permits under the cap of a reloaded limiter, the same object: the requests in flight keep their permits
     * and count against the new capacity (a lower cap admits nobody until enough of them are back), waiters keep
     * their place, and a higher cap serves them at once.
     */
    Permits resized(int newCapacity) {
        if (newCapacity < 1) {
            throw new IllegalArgumentException("a concurrency cap needs at least one permit, was " + newCapacity);
        }
        java.util.List<Waiter> granted = new java.util.ArrayList<>();
        synchronized (this) {
            free += newCapacity - capacity;
            capacity = newCapacity;
            while (free > 0 && !waiters.isEmpty()) {
                granted.add(grantFirstLocked());
            }
        }
        for (Waiter waiter : granted) {
            waiter.onGrant.run();
        }
        return this;
    }

    /** Hands a free permit to the longest waiter; the caller runs its callback once out of the monitor. */
    private Waiter grantFirstLocked() {
        Waiter first = waiters.pollFirst();
        free--;
        first.state = Waiter.GRANTED; // cancelled waiters never stay queued, so this one still waits
        return first;
    }

    private synchronized boolean withdraw(Waiter waiter) {
        // Under the monitor, so a concurrent give() either granted it (and it is no longer queued) or never will.
        if (waiter.state != Waiter.WAITING) {
            return false;
        }
        waiter.state = Waiter.CANCELLED;
        waiters.remove(waiter);
        return true;
    }

    /** One queued request. */
    public static final class Waiter {
        static final int WAITING = 0;
        static final int GRANTED = 1;
        static final int CANCELLED = 2;

        private final Permits permits;
        private final Runnable onGrant;
        /** Written under the permits' monitor; read without it by the parked thread. */
        volatile int state = WAITING;

        private Waiter(Permits permits, Runnable onGrant) {
            this.permits = permits;
            this.onGrant = onGrant;
        }

        public boolean granted() {
            return state == GRANTED;
        }

        /**
         * Gives up waiting.
         *
         * @return true if the waiter left the queue holding nothing; false if it was granted first (it holds a
         *     permit, and its callback runs or ran)
         */
        public boolean cancel() {
            return permits.withdraw(this);
        }
    }

    @Override
    public synchronized String toString() {
        return "Permits[" + (capacity - free) + "/" + capacity + " in flight, " + waiters.size() + " waiting]";
    }
}
