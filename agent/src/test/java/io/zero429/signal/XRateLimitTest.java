package io.zero429.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class XRateLimitTest {
    private static final long NOW = ZonedDateTime.of(2026, 11, 27, 12, 0, 0, 0, ZoneOffset.UTC).toInstant().toEpochMilli();
    private static final long NOW_S = NOW / 1000;
    private static final long DAY = TimeUnit.DAYS.toNanos(1);

    @Test
    void gitHubEpochSecondsReset() {
        XRateLimit r = XRateLimit.parse("5000", "4987", String.valueOf(NOW_S + 600), NOW);
        assertEquals(5000, r.limit());
        assertEquals(4987, r.remaining());
        assertEquals(TimeUnit.SECONDS.toNanos(600), r.resetNanos());
        assertEquals(0, XRateLimit.parse(null, "0", String.valueOf(NOW_S - 5), NOW).resetNanos(), "reset already past");
        assertEquals(DAY, XRateLimit.parse(null, "0", String.valueOf(NOW_S + 10 * 86400), NOW).resetNanos());
    }

    @Test
    void deltaSecondsReset() {
        assertEquals(TimeUnit.SECONDS.toNanos(30), XRateLimit.parse("100", "0", "30", NOW).resetNanos());
        assertEquals(0, XRateLimit.parse("100", "0", "0", NOW).resetNanos());
        assertEquals(DAY, XRateLimit.parse("100", "0", "864000", NOW).resetNanos());
    }

    @Test
    void epochOrDeltaIsDecidedAtHalfOfNow() {
        long threshold = NOW_S / 2;
        assertEquals(DAY, XRateLimit.parse(null, null, String.valueOf(threshold - 1), NOW).resetNanos(), "a delta");
        assertEquals(0, XRateLimit.parse(null, null, String.valueOf(threshold), NOW).resetNanos(), "a past epoch");
        assertEquals(TimeUnit.SECONDS.toNanos(7), XRateLimit.parse(null, null, "7", 0).resetNanos(), "clock at 0");
    }

    @Test
    void eachFieldIsIndependentlyOptional() {
        XRateLimit r = XRateLimit.parse(null, " 12 ", "soon", NOW);
        assertEquals(XRateLimit.NONE, r.limit());
        assertEquals(12, r.remaining());
        assertEquals(XRateLimit.NONE, r.resetNanos());
        assertEquals(60, XRateLimit.parse("60, 60;w=60", null, null, NOW).limit(), "a list keeps its first count");
    }

    @Test
    void unusableValues() {
        assertNull(XRateLimit.parse(null, null, null, NOW));
        assertNull(XRateLimit.parse("", " ", "", NOW));
        assertNull(XRateLimit.parse("-1", "1.5", "-30", NOW));
        assertNull(XRateLimit.parse("99999999999999999999", "\uff11", "1".repeat(100), NOW));
        assertEquals(DAY, XRateLimit.parse(null, null, "99999999999999999999", NOW).resetNanos(), "overflow saturates");
        assertEquals(DAY, XRateLimit.parse(null, null, "99999999999999999999", Long.MIN_VALUE).resetNanos());
    }
}
