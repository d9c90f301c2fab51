package io.zero429.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AnthropicResetTest {
    private static final long NOW = ZonedDateTime.of(2026, 11, 27, 12, 0, 0, 0, ZoneOffset.UTC).toInstant().toEpochMilli();

    @Test
    void utcTimestamp() {
        assertEquals(TimeUnit.SECONDS.toNanos(30), AnthropicReset.parseNanos("2026-11-27T12:00:30Z", NOW));
    }

    @Test
    void offsetsAndFractions() {
        assertEquals(TimeUnit.SECONDS.toNanos(30), AnthropicReset.parseNanos("2026-11-27T21:00:30+09:00", NOW));
        assertEquals(TimeUnit.SECONDS.toNanos(30), AnthropicReset.parseNanos("2026-11-27T07:00:30-05:00", NOW));
        assertEquals(TimeUnit.MILLISECONDS.toNanos(1_250), AnthropicReset.parseNanos("2026-11-27T12:00:01.25Z", NOW));
        assertEquals(TimeUnit.MILLISECONDS.toNanos(2), AnthropicReset.parseNanos("2026-11-27T12:00:00.001000001Z", NOW),
                "a partial millisecond rounds up");
        assertEquals(TimeUnit.SECONDS.toNanos(5), AnthropicReset.parseNanos("2026-11-27 12:00:05z", NOW), "RFC 3339 variants");
    }

    @Test
    void pastIsZeroAndFarFutureIsADay() {
        assertEquals(0, AnthropicReset.parseNanos("2026-11-27T11:59:59Z", NOW));
        assertEquals(0, AnthropicReset.parseNanos("1970-01-01T00:00:00Z", NOW));
        assertEquals(TimeUnit.DAYS.toNanos(1), AnthropicReset.parseNanos("2027-01-01T00:00:00Z", NOW));
        assertEquals(TimeUnit.DAYS.toNanos(1), AnthropicReset.parseNanos("+999999999-12-31T23:59:59Z", NOW));
    }

    @Test
    void malformedIsNone() {
        for (String bad : new String[] {null, "", "  ", "30", "2026-11-27", "2026-11-27T12:00:30", "2026-13-27T12:00:30Z",
            "2026-11-27T12:00:60Z", "2026-11-27T25:00:30Z", "Fri, 27 Nov 2026 12:00:30 GMT", "2026-11-27T12:00:30+25:00",
            "2026-11-27T12:00:30Z" + " ".repeat(5) + "x", "\uff12026-11-27T12:00:30Z", "2026-11-27T12:00:30Z".repeat(3)}) {
            assertEquals(AnthropicReset.NONE, AnthropicReset.parseNanos(bad, NOW), String.valueOf(bad));
        }
    }
}
