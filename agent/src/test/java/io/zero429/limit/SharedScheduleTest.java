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
        final long[] values = new long[16];
        boolean written;
        boolean locked;
        boolean refuse;
        int locks;

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

    @Test
    void windowModeCannotBeShared() {
        Limiter window = new Limiter(exact("kis", limit(20, SECOND, 20)).mode(LimitMode.WINDOW).build(), clock,
                NO_RANDOM);
        assertThrows(IllegalArgumentException.class, () -> window.share(new MemoryState()));
    }
}
