package io.zero429.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RateLimitFieldsTest {
    private static final long NONE = RateLimitFields.NONE;

    private static List<String> lines(String... values) {
        return Arrays.asList(values);
    }

    private static void assertFields(RateLimitFields f, String name, long remaining, long resetSeconds, long quota, long window) {
        assertEquals(name, f.policyName(), f.toString());
        assertEquals(remaining, f.remaining(), f.toString());
        assertEquals(resetSeconds == NONE ? NONE : TimeUnit.SECONDS.toNanos(resetSeconds), f.resetNanos(), f.toString());
        assertEquals(quota, f.quota(), f.toString());
        assertEquals(window, f.windowSeconds(), f.toString());
    }

    @Test
    void structuredFieldsWithPolicy() {
        assertFields(RateLimitFields.parse(lines("\"default\";r=50;t=30"), lines("\"default\";q=100;w=60")),
                "default", 50, 30, 100, 60);
        assertFields(RateLimitFields.parse(lines("\"default\";r=50;t=30"), null), "default", 50, 30, NONE, NONE);
    }

    @Test
    void theMostConstrainingOfSeveralLimitsAndItsPolicy() {
        List<String> policy = lines("\"burst\";q=100;w=60,\"daily\";q=1000;w=86400");
        assertFields(RateLimitFields.parse(lines("\"burst\";r=40;t=10, \"daily\";r=5;t=3600"), policy),
                "daily", 5, 3600, 1000, 86400);
        assertFields(RateLimitFields.parse(lines("\"burst\";r=0;t=10", "\"daily\";r=0;t=3600"), policy),
                "daily", 0, 3600, 1000, 86400);
        assertFields(RateLimitFields.parse(lines("\"burst\";r=0;t=10"), lines("\"burst\";q=100;w=60", "\"daily\";q=1000;w=86400")),
                "burst", 0, 10, 100, 60);
    }

    @Test
    void policyAloneAndTokenNames() {
        assertFields(RateLimitFields.parse(null, lines("\"burst\";q=100;w=60;qu=\"requests\";pk=:cHsdsRa894==:")),
                "burst", NONE, NONE, 100, 60);
        assertFields(RateLimitFields.parse(lines("default;r=1;t=2;x=\"a,b;c\""), lines("default;q=5;w=1")), "default", 1, 2, 5, 1);
    }

    @Test
    void draft07Dictionary() {
        assertFields(RateLimitFields.parse(lines("limit=100, remaining=50, reset=5"), lines("100;w=10")), null, 50, 5, 100, 10);
        assertFields(RateLimitFields.parse(lines("limit=100", "remaining=0, reset=59"), null), null, 0, 59, 100, NONE);
    }

    @Test
    void legacyDrafts() {
        assertFields(RateLimitFields.parseLegacy("100", "50", "50"), null, 50, 50, 100, NONE);
        assertFields(RateLimitFields.parseLegacy("10, 10;w=1, 50;w=60", " 0 ", "1"), null, 0, 1, 10, 1);
        assertFields(RateLimitFields.parseLegacy(null, null, "99999999999999999999"), null, NONE, 86400, NONE, NONE);
        assertNull(RateLimitFields.parseLegacy(null, "-1", "soon"));
        assertNull(RateLimitFields.parseLegacy("", " ", "1".repeat(100)));
    }

    @Test
    void hugeAndNegativeValues() {
        assertFields(RateLimitFields.parse(lines("\"a\";r=99999999999999999999;t=99999999999999999999"), null),
                "a", NONE, 86400, NONE, NONE);
        assertNull(RateLimitFields.parse(lines("\"a\";r=-1;t=-5"), lines("\"a\";q=-1;w=-1")));
        assertFields(RateLimitFields.parse(lines("\"a\";r=1.5;t=2"), null), "a", NONE, 2, NONE, NONE);
    }

    @Test
    void malformedMembersAreSkipped() {
        assertFields(RateLimitFields.parse(lines("\"unterminated;r=1, garbage\"x;r=2", "\"ok\";r=3;t=4"), null), "ok", 3, 4, NONE, NONE);
        assertFields(RateLimitFields.parse(lines("@@;r=1, \"\u00e9\";r=7;t=1"), null), "\u00e9", 7, 1, NONE, NONE);
    }

    @Test
    void absentOrOverlongIsNull() {
        assertNull(RateLimitFields.parse(null, null));
        assertNull(RateLimitFields.parse(Collections.emptyList(), lines("", " ")));
        assertNull(RateLimitFields.parse(lines((String) null), lines(",,,;;;")));
        assertNull(RateLimitFields.parse(lines("\"a\";r=1;t=1".repeat(100)), null), "longer than the field limit");
        assertNull(RateLimitFields.parse(lines("\"a\";r=1;t=1", "x".repeat(2000)), null));
    }
}
