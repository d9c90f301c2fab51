package io.zero429.limit;

import static io.zero429.limit.LimiterTestSupport.NO_RANDOM;
import static io.zero429.limit.LimiterTestSupport.SECOND;
import static io.zero429.limit.LimiterTestSupport.exact;
import static io.zero429.limit.LimiterTestSupport.limit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zero429.Zero429WaitTimeoutException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** {@code limiter.X.concurrency = N}: at most N requests in flight, fair waits, max-wait, nothing leaks. */
class ConcurrencyTest {
    private final FakeClock clock = new FakeClock();

    /** A limiter whose rate never makes anyone wait here, so only the cap decides. */
    private Limiter capped(String name, int concurrency, long maxWaitNanos) {
        return new Limiter(exact(name, limit(1_000_000, SECOND, 1_000_000)).concurrency(concurrency)
                .maxWaitNanos(maxWaitNanos).build(), clock, NO_RANDOM);
    }

    /** Polls a condition another thread makes true (a waiter reaching its queue): no sleep decides the outcome. */
    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
            Thread.onSpinWait();
        }
    }

    private static Thread start(ThrowingRunnable body, AtomicReference<Throwable> failure) {
        Thread thread = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        thread.start();
        return thread;
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void nRequestsGoAtOnceAndTheNextWaitsUntilOneIsGivenBack() throws Exception {
        Limiter limiter = capped("deepseek", 2, TimeUnit.DAYS.toNanos(1));
        Admission admission = limiter.admission(1);
        admission.acquireRequest();
        admission.acquireRequest();
        assertEquals(2, limiter.permits().inFlight());

        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch admitted = new CountDownLatch(1);
        Thread third = start(() -> {
            admission.acquireRequest();
            admitted.countDown();
        }, failure);
        await(() -> limiter.permits().waiting() == 1, "the third request queues");
        assertEquals(1, admitted.getCount(), "it waits while both permits are held");
        assertTrue(admission.waitHint() > 0, "a hook asking now learns it would wait");

        admission.givePermits();
        assertTrue(admitted.await(10, TimeUnit.SECONDS), "a returned permit goes to the waiter");
        third.join(10_000);
        assertNull(failure.get());
        assertEquals(2, limiter.permits().inFlight(), "handed over, not put back");
        assertEquals(0, limiter.permits().waiting());
    }

    @Test
    void aRefusalPastMaxWaitNamesTheCapAndHoldsNothing() throws Exception {
        Limiter limiter = capped("deepseek", 2, 0);
        Admission admission = limiter.admission(1);
        admission.acquireRequest();
        admission.acquireRequest();
        Zero429WaitTimeoutException refusal = assertThrows(Zero429WaitTimeoutException.class,
                admission::acquireRequest);
        assertEquals("deepseek", refusal.limiter());
        assertTrue(refusal.getMessage().contains("'deepseek' (concurrency 2)"), refusal.getMessage());
        assertTrue(refusal.getMessage().contains("max-wait of 0s"), refusal.getMessage());
        assertEquals(2, limiter.permits().inFlight());
        assertEquals(0, limiter.permits().waiting());
    }

    @Test
    void aWaiterGivesUpWhenItsMaxWaitPassesOnTheClock() throws Exception {
        Limiter limiter = capped("deepseek", 1, 5 * SECOND);
        Admission admission = limiter.admission(1);
        admission.acquireRequest();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread waiter = start(admission::acquireRequest, failure);
        await(() -> limiter.permits().waiting() == 1, "the request queues");
        clock.advance(5 * SECOND);
        waiter.join(10_000);
        assertFalse(waiter.isAlive());
        Zero429WaitTimeoutException refusal = (Zero429WaitTimeoutException) failure.get();
        assertEquals(5 * SECOND, refusal.waitNanos());
        assertTrue(refusal.getMessage().contains("waited 5s"), refusal.getMessage());
        assertEquals(1, limiter.permits().inFlight());
        assertEquals(0, limiter.permits().waiting(), "it left the queue");
    }

    @Test
    void theWaitForAPermitCountsAgainstTheMaxWaitOfTheRateWaitAfterIt() throws Exception {
        // 1 per 2 s: the second request's slot is 2 s after the first. It waits 1.2 s for the permit, then would
        // wait 0.8 s more for its slot: 2 s in all, past its max-wait of 1.5 s.
        Limiter limiter = new Limiter(exact("x", limit(1, 2 * SECOND, 1)).concurrency(1).maxWaitNanos(1500_000_000L)
                .build(), clock, NO_RANDOM);
        Admission admission = limiter.admission(1);
        admission.acquireRequest();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread waiter = start(admission::acquireRequest, failure);
        await(() -> limiter.permits().waiting() == 1, "the request queues");
        clock.advance(1200_000_000L);
        admission.givePermits();
        waiter.join(10_000);
        assertTrue(failure.get() instanceof Zero429WaitTimeoutException, "" + failure.get());
        assertEquals(0, limiter.permits().inFlight(), "the permit it got went back with the refusal");
    }

    @Test
    void anInterruptedWaiterLeavesPromptlyWithItsFlagSetHoldingNothing() throws Exception {
        Limiter limiter = capped("x", 1, TimeUnit.DAYS.toNanos(1));
        Admission admission = limiter.admission(1);
        admission.acquireRequest();
        Thread.currentThread().interrupt();
        try {
            assertThrows(InterruptedIOException.class, admission::acquireRequest);
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt flag must stay set");
        } finally {
            Thread.interrupted();
        }
        assertEquals(1, limiter.permits().inFlight());
        assertEquals(0, limiter.permits().waiting());

        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<Boolean> flagSet = new AtomicReference<>();
        Thread parked = start(() -> {
            try {
                admission.acquireRequest();
            } finally {
                flagSet.set(Thread.currentThread().isInterrupted());
            }
        }, failure);
        await(() -> limiter.permits().waiting() == 1, "the request queues");
        parked.interrupt();
        parked.join(10_000);
        assertTrue(failure.get() instanceof InterruptedIOException, "" + failure.get());
        assertTrue(flagSet.get());
        assertEquals(1, limiter.permits().inFlight());
        assertEquals(0, limiter.permits().waiting());
    }

    @Test
    void waitersAreServedInArrivalOrderAndANewcomerQueuesBehindThem() {
        Limiter limiter = capped("x", 1, SECOND);
        Permits permits = limiter.permits();
        assertTrue(permits.tryTake());
        List<Integer> served = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int id = i;
            permits.takeOrQueue(() -> served.add(id));
        }
        permits.give();
        assertFalse(permits.tryTake(), "the permit went to the first waiter, not to whoever asks next");
        permits.give();
        permits.give();
        assertEquals(List.of(0, 1, 2), served);
        permits.give();
        assertEquals(0, permits.inFlight());
        assertThrows(IllegalStateException.class, permits::give, "a permit nobody holds");
    }

    @Test
    void severalCappedLimitersAreTakenInLockOrderAndAFailureGivesBackWhatWasTaken() throws Exception {
        Limiter a = capped("a", 1, SECOND);
        Limiter b = capped("b", 1, 0);
        Admission ab = Admission.of(List.of(b, a), List.of(1L, 1L)); // named in any order, taken a then b
        assertSame(a, ab.limiter(0));
        assertTrue(b.permits().tryTake());
        assertThrows(Zero429WaitTimeoutException.class, ab::acquireRequest);
        assertEquals(0, a.permits().inFlight(), "a's permit went back when b refused");
        b.permits().give();
        ab.acquireRequest();
        assertEquals(1, a.permits().inFlight());
        assertEquals(1, b.permits().inFlight());
        ab.givePermits();
        assertEquals(0, a.permits().inFlight() + b.permits().inFlight());
    }

    @Test
    void aLimiterWithRequestsInFlightIsNotIdle() throws Exception {
        Limiter limiter = capped("x", 1, SECOND);
        long departure = limiter.admission(1).acquireRequest();
        assertFalse(limiter.isIdle(), "dropping it would open a second permit");
        limiter.admission(1).responseReceived(departure); // as a hook ends every request it let go
        limiter.admission(1).givePermits();
        clock.advance(SECOND);
        assertTrue(limiter.isIdle());
    }

    @Test
    void anAsyncWaitIsGrantedWhenAPermitComesBackWithoutAThread() throws Exception {
        Limiter a = capped("a", 1, 2 * SECOND);
        Limiter b = capped("b", 1, 3 * SECOND);
        Admission ab = Admission.of(List.of(a, b), List.of(1L, 1L));
        Outcomes outcome = new Outcomes();
        assertTrue(b.permits().tryTake());
        long arrival = clock.nanoTime();
        PermitWait wait = ab.waitForPermits(arrival, outcome);
        assertEquals(1, a.permits().inFlight(), "a taken at once");
        assertEquals(arrival + 3 * SECOND, wait.deadline(), "waiting for b, under b's max-wait");
        assertEquals(arrival + 3 * SECOND, wait.expire(), "not yet");
        b.permits().give();
        assertEquals(1, outcome.granted.get());
        assertEquals(PermitWait.DONE, wait.expire());
        ab.givePermits();
        assertEquals(0, a.permits().inFlight() + b.permits().inFlight());
    }

    @Test
    void anAsyncWaitPastItsMaxWaitIsRefusedAndGivesBackWhatItTook() {
        Limiter a = capped("a", 1, 2 * SECOND);
        Limiter b = capped("b", 1, 3 * SECOND);
        Admission ab = Admission.of(List.of(a, b), List.of(1L, 1L));
        Outcomes outcome = new Outcomes();
        assertTrue(b.permits().tryTake());
        PermitWait wait = ab.waitForPermits(clock.nanoTime(), outcome);
        clock.advance(3 * SECOND);
        assertEquals(PermitWait.DONE, wait.expire());
        assertEquals(0, outcome.granted.get());
        assertEquals("b", outcome.refusals.get(0).limiter());
        assertEquals(0, a.permits().inFlight(), "a's permit went back");
        assertEquals(0, b.permits().waiting());
        b.permits().give();
        assertEquals(0, outcome.granted.get(), "a refused wait is never granted later");
        assertEquals(PermitWait.DONE, wait.expire());
        assertEquals(1, outcome.refusals.size());
    }

    private static final class Outcomes implements PermitWait.Outcome {
        final AtomicInteger granted = new AtomicInteger();
        final List<Zero429WaitTimeoutException> refusals = new CopyOnWriteArrayList<>();

        @Override
        public void granted() {
            granted.incrementAndGet();
        }

        @Override
        public void refused(Zero429WaitTimeoutException refusal) {
            refusals.add(refusal);
        }
    }

    /**
     * Many threads through two overlapping admissions (a+b, b+c; b capped at 3): never more than 3 in flight under
     * b, every request served or refused with the documented exception, deadlock-free, and every permit back at the
     * end. A thread moving the fake clock makes some waits run out of max-wait.
     */
    @Test
    void underStressTheCapHoldsAndEveryPermitComesBack() throws Exception {
        Limiter a = capped("a", 2, SECOND);
        Limiter b = capped("b", 3, SECOND);
        Limiter c = capped("c", 2, SECOND);
        Admission[] admissions = {Admission.of(List.of(a, b), List.of(1L, 1L)),
            Admission.of(List.of(c, b), List.of(1L, 1L))};
        AtomicInteger inB = new AtomicInteger();
        AtomicInteger maxInB = new AtomicInteger();
        AtomicInteger served = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        int threads = 16;
        int perThread = 300;
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Admission admission = admissions[t % 2];
            workers.add(start(() -> {
                for (int i = 0; i < perThread; i++) {
                    try {
                        admission.acquireRequest();
                    } catch (Zero429WaitTimeoutException expected) {
                        refused.incrementAndGet();
                        continue;
                    }
                    maxInB.accumulateAndGet(inB.incrementAndGet(), Math::max);
                    for (int spin = ThreadLocalRandom.current().nextInt(200); spin > 0; spin--) {
                        Thread.onSpinWait();
                    }
                    inB.decrementAndGet();
                    served.incrementAndGet();
                    admission.givePermits();
                }
            }, failure));
        }
        Thread mover = start(() -> {
            while (workers.stream().anyMatch(Thread::isAlive)) {
                clock.advance(SECOND / 4);
                Thread.onSpinWait();
            }
        }, failure);
        for (Thread worker : workers) {
            worker.join(60_000);
            assertFalse(worker.isAlive(), "deadlock or lost wake-up");
        }
        mover.join(10_000);
        assertNull(failure.get());
        assertEquals(threads * perThread, served.get() + refused.get());
        assertTrue(maxInB.get() <= 3, "in flight under b: " + maxInB.get());
        assertTrue(served.get() > 0);
        for (Limiter limiter : List.of(a, b, c)) {
            assertEquals(0, limiter.permits().inFlight(), limiter.name());
            assertEquals(0, limiter.permits().waiting(), limiter.name());
        }
    }
}
