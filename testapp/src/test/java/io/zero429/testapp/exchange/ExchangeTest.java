package io.zero429.testapp.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The mock exchange's limits, exact to the nanosecond, on a fake clock. */
class ExchangeTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private long now = TimeUnit.HOURS.toNanos(1);
    private final Exchange exchange = new Exchange(TimeScale.REAL, () -> now);

    private Reply get(String host, String pathAndQuery, Map<String, String> headers) {
        int q = pathAndQuery.indexOf('?');
        return exchange.handle(new Call("GET", host, q < 0 ? pathAndQuery : pathAndQuery.substring(0, q),
                q < 0 ? null : pathAndQuery.substring(q + 1), headers, "127.0.0.1"));
    }

    private Reply upbitTicker() {
        return get(UpbitApi.HOST, "/v1/ticker?markets=KRW-BTC", Map.of());
    }

    @Test
    void upbitIsATokenBucketOf10At10PerSecondWithRemainingReq() {
        for (int i = 0; i < 10; i++) {
            Reply reply = upbitTicker();
            assertEquals(200, reply.status());
            assertEquals("group=ticker; min=1800; sec=" + (9 - i), reply.headers().get("Remaining-Req"));
        }
        Reply over = upbitTicker();
        assertEquals(429, over.status());
        assertTrue(over.body().contains("too_many_requests"));
        now += 100 * MS - 1;
        assertEquals(429, upbitTicker().status(), "one nanosecond early");
        now += 1;
        assertEquals(200, upbitTicker().status(), "exactly one interval later");
        assertEquals(200, get(UpbitApi.HOST, "/v1/candles/minutes/1?market=KRW-BTC", Map.of()).status(),
                "each quotation group has its own bucket");
    }

    @Test
    void upbitBansAClientThatKeepsGoingLongerEachTime() {
        for (int i = 0; i < 10; i++) {
            upbitTicker();
        }
        for (int i = 0; i < UpbitApi.VIOLATIONS_FOR_BAN; i++) {
            assertEquals(429, upbitTicker().status());
        }
        now += TimeUnit.SECONDS.toNanos(2);
        assertEquals(418, upbitTicker().status(), "banned, even with tokens back");
        now += TimeUnit.SECONDS.toNanos(8);
        assertEquals(200, upbitTicker().status(), "the first ban lasts 10 s");
        String stats = exchange.statsJson();
        assertTrue(stats.contains("\"group\":\"ticker\",\"limit\":\"10/s burst 10 per IP\""), stats);
        assertTrue(stats.contains("\"ok\":11,\"okWeight\":11,\"limited\":10,\"banned\":1,\"peakInWindow\":10"), stats);
    }

    @Test
    void upbitOrdersAreCountedPerAccount() {
        Call order = new Call("POST", UpbitApi.HOST, "/v1/orders", null, Map.of("authorization", "Bearer a"), "1.2.3.4");
        for (int i = 0; i < 8; i++) {
            assertEquals(200, exchange.handle(order).status());
        }
        assertEquals(429, exchange.handle(order).status());
        assertEquals(200, exchange.handle(new Call("POST", UpbitApi.HOST, "/v1/orders", null,
                Map.of("authorization", "Bearer b"), "1.2.3.4")).status(), "another account");
        assertEquals("order-cancel-all", UpbitApi.groupOf("DELETE", "/v1/orders/open"));
        assertEquals("default", UpbitApi.groupOf("GET", "/v1/accounts"));
    }

    @Test
    void kisAllows18InAnySecondAndAnswers500Egw00201Above() {
        Map<String, String> key = Map.of("appkey", "PSabc");
        for (int i = 0; i < 18; i++) {
            assertEquals(200, get(KisApi.HOST, "/uapi/domestic-stock/v1/quotations/inquire-price", key).status());
            now += 10 * MS;
        }
        Reply over = get(KisApi.HOST, "/uapi/domestic-stock/v1/quotations/inquire-price", key);
        assertEquals(500, over.status());
        assertTrue(over.body().contains("\"msg_cd\":\"EGW00201\""));
        now = now - 180 * MS + TimeUnit.SECONDS.toNanos(1);
        assertEquals(200, get(KisApi.HOST, "/uapi/x", key).status(), "one second after the first");
        assertEquals(500, get(KisApi.HOST, "/uapi/x", key).status(), "the second left the window only 10 ms later");
    }

    @Test
    void aSlidingLogGroupsSustainedRateCountsWholeWindows() {
        Map<String, String> key = Map.of("appkey", "PSabc");
        // 18 at once every 1.02 s (what a window-mode limiter with a 2% margin sends), for 10 windows and 5 more.
        long start = now;
        for (int batch = 0; batch <= 10; batch++) {
            now = start + batch * 1020 * MS;
            for (int i = 0; i < (batch == 10 ? 5 : 18); i++) {
                assertEquals(200, get(KisApi.HOST, "/uapi/x", key).status());
            }
        }
        GroupSnapshot kis = exchange.snapshot().stream().filter(g -> g.api().equals("kis")).findFirst().orElseThrow();
        // Whole windows between the first and the last: 10 (10.2 s); the batches starting before 10 s: 10 × 18.
        assertEquals(18.0, kis.sustainedRate(), 1e-9);
    }

    @Test
    void geminiCountsPerMinuteAndPerDayAndSaysWhenToRetry() {
        Call generate = new Call("POST", GeminiApi.HOST, "/v1beta/models/gemini-2.5-pro:generateContent", "key=AIza1",
                Map.of(), "127.0.0.1");
        for (int i = 0; i < 5; i++) {
            assertEquals(200, exchange.handle(generate).status());
            now += TimeUnit.SECONDS.toNanos(1);
        }
        Reply over = exchange.handle(generate);
        assertEquals(429, over.status());
        assertTrue(over.body().contains("RESOURCE_EXHAUSTED") && over.body().contains("\"retryDelay\":\"55.000s\"")
                && over.body().contains("PerMinute"), over.body());
        assertEquals(200, exchange.handle(new Call("POST", GeminiApi.HOST, "/v1beta/models/m:generateContent", null,
                Map.of("x-goog-api-key", "AIza2"), "127.0.0.1")).status(), "another key");
    }

    @Test
    void openAiAllowsItsRequestsPerMinuteInAnySlidingMinuteAndSaysWhatIsLeft() {
        Call chat = new Call("POST", OpenAiApi.HOST, "/v1/chat/completions", null,
                Map.of("authorization", "Bearer sk-1"), "127.0.0.1");
        long start = now;
        for (int i = 0; i < OpenAiApi.PER_MINUTE; i++) {
            Reply reply = exchange.handle(chat);
            assertEquals(200, reply.status());
            assertEquals(String.valueOf(OpenAiApi.PER_MINUTE - 1 - i), reply.headers().get("x-ratelimit-remaining-requests"));
            now += 100 * MS;
        }
        Reply over = exchange.handle(chat);
        assertEquals(429, over.status());
        assertTrue(over.body().contains("\"type\":\"requests\"") && over.body().contains("rate_limit_exceeded"),
                over.body());
        assertEquals("0", over.headers().get("x-ratelimit-remaining-requests"));
        assertEquals("59.9s", over.headers().get("x-ratelimit-reset-requests"), "until the last one leaves the minute");
        now = start + TimeUnit.MINUTES.toNanos(1) - 1;
        assertEquals(429, exchange.handle(chat).status(), "one nanosecond before the first leaves the minute");
        now++;
        assertEquals(200, exchange.handle(chat).status());
        assertEquals(200, exchange.handle(new Call("POST", OpenAiApi.HOST, "/v1/chat/completions", null,
                Map.of("authorization", "Bearer sk-2"), "127.0.0.1")).status(), "another key");
    }

    @Test
    void openAiDurationsAreWrittenAsOpenAiWritesThem() {
        assertEquals("20ms", OpenAiApi.duration(20 * MS));
        assertEquals("1.2s", OpenAiApi.duration(1200 * MS));
        assertEquals("6m0s", OpenAiApi.duration(TimeUnit.MINUTES.toNanos(6)));
        assertEquals("1m30.5s", OpenAiApi.duration(TimeUnit.SECONDS.toNanos(90) + 500 * MS));
    }

    @Test
    void anthropicIsABucketRefilledContinuouslyAndSaysWhenToRetry() {
        Exchange exchange = new Exchange(TimeScale.REAL, () -> now, () -> 1_765_000_000_000L);
        Call messages = new Call("POST", AnthropicApi.HOST, "/v1/messages", null, Map.of("x-api-key", "sk-ant-1"),
                "127.0.0.1");
        for (int i = 0; i < AnthropicApi.PER_MINUTE; i++) {
            Reply reply = exchange.handle(messages);
            assertEquals(200, reply.status(), "the full bucket, back to back: " + i);
            assertEquals(String.valueOf(AnthropicApi.PER_MINUTE - 1 - i),
                    reply.headers().get("anthropic-ratelimit-requests-remaining"));
        }
        Reply over = exchange.handle(messages);
        assertEquals(429, over.status());
        assertTrue(over.body().contains("rate_limit_error"), over.body());
        assertEquals("2", over.headers().get("retry-after"), "60 s / 50 = 1.2 s, in whole seconds rounded up");
        assertEquals("2025-12-06T05:47:40Z", over.headers().get("anthropic-ratelimit-requests-reset"),
                "full again a minute after the burst, on the wall clock");
        long interval = TimeUnit.MINUTES.toNanos(1) / AnthropicApi.PER_MINUTE;
        now += interval - 1;
        assertEquals(429, exchange.handle(messages).status(), "one nanosecond early");
        now += 1;
        assertEquals(200, exchange.handle(messages).status(), "one interval later: one request");
    }

    @Test
    void geminiDayQuotaUnderATimeScale() {
        Exchange scaled = new Exchange(new TimeScale(1440), () -> now);
        Call generate = new Call("POST", GeminiApi.HOST, "/v1beta/models/m:generateContent", "key=k", Map.of(), "ip");
        // At scale 1440 a minute lasts 41.6 ms and a day one minute.
        for (int i = 0; i < 100; i++) {
            assertEquals(200, scaled.handle(generate).status(), "request " + i);
            now += 10 * MS;
        }
        Reply over = scaled.handle(generate);
        assertEquals(429, over.status());
        assertTrue(over.body().contains("PerDay"), over.body());
    }

    @Test
    void binanceCountsWeightPerFixedMinuteAndBansAClientThatKeepsGoing() {
        Call depth = new Call("GET", BinanceApi.HOST, "/api/v3/depth", "symbol=BTCUSDT&limit=100", Map.of(), "ip");
        assertEquals(5, BinanceApi.weightOf(depth));
        assertEquals(50, BinanceApi.weightOf(new Call("GET", BinanceApi.HOST, "/api/v3/depth", "limit=1000", Map.of(),
                "ip")));
        for (int i = 0; i < 1200; i++) {
            assertEquals(200, exchange.handle(depth).status());
        }
        Reply over = exchange.handle(depth);
        assertEquals(429, over.status());
        assertEquals("6000", over.headers().get("X-MBX-USED-WEIGHT-1M"));
        assertTrue(over.body().contains("-1003"));
        long retryAfter = Long.parseLong(over.headers().get("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
        for (int i = 1; i < BinanceApi.REFUSALS_FOR_BAN; i++) {
            exchange.handle(depth);
        }
        Reply banned = exchange.handle(depth);
        assertEquals(418, banned.status());
        assertEquals("120", banned.headers().get("Retry-After"));
    }

    @Test
    void binanceMinutesBeginOnTheWallClocksMinutes() {
        long wall = 1_795_000_020_000L + 45_000; // 45 s into a wall-clock minute
        Exchange aligned = new Exchange(TimeScale.REAL, () -> now, () -> wall);
        Call heavy = new Call("GET", BinanceApi.HOST, "/api/v3/depth", "limit=5000", Map.of(), "ip");
        for (int i = 0; i < 24; i++) {
            assertEquals(200, aligned.handle(heavy).status());
        }
        Reply over = aligned.handle(heavy);
        assertEquals(429, over.status());
        assertEquals("15", over.headers().get("Retry-After"), "the minute ends 15 s later");
        now += 15_000 * MS - 1;
        assertEquals(429, aligned.handle(heavy).status(), "one nanosecond before the wall clock's minute");
        now += 1;
        assertEquals(200, aligned.handle(heavy).status(), "a new minute");
    }

    @Test
    void anUnknownHostIs404() {
        assertEquals(404, get("example.com", "/", Map.of()).status());
    }
}
