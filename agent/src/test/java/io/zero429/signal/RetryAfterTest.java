package io.zero429.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
    private static final long NOW = ZonedDateTime.of(2026, 11, 24, 12, 0, 0, 0, ZoneOffset.UTC).toInstant().toEpochMilli();

    @Test
    void deltaSeconds() {
        assertEquals(TimeUnit.SECONDS.toNanos(2), RetryAfter.parseNanos("2", NOW));
        assertEquals(TimeUnit.SECONDS.toNanos(120), RetryAfter.parseNanos(" 120 ", NOW));
        assertEquals(0, RetryAfter.parseNanos("0", NOW));
    }

    @Test
    void httpDate() {
        String in30s = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                ZonedDateTime.of(2026, 11, 24, 12, 0, 30, 0, ZoneOffset.UTC));
        assertEquals(TimeUnit.SECONDS.toNanos(30), RetryAfter.parseNanos(in30s, NOW));
        assertEquals(0, RetryAfter.parseNanos("Tue, 24 Nov 2026 11:59:00 GMT", NOW), "a date in the past");
    }

    @Test
    void absentOrUnusableMeansNoWait() {
        for (String bad : new String[] {null, "", "soon", "-5", "2.5", "1e3", "Tue, 99 Nov 2026 11:59:00 GMT",
            "9".repeat(100), "\u0000"}) {
            assertEquals(0, RetryAfter.parseNanos(bad, NOW), String.valueOf(bad));
        }
    }

    @Test
    void absurdWaitsAreCappedAtADay() {
        assertEquals(TimeUnit.DAYS.toNanos(1), RetryAfter.parseNanos("99999999999", NOW));
        assertEquals(TimeUnit.DAYS.toNanos(1), RetryAfter.parseNanos("864000", NOW));
    }

    @Test
    void randomValuesNeverThrow() {
        SplittableRandom random = new SplittableRandom(42);
        String alphabet = "0123456789 ,:-GMTMonTueNov+.\t";
        for (int i = 0; i < 50_000; i++) {
            StringBuilder s = new StringBuilder();
            int n = random.nextInt(40);
            for (int j = 0; j < n; j++) {
                s.append(random.nextInt(10) == 0 ? (char) random.nextInt(0xFFFF) : alphabet.charAt(random.nextInt(alphabet.length())));
            }
            long wait = RetryAfter.parseNanos(s.toString(), NOW);
            assertTrue(wait >= 0 && wait <= TimeUnit.DAYS.toNanos(1), s.toString());
        }
    }
}
