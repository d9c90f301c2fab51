package io.zero429.limit;

import static io.zero429.limit.LimiterTestSupport.MS;
import static io.zero429.limit.LimiterTestSupport.NO_RANDOM;
import static io.zero429.limit.LimiterTestSupport.SECOND;
import static io.zero429.limit.LimiterTestSupport.exact;
import static io.zero429.limit.LimiterTestSupport.limit;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Admission#waitHint}: the wait a request arriving now would get, with nothing reserved by asking. */
class WaitHintTest {
    private final FakeClock clock = new FakeClock();

    private Limiter limiter(LimiterSpec.Builder spec) {
        return new Limiter(spec.build(), clock, NO_RANDOM);
    }

    @Test
    void theHintIsTheWaitTheNextReservationGetsAndReservesNothing() throws Exception {
        Limiter limiter = limiter(exact("g", limit(2, 2 * SECOND, 2))); // one per second, two back to back
        Admission admission = limiter.admission(1);
        assertEquals(0, admission.waitHint(), "a full bucket");
        admission.reserve(clock.nanoTime());
        assertEquals(0, admission.waitHint(), "one token left");
        admission.reserve(clock.nanoTime());
        assertEquals(SECOND, admission.waitHint());
        clock.advance(400 * MS);
        for (int i = 0; i < 3; i++) {
            assertEquals(600 * MS, admission.waitHint(), "asking again changes nothing");
        }
        assertEquals(2, limiter.admitted());
        assertEquals(clock.nanoTime() + 600 * MS, admission.reserve(clock.nanoTime()));
    }

    @Test
    void windowModePausesAndSeveralLimitersAreAllCounted() throws Exception {
        Limiter window = limiter(exact("w", limit(2, SECOND, 1)).mode(LimitMode.WINDOW));
        Limiter wide = limiter(exact("wide", limit(100, SECOND, 100)));
        Admission both = Admission.of(List.of(window, wide), List.of(1L, 1L));
        both.reserve(clock.nanoTime());
        both.reserve(clock.nanoTime());
        clock.advance(300 * MS);
        assertEquals(700 * MS, both.waitHint(), "the window frees its first place 1 s after it was taken");
        wide.pauseFor(2 * SECOND);
        assertEquals(2 * SECOND, both.waitHint(), "a pause on any of its limiters");
        assertEquals(2 * SECOND, wide.admission(1).waitHint());
    }
}
