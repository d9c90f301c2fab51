package io.zero429.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BybitLimitTest {
    private static final long NOW = 1_795_780_800_000L; // 2026-11-27T12:00:00Z

    @Test
    void remainingAndResetTimestamp() {
        BybitLimit r = BybitLimit.parse("98", String.valueOf(NOW + 1_250), NOW);
        assertEquals(98, r.remaining());
        assertEquals(TimeUnit.MILLISECONDS.toNanos(1_250), r.resetNanos());
    }

    @Test
    void pastResetIsZeroAndFarResetIsADay() {
        assertEquals(0, BybitLimit.parse("0", String.valueOf(NOW - 1), NOW).resetNanos());
        assertEquals(TimeUnit.DAYS.toNanos(1), BybitLimit.parse("0", String.valueOf(NOW + 3 * 86_400_000L), NOW).resetNanos());
        assertEquals(TimeUnit.DAYS.toNanos(1), BybitLimit.parse("0", "99999999999999999999", NOW).resetNanos());
        assertEquals(TimeUnit.DAYS.toNanos(1), BybitLimit.parse("0", "9223372036854775807", -NOW).resetNanos());
    }

    @Test
    void eachFieldIsOptional() {
        BybitLimit onlyRemaining = BybitLimit.parse(" 5 ", null, NOW);
        assertEquals(5, onlyRemaining.remaining());
        assertEquals(BybitLimit.NONE, onlyRemaining.resetNanos());
        BybitLimit onlyReset = BybitLimit.parse("-3", String.valueOf(NOW + 1), NOW);
        assertEquals(BybitLimit.NONE, onlyReset.remaining());
        assertEquals(TimeUnit.MILLISECONDS.toNanos(1), onlyReset.resetNanos());
    }

    @Test
    void unusableValuesAreNull() {
        assertNull(BybitLimit.parse(null, null, NOW));
        assertNull(BybitLimit.parse("", "  ", NOW));
        assertNull(BybitLimit.parse("many", "1.7e12", NOW));
        assertNull(BybitLimit.parse("99999999999999999999", "-1", NOW));
        assertNull(BybitLimit.parse("\u0661", "1".repeat(10_000), NOW));
    }
}
