package io.zero429.limit;

import static io.zero429.limit.LimiterTestSupport.SECOND;
import static io.zero429.limit.LimiterTestSupport.limit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zero429.Zero429WaitTimeoutException;
import io.zero429.limit.ReferenceChecker.Departure;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Issue 6 §4: waiters that are interrupted leave promptly, with their flag set, and give their slot back where
 * nobody reserved after them; under many threads with random costs, interrupts and refusals every caller is served
 * or failed with a documented exception, nothing hangs, and permits and limits hold. Real threads, real clock.
 */
class InterruptStressTest {
    private static final long HOUR = TimeUnit.HOURS.toNanos(1);

    private static Limiter hourly() {
        return new Limiter(LimiterSpec.builder("hourly").limit(limit(1, HOUR, 1)).marginBasisPoints(0)
                .maxWaitNanos(TimeUnit.DAYS.toNanos(1))
                .jitter(0, 0).build());
    }

    @Test
    void theLastWaiterInterruptedGivesItsSlotBack() throws Exception {
        Limiter limiter = hourly();
        assertTrue(limiter.tryAcquire(1));
        long slot = limiter.reserve(1);
        assertTrue(limiter.giveBack(slot, 1), "nobody reserved after it");
        Thread.currentThread().interrupt();
        try {
            assertThrows(InterruptedIOException.class, limiter::acquire);
            assertTrue(Thread.currentThread().isInterrupted(), "the flag stays set");
        } finally {
            Thread.interrupted();
        }
        long next = limiter.reserve(1);
        assertEquals(slot, next, "the interrupted waiter's slot went to the next caller");
        assertEquals(2, limiter.admitted());
    }

    @Test
    void aSlotWithReservationsBehindItStaysUsed() throws Exception {
        Limiter limiter = hourly();
        assertTrue(limiter.tryAcquire(1));
        AtomicBoolean interrupted = new AtomicBoolean();
        Thread waiter = new Thread(() -> {
            try {
                limiter.acquire();
            } catch (InterruptedIOException e) {
                interrupted.set(Thread.currentThread().isInterrupted());
            } catch (Zero429WaitTimeoutException e) {
                throw new AssertionError(e);
            }
        });
        waiter.start();
        while (limiter.admitted() < 2) {
            Thread.sleep(1);
        }
        long behind = limiter.reserve(1);
        waiter.interrupt();
        waiter.join(5_000);
        assertFalse(waiter.isAlive(), "left promptly");
        assertTrue(interrupted.get());
        assertEquals(behind + HOUR, limiter.reserve(1), "the slot in the middle cannot be given back");
    }

    @Test
    void manyThreadsRandomCostsInterruptsAndRefusalsAllEndDocumented() throws Exception {
        LimitSpec stated = limit(100, SECOND, 5);
        Limiter limiter = new Limiter(LimiterSpec.builder("stress").limit(stated).concurrency(4)
                .maxWaitNanos(TimeUnit.MILLISECONDS.toNanos(150)).build());
        Admission[] byCost = {limiter.admission(1), limiter.admission(2), limiter.admission(3)};
        ConcurrentLinkedQueue<Departure> departures = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Throwable> undocumented = new ConcurrentLinkedQueue<>();
        AtomicLong served = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        AtomicLong interrupted = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < 24; t++) {
            Random random = new Random(t);
            Thread worker = new Thread(() -> {
                while (System.nanoTime() < end) {
                    int cost = 1 + random.nextInt(3);
                    try {
                        long departure = byCost[cost - 1].acquireRequest();
                        try {
                            departures.add(new Departure(departure, cost));
                            served.incrementAndGet();
                            Thread.sleep(random.nextInt(3));
                        } finally {
                            byCost[cost - 1].responseReceived(departure); // the hooks end every request they let go
                            byCost[cost - 1].givePermits();
                        }
                    } catch (Zero429WaitTimeoutException e) {
                        refused.incrementAndGet();
                    } catch (InterruptedIOException | InterruptedException e) {
                        if (e instanceof InterruptedIOException && !Thread.currentThread().isInterrupted()) {
                            undocumented.add(new AssertionError("interrupt flag lost", e));
                        }
                        Thread.interrupted();
                        interrupted.incrementAndGet();
                    } catch (Throwable e) {
                        undocumented.add(e);
                    }
                }
            }, "stress-" + t);
            workers.add(worker);
            worker.start();
        }
        Random chaos = new Random(99);
        // One interrupt every 6 ms: a waiter interrupted behind others wastes its slot (only the last one can be
        // given back), so much more often and hardly any request would be served at all.
        while (System.nanoTime() < end) {
            workers.get(chaos.nextInt(workers.size())).interrupt();
            Thread.sleep(6);
        }
        for (Thread worker : workers) {
            worker.join(5_000);
            assertFalse(worker.isAlive(), worker.getName() + " hangs");
        }
        assertTrue(undocumented.isEmpty(), undocumented.toString());
        assertEquals(0, limiter.permits().inFlight(), "every permit came back");
        assertEquals(0, limiter.permits().waiting(), "nobody left in the queue");
        assertTrue(served.get() > 50 && refused.get() > 0 && interrupted.get() > 0,
                served + " served, " + refused + " refused, " + interrupted + " interrupted");
        List<Departure> sorted = new ArrayList<>(departures);
        Collections.sort(sorted, (a, b) -> Long.compare(a.time, b.time));
        assertEquals(List.of(), ReferenceChecker.violations(sorted, stated, LimitMode.GCRA), "the stated limit holds");
    }
}
