package io.zero429.limit;

import static io.zero429.limit.LimiterTestSupport.MS;
import static io.zero429.limit.LimiterTestSupport.NO_RANDOM;
import static io.zero429.limit.LimiterTestSupport.SECOND;
import static io.zero429.limit.LimiterTestSupport.exact;
import static io.zero429.limit.LimiterTestSupport.limit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zero429.Zero429WaitTimeoutException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Limiters of several processes planning on one shared schedule ({@link Limiter#share}), here two limiters of one
 * test on one fake clock, as two JVMs on one host's clock would: together they keep to the limit once.
 */
class SharedScheduleTest {
    private final FakeClock clock = new FakeClock();

    /** The shared copy in memory, with a lock that is either free or not had (no other thread here). */
    private static final class MemoryState implements SharedState {
        final long[] values;
        boolean written;
        boolean locked;
        boolean refuse;
        int locks;
        long order;
        List<Long> lockLog;

        MemoryState() {
            this(16);
        }

        MemoryState(int longs) {
            values = new long[longs];
        }

        @Override
        public int longs() {
            return values.length;
        }

        @Override
        public boolean lock() {
            if (locked || refuse) {
                return false;
            }
            locked = true;
            locks++;
            if (lockLog != null) {
                lockLog.add(order);
            }
            return true;
        }

        @Override
        public boolean written() {
            return written;
        }

        @Override
        public long get(int index) {
            return values[index];
        }

        @Override
        public void set(int index, long value) {
            values[index] = value;
        }

        @Override
        public void unlock() {
            written = true;
            locked = false;
        }

        @Override
        public long order() {
            return order;
        }
    }

    private Limiter sharing(MemoryState state) {
        Limiter limiter = new Limiter(exact("upbit", limit(10, SECOND, 10)).build(), clock, NO_RANDOM);
        limiter.share(state);
        return limiter;
    }

    @Test
    void twoLimitersOnOneScheduleGetOneBurstBetweenThem() {
        MemoryState state = new MemoryState();
        Limiter a = sharing(state);
        Limiter b = sharing(state);
        int taken = 0;
        for (int i = 0; i < 10; i++) {
            taken += (a.tryAcquire(1) ? 1 : 0) + (b.tryAcquire(1) ? 1 : 0);
        }
        assertEquals(10, taken, "one burst of 10, not one each");
        assertFalse(state.locked, "every section released the shared lock");
        clock.sleepUntil(clock.nanoTime() + 100 * MS);
        assertTrue(b.tryAcquire(1));
        assertFalse(a.tryAcquire(1), "one interval refilled one unit, for both");
    }

    @Test
    void reservationsOfBothInterleaveAtTheRateOnce() throws Exception {
        MemoryState state = new MemoryState();
        Limiter a = sharing(state);
        Limiter b = sharing(state);
        long start = clock.nanoTime();
        List<Long> departures = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            departures.add((i % 2 == 0 ? a : b).reserve(1) - start);
        }
        for (int i = 0; i < 10; i++) {
            assertEquals(0, departures.get(i), "the burst at once");
        }
        for (int i = 10; i < 15; i++) {
            assertEquals((i - 9) * 100 * MS, departures.get(i), "then one every 100 ms between them");
        }
    }

    @Test
    void aPauseOneProcessWasToldHoldsEveryProcess() throws Exception {
        MemoryState state = new MemoryState();
        Limiter a = sharing(state);
        Limiter b = sharing(state);
        long start = clock.nanoTime();
        a.reserve(1);
        b.reserve(1);
        a.onLimitSignal(start, 2 * SECOND); // a's server answered 429 with Retry-After: 2
        assertFalse(state.locked, "the pause was written and the lock released");
        assertEquals(start + 2 * SECOND, b.reserve(1), "b's next request waits out the pause a was told of");
        b.pauseFor(5 * SECOND); // a ban b saw
        assertEquals(start + 5 * SECOND, a.reserve(1), "and a waits out b's");
        Limiter c = sharing(state); // a process started during the pause
        assertFalse(c.tryAcquire(1), "nothing leaves at once while another process's pause runs");
    }

    @Test
    void aCutOneProcessMadeSlowsEveryProcessUntilItHasRecovered() throws Exception {
        MemoryState state = new MemoryState();
        Limiter a = sharing(state);
        Limiter b = sharing(state);
        long beforeTheCut = clock.nanoTime();
        a.reserve(1);
        b.reserve(1);
        clock.advance(MS);
        a.onLimitSignal(beforeTheCut, 0); // a's server answered 429 without Retry-After: a's adjuster cuts to 80%
        assertFalse(state.locked, "the cut was written and the lock released");
        assertEquals(0.8, a.rateRatio(), 1e-9);
        assertEquals(1.0, b.rateRatio(), 1e-9, "b has not reserved since");
        b.reserve(1);
        assertEquals(0.8, b.rateRatio(), 1e-9, "b plans at a's cut: the same overload reached its requests too");
        b.onLimitSignal(beforeTheCut, 0);
        assertEquals(0.8, b.rateRatio(), 1e-9, "a 429 to a request b sent before the cut is the same overload");
        Limiter c = sharing(state); // a process started after the cut
        c.reserve(1);
        assertEquals(0.8, c.rateRatio(), 1e-9, "a process started later slows down with it too");
        clock.advance(10 * 60 * SECOND);
        b.reserve(1);
        assertEquals(1.0, b.rateRatio(), 1e-9, "recovered as a recovers, not cut again by the cut it read");
        assertEquals(1.0, a.rateRatio(), 1e-9);
    }

    @Test
    void anotherProcesssUnansweredOpeningHoldsEvenARequestTheDeparturesWouldLetGo() throws Exception {
        MemoryState state = new MemoryState();
        Limiter a = sharing(state);
        Limiter b = sharing(state);
        long start = clock.nanoTime();
        long[] opening = new long[10];
        for (int i = 0; i < 10; i++) {
            opening[i] = a.admission(1).reserveAfterColdStart(start); // a cold JVM's burst: answers will come
        }
        // By the departures 4 units have come back; but a's burst may reach the server only now (a cold JVM), and
        // then the server has none.
        clock.set(start + 400 * MS);
        assertEquals(Admission.AWAIT_OPENING_ANSWERS, b.admission(1).reserveAfterColdStart(clock.nanoTime()),
                "b's request goes beyond the burst of the opening every process shares");
        clock.set(start + 500 * MS);
        for (long departure : opening) {
            a.onResponse(departure, 1);
        }
        assertEquals(start + 600 * MS, b.admission(1).reserveAfterColdStart(clock.nanoTime()),
                "the opening counted as arrived by its last answer: one interval after the burst of 10 refills one");
    }

    @Test
    void answersThatComeAfterTheirOpeningsDeadlineDoNotEndALaterOpening() throws Exception {
        MemoryState state = new MemoryState();
        Limiter a = sharing(state);
        Limiter b = sharing(state);
        long start = clock.nanoTime();
        long[] slow = new long[3];
        for (int i = 0; i < 3; i++) {
            slow[i] = a.admission(1).reserveAfterColdStart(start); // answered only 8 s later
        }
        clock.set(start + 5100 * MS); // a's opening is past its deadline: counted as arrived, over
        b.admission(1).reserveAfterColdStart(clock.nanoTime());
        b.admission(1).reserveAfterColdStart(clock.nanoTime()); // b's opening, unanswered
        clock.set(start + 8 * SECOND);
        for (long departure : slow) {
            a.onResponse(departure, 1);
        }
        assertEquals(Admission.AWAIT_OPENING_ANSWERS, a.admission(9).reserveAfterColdStart(clock.nanoTime()),
                "b's opening is still on its way: 9 more units go beyond its burst");
    }

    @Test
    void onlyAProcesssOpeningHoldsTheOthersNotEveryRequestItSendsBeforeItsAnswers() throws Exception {
        MemoryState state = new MemoryState();
        Limiter a = sharing(state);
        Limiter b = sharing(state);
        long start = clock.nanoTime();
        a.admission(1).reserveAfterColdStart(start); // a slow API: no answer for a long time
        clock.set(start + 1500 * MS);
        a.admission(1).reserveAfterColdStart(clock.nanoTime()); // after a's opening: guessed, not held for
        clock.set(start + 5500 * MS);
        assertTrue(b.admission(9).reserveAfterColdStart(clock.nanoTime()) != Admission.AWAIT_OPENING_ANSWERS,
                "5 s after a's opening nobody is held for it any more");
    }

    @Test
    void aRefusalCommitsNothingToTheSharedSchedule() throws Exception {
        MemoryState state = new MemoryState();
        Limiter a = new Limiter(exact("upbit", limit(10, SECOND, 10)).maxWaitNanos(0).build(), clock, NO_RANDOM);
        a.share(state);
        Limiter b = sharing(state);
        for (int i = 0; i < 10; i++) {
            a.reserve(1);
        }
        long[] before = state.values.clone();
        assertThrows(Zero429WaitTimeoutException.class, () -> a.reserve(1));
        assertEquals(before[0], state.values[0], "the refused request left the shared TAT as it was");
        assertEquals(clock.nanoTime() + 100 * MS, b.reserve(1), "the other limiter's next slot is the first free one");
    }

    @Test
    void aLockNotHadPlansOnTheOwnCopyAndIsCounted() {
        MemoryState state = new MemoryState();
        Limiter a = sharing(state);
        state.refuse = true;
        assertTrue(a.tryAcquire(1));
        assertEquals(1, a.sharedMisses());
        assertFalse(state.written, "nothing written without the lock");
    }

    private Limiter sharingWindow(MemoryState state, long count) {
        Limiter limiter = new Limiter(exact("kis", limit(count, SECOND, (int) count)).mode(LimitMode.WINDOW).build(),
                clock, NO_RANDOM);
        limiter.share(state);
        return limiter;
    }

    private static MemoryState windowState(long count) {
        return new MemoryState(Limiter.sharedLongs(exact("kis", limit(count, SECOND, (int) count))
                .mode(LimitMode.WINDOW).build()));
    }

    @Test
    void windowLimitersOnOneRingGetOneWindowBetweenThem() {
        MemoryState state = windowState(20);
        Limiter a = sharingWindow(state, 20);
        Limiter b = sharingWindow(state, 20);
        int taken = 0;
        for (int i = 0; i < 20; i++) {
            taken += (a.tryAcquire(1) ? 1 : 0) + (b.tryAcquire(1) ? 1 : 0);
        }
        assertEquals(20, taken, "20 in the window between them, not 20 each");
        clock.sleepUntil(clock.nanoTime() + SECOND - 1);
        assertFalse(a.tryAcquire(1), "the window is not over for either");
        clock.sleepUntil(clock.nanoTime() + 1);
        for (int i = 0; i < 10; i++) {
            assertTrue(a.tryAcquire(1) && b.tryAcquire(1), "a new window, for both");
        }
        assertFalse(b.tryAcquire(1));
        assertFalse(state.locked, "every section released the shared lock");
    }

    @Test
    void aWindowUnitIsTightenedByTheAnswerOfItsOwnLimiterOnly() throws Exception {
        MemoryState state = windowState(20);
        Limiter a = sharingWindow(state, 20);
        Limiter b = sharingWindow(state, 20);
        // a's cold start ends with one answer; a window later its requests count as late as the most it assumes,
        // each until its own answer comes.
        long first = a.admission(1).reserveAfterColdStart(clock.nanoTime());
        clock.set(first + 5 * MS);
        a.onResponse(first, 1);
        clock.set(first + 2 * SECOND);
        long start = clock.nanoTime();
        long[] departures = new long[20];
        for (int i = 0; i < 20; i++) {
            departures[i] = a.admission(1).reserveAfterColdStart(start);
            assertEquals(start, departures[i]);
        }
        clock.set(start + 5 * MS);
        for (int i = 0; i < 20; i++) {
            b.onResponse(departures[i], 1); // same release times, but b's answers say nothing of a's requests
        }
        assertEquals(Admission.AWAIT_OPENING_ANSWERS, b.admission(1).reserveAfterColdStart(clock.nanoTime()),
                "a's units are still guesses: b waits for their answers rather than plan on them");
        for (int i = 0; i < 20; i++) {
            a.onResponse(departures[i], 1);
        }
        assertEquals(start + 5 * MS + SECOND, b.admission(1).reserveAfterColdStart(clock.nanoTime()),
                "a window after a's answers, the latest its requests can have arrived");
    }

    @Test
    void aWindowSlotIsGivenBackOnlyWhileNobodyElseChangedTheRing() throws Exception {
        MemoryState state = windowState(2);
        Limiter a = sharingWindow(state, 2);
        Limiter b = sharingWindow(state, 2);
        long start = clock.nanoTime();
        assertTrue(a.tryAcquire(1) && a.tryAcquire(1));
        long planned = a.reserve(1);
        assertEquals(start + SECOND, planned);
        assertTrue(a.giveBack(planned, 1), "nobody reserved after it");
        planned = a.reserve(1);
        assertEquals(start + SECOND, b.reserve(1), "b's slot comes with the same window's end");
        assertFalse(a.giveBack(planned, 1), "b's reservation came after it: the slot stays used");
        assertEquals(start + 2 * SECOND, b.reserve(1), "both units of the second window are taken");
    }

    @Test
    void aWindowNobodyChangedIsNotWrittenBackSoNobodyLoadsItAgain() {
        MemoryState state = windowState(2);
        Limiter a = sharingWindow(state, 2);
        Limiter b = sharingWindow(state, 2);
        assertTrue(a.tryAcquire(1) && b.tryAcquire(1));
        long version = state.values[0]; // the ring's version comes first
        assertFalse(a.tryAcquire(1));
        assertFalse(b.tryAcquire(1));
        assertEquals(version, state.values[0], "refusals changed nothing: the ring was not written back");
        clock.sleepUntil(clock.nanoTime() + SECOND);
        assertTrue(a.tryAcquire(1));
        assertEquals(version + 1, state.values[0], "a commit writes a new version");
    }

    @Test
    void severalSharedLimitersAreLockedInTheStoresOrderNotThisJvmsLimiterOrder() throws Exception {
        List<Long> log = new ArrayList<>();
        MemoryState second = new MemoryState();
        second.order = 2;
        second.lockLog = log;
        MemoryState first = new MemoryState();
        first.order = 1;
        first.lockLog = log;
        Limiter older = sharing(second); // the lower id here; another JVM may have created them the other way round
        Limiter newer = sharing(first);
        Admission.of(List.of(older, newer), List.of(1L, 1L)).reserve(clock.nanoTime());
        assertEquals(List.of(1L, 2L), log);
    }

    @Test
    void limitsLargerThanTheSharedStateAreRefused() {
        Limiter window = new Limiter(exact("kis", limit(20, SECOND, 20)).mode(LimitMode.WINDOW).build(), clock,
                NO_RANDOM);
        assertThrows(IllegalArgumentException.class, () -> window.share(new MemoryState()));
    }
}
