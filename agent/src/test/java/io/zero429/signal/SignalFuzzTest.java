package io.zero429.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.Collections;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every signal parser, fed random strings and mutations of real values (deletions, duplications, random and
 * non-ASCII chars, 10k-char values): it never throws and its results stay within their documented bounds.
 * Fixed seeds, so a failure reproduces.
 */
class SignalFuzzTest {
    private static final long NOW = 1_795_780_800_000L; // 2026-11-27T12:00:00Z
    private static final long DAY = TimeUnit.DAYS.toNanos(1);
    private static final long MAX_COUNT = 999_999_999L;
    private static final int RANDOM_INPUTS = 20_000;
    private static final int MUTATIONS = 20_000;
    private static final String ALPHABET = "0123456789 ;,=\"-.:+smhdSMHDzZTtu\t\\_{}[]";
    private static final Pattern GROUP = Pattern.compile("[a-z-]{1,40}");

    /** A parser call plus the checks of its bounds; throws AssertionError when out of bounds. */
    private interface Target {
        void check(String input);
    }

    @Test
    void retryAfterMs() {
        fuzz(1, new String[] {"1500", "1500.5", "0.5", "0"}, s -> assertWait(RetryAfterMs.parseNanos(s), true));
        fuzz(13, new String[] {"59", " 0 ", "4999"}, s -> {
            long count = RemainingCount.parse(s);
            assertTrue(count == RemainingCount.NONE || count >= 0, s);
        });
    }

    @Test
    void upbitRemainingReq() {
        fuzz(2, new String[] {"group=default; min=1800; sec=29", "group=crix-trades; sec=9", "SEC=3;Group=market"}, s -> {
            UpbitRemainingReq r = UpbitRemainingReq.parse(s);
            if (r != null) {
                assertTrue(GROUP.matcher(r.group()).matches(), r.group());
                assertTrue(r.sec() >= 0 && r.sec() <= MAX_COUNT);
            }
        });
    }

    @Test
    void rateLimitFields() {
        fuzz(3, new String[] {"\"default\";r=50;t=30", "\"burst\";q=100;w=60,\"daily\";q=1000;w=86400",
            "limit=100, remaining=50, reset=5", "100;w=10", "10, 10;w=1, 50;w=60"}, s -> {
                assertRateLimitFields(RateLimitFields.parse(Collections.singletonList(s), null));
                assertRateLimitFields(RateLimitFields.parse(Arrays.asList(s, s), Arrays.asList(s, "\"default\";q=1;w=1")));
                assertRateLimitFields(RateLimitFields.parse(Collections.singletonList("\"burst\";r=1;t=1"), Collections.singletonList(s)));
                assertRateLimitFields(RateLimitFields.parseLegacy(s, s, s));
            });
    }

    @Test
    void xRateLimit() {
        fuzz(4, new String[] {"5000", "4987", "1795781400", "30", "60, 60;w=60"}, s -> {
            for (long now : new long[] {NOW, 0, Long.MIN_VALUE, Long.MAX_VALUE}) {
                XRateLimit r = XRateLimit.parse(s, s, s, now);
                if (r != null) {
                    assertCount(r.limit());
                    assertCount(r.remaining());
                    assertWait(r.resetNanos(), true);
                }
            }
        });
    }

    @Test
    void resetDuration() {
        fuzz(5, new String[] {"6m0s", "1s", "12ms", "1h2m3.5s", "0.5s", "17.28s"}, s -> assertWait(ResetDuration.parseNanos(s), true));
    }

    @Test
    void anthropicReset() {
        fuzz(6, new String[] {"2026-11-27T12:00:30Z", "2026-11-27T21:00:30.123456789+09:00", "2026-11-27 12:00:05z"},
            s -> {
                assertWait(AnthropicReset.parseNanos(s, NOW), true);
                assertWait(AnthropicReset.parseNanos(s, Long.MIN_VALUE), true);
            });
    }

    @Test
    void bybitLimit() {
        fuzz(7, new String[] {"98", "1795780801250", "0"}, s -> {
            for (long now : new long[] {NOW, Long.MIN_VALUE, Long.MAX_VALUE}) {
                BybitLimit r = BybitLimit.parse(s, s, now);
                if (r != null) {
                    assertCount(r.remaining());
                    assertWait(r.resetNanos(), true);
                }
            }
        });
    }

    @Test
    void binanceUsedWeight() {
        fuzz(8, new String[] {"X-MBX-USED-WEIGHT-1M", "x-mbx-used-weight-10s", "66", "6000"}, s -> {
            assertUsedWeight(BinanceUsedWeight.parse(s, "66"));
            assertUsedWeight(BinanceUsedWeight.parse("X-MBX-USED-WEIGHT-1M", s));
            assertUsedWeight(BinanceUsedWeight.parse(s, s));
        });
    }

    @Test
    void bodyCodes() {
        fuzz(9, new String[] {BodyCodesTest.KIS, BodyCodesTest.GEMINI_PER_DAY, BodyCodesTest.GEMINI_PER_MINUTE,
            BodyCodesTest.BINANCE}, s -> {
                BodyCodes c = BodyCodes.scan(s);
                assertNotNull(c);
                assertWait(c.retryDelayNanos(), true);
                if (c.kind() != BodyCodes.Kind.GEMINI_RESOURCE_EXHAUSTED) {
                    assertEquals(-1, c.retryDelayNanos());
                    assertFalse(c.perDayQuota());
                }
            });
    }

    private static void fuzz(long seed, String[] valid, Target target) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < RANDOM_INPUTS; i++) {
            run(target, randomString(random));
        }
        for (int i = 0; i < MUTATIONS; i++) {
            run(target, mutate(random, valid[random.nextInt(valid.length)]));
        }
    }

    private static void run(Target target, String input) {
        try {
            target.check(input);
        } catch (RuntimeException | AssertionError e) {
            fail("input " + printable(input) + ": " + e, e);
        }
    }

    private static String randomString(SplittableRandom random) {
        int length = random.nextInt(100) == 0 ? 10_000 : random.nextInt(48);
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(randomChar(random));
        }
        return s.toString();
    }

    private static char randomChar(SplittableRandom random) {
        int kind = random.nextInt(10);
        if (kind < 7) {
            return ALPHABET.charAt(random.nextInt(ALPHABET.length()));
        }
        if (kind < 9) {
            return (char) (' ' + random.nextInt(95));
        }
        return (char) random.nextInt(0x10000); // controls, non-ASCII digits and letters, lone surrogates
    }

    private static String mutate(SplittableRandom random, String valid) {
        StringBuilder s = new StringBuilder(valid);
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int at = s.length() == 0 ? 0 : random.nextInt(s.length() + 1);
            int end = Math.min(s.length(), at + 1 + random.nextInt(8));
            switch (random.nextInt(6)) {
                case 0:
                    s.delete(at, end);
                    break;
                case 1:
                    s.insert(at, s.substring(at, end));
                    break;
                case 2:
                    s.insert(at, randomChar(random));
                    break;
                case 3:
                    if (at < s.length()) {
                        s.setCharAt(at, randomChar(random));
                    }
                    break;
                case 4:
                    s.setLength(at); // truncated
                    break;
                default:
                    if (random.nextInt(20) == 0) {
                        char c = random.nextBoolean() ? '9' : randomChar(random);
                        s.insert(at, String.valueOf(c).repeat(10_000));
                    } else {
                        s.insert(at, "99999999999999999999");
                    }
                    break;
            }
        }
        return s.toString();
    }

    private static void assertWait(long nanos, boolean noneAllowed) {
        assertTrue((noneAllowed && nanos == -1) || (nanos >= 0 && nanos <= DAY), "wait " + nanos);
    }

    private static void assertCount(long count) {
        assertTrue(count == -1 || (count >= 0 && count <= MAX_COUNT), "count " + count);
    }

    private static void assertRateLimitFields(RateLimitFields f) {
        if (f != null) {
            assertCount(f.remaining());
            assertWait(f.resetNanos(), true);
            assertCount(f.quota());
            assertCount(f.windowSeconds());
            assertTrue(f.remaining() != -1 || f.resetNanos() != -1 || f.quota() != -1 || f.windowSeconds() != -1, f.toString());
        }
    }

    private static void assertUsedWeight(BinanceUsedWeight w) {
        if (w != null) {
            assertTrue(w.intervalNanos() > 0 && w.intervalNanos() <= TimeUnit.DAYS.toNanos(999), "interval " + w.intervalNanos());
            assertTrue(w.used() >= 0 && w.used() <= MAX_COUNT, "used " + w.used());
        }
    }

    private static String printable(String s) {
        String head = s.length() > 200 ? s.substring(0, 200) + "...(" + s.length() + " chars)" : s;
        StringBuilder out = new StringBuilder("\"");
        for (char c : head.toCharArray()) {
            out.append(c >= ' ' && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return out.append('"').toString();
    }
}
