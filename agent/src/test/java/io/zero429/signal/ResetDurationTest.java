package io.zero429.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ResetDurationTest {
    @Test
    void openAiExamples() {
        assertEquals(TimeUnit.MINUTES.toNanos(6), ResetDuration.parseNanos("6m0s"));
        assertEquals(TimeUnit.SECONDS.toNanos(1), ResetDuration.parseNanos("1s"));
        assertEquals(TimeUnit.MILLISECONDS.toNanos(12), ResetDuration.parseNanos("12ms"));
        assertEquals(TimeUnit.SECONDS.toNanos(3723) + 500_000_000L, ResetDuration.parseNanos("1h2m3.5s"));
        assertEquals(500_000_000L, ResetDuration.parseNanos("0.5s"));
        assertEquals(TimeUnit.MILLISECONDS.toNanos(17_280), ResetDuration.parseNanos("17.28s"));
    }

    @Test
    void otherGoUnitsAndZero() {
        assertEquals(0, ResetDuration.parseNanos("0"));
        assertEquals(0, ResetDuration.parseNanos("0s"));
        assertEquals(1500, ResetDuration.parseNanos("1.5us"));
        assertEquals(2000, ResetDuration.parseNanos("2\u00b5s"));
        assertEquals(7, ResetDuration.parseNanos("7ns"));
        assertEquals(TimeUnit.MINUTES.toNanos(90), ResetDuration.parseNanos(" 1.5h "));
    }

    @Test
    void malformedIsNone() {
        for (String bad : new String[] {null, "", " ", "5", "-1s", "1x", "s", "1m s", "1 s", "1S", "1.s.s", "..s",
            "1sec", "1e3s", "\uff11s", "1s" + "1".repeat(60)}) {
            assertEquals(ResetDuration.NONE, ResetDuration.parseNanos(bad), String.valueOf(bad));
        }
    }

    @Test
    void hugeDurationsAreCappedAtADay() {
        long day = TimeUnit.DAYS.toNanos(1);
        assertEquals(day, ResetDuration.parseNanos("99999999999999999999h"));
        assertEquals(day, ResetDuration.parseNanos("25h"));
        assertEquals(day, ResetDuration.parseNanos("23h59m60s1ns"));
        assertEquals(day - 1, ResetDuration.parseNanos("23h59m59.999999999s"));
    }
}
