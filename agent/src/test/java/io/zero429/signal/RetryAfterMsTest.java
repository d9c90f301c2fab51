package io.zero429.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RetryAfterMsTest {
    @Test
    void decimalMilliseconds() {
        assertEquals(TimeUnit.MILLISECONDS.toNanos(1500), RetryAfterMs.parseNanos("1500"));
        assertEquals(1_500_500_000L, RetryAfterMs.parseNanos(" 1500.5 "));
        assertEquals(500_000L, RetryAfterMs.parseNanos("0.5"));
        assertEquals(0, RetryAfterMs.parseNanos("0"));
        assertEquals(1L, RetryAfterMs.parseNanos("0.000001"));
        assertEquals(1L, RetryAfterMs.parseNanos("0.0000019999"), "below a nanosecond is dropped");
    }

    @Test
    void absentOrMalformedIsNone() {
        for (String bad : new String[] {null, "", "   ", "-5", "1500ms", "1.5s", "1e3", ".", "1.2.3", "+1", "０", "9".repeat(40)}) {
            assertEquals(RetryAfterMs.NONE, RetryAfterMs.parseNanos(bad), String.valueOf(bad));
        }
    }

    @Test
    void hugeValuesAreCappedAtADay() {
        assertEquals(TimeUnit.DAYS.toNanos(1), RetryAfterMs.parseNanos("99999999999999999999"));
        assertEquals(TimeUnit.DAYS.toNanos(1), RetryAfterMs.parseNanos("86400001"));
        assertEquals(TimeUnit.DAYS.toNanos(1), RetryAfterMs.parseNanos("86400000.5"));
        assertEquals(TimeUnit.DAYS.toNanos(1) - 500_000, RetryAfterMs.parseNanos("86399999.5"));
    }
}
