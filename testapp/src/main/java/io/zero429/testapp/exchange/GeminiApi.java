package io.zero429.testapp.exchange;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * generativelanguage.googleapis.com, free tier: 5 requests per minute (sliding) and 100 per day (fixed, from the
 * exchange's start) per API key ({@code x-goog-api-key} header or {@code key} query parameter). Over either: 429
 * {@code RESOURCE_EXHAUSTED} with a {@code QuotaFailure} naming the quota and a {@code RetryInfo.retryDelay}.
 */
final class GeminiApi implements Api {
    static final String HOST = "generativelanguage.googleapis.com";
    static final int PER_MINUTE = 5;
    static final int PER_DAY = 100;

    private record Quota(SlidingLog minute, FixedWindowCounter day) {
    }

    private final TimeScale scale;
    private final long origin;
    private final Map<String, Quota> quotas = new HashMap<>();
    private final GroupStats stats;

    GeminiApi(TimeScale scale, long origin) {
        this.scale = scale;
        this.origin = origin;
        this.stats = GroupStats.perMinute("gemini", "generate", "5/m, 100/d per key", PER_MINUTE, scale, false);
    }

    @Override
    public String host() {
        return HOST;
    }

    @Override
    public synchronized Reply handle(Call call, long now) {
        String key = call.header("x-goog-api-key") != null ? call.header("x-goog-api-key") : call.param("key");
        Quota quota = quotas.computeIfAbsent(String.valueOf(key), k -> new Quota(
                new SlidingLog(PER_MINUTE, scale.window(TimeScale.MINUTE)),
                new FixedWindowCounter(PER_DAY, scale.window(TimeUnit.DAYS.toNanos(1)), origin)));
        if (quota.day.used(now) >= PER_DAY) {
            stats.limited(now);
            return exhausted("GenerateRequestsPerDayPerProjectPerModel-FreeTier", PER_DAY, quota.day.untilReset(now));
        }
        if (!quota.minute.tryTake(now)) {
            stats.limited(now);
            return exhausted("GenerateRequestsPerMinutePerProjectPerModel-FreeTier", PER_MINUTE,
                    quota.minute.waitNanos(now));
        }
        quota.day.tryAdd(now, 1);
        stats.accepted(now, 1);
        return Reply.json(200, "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hold. Volatility is high.\"}],"
                + "\"role\":\"model\"},\"finishReason\":\"STOP\"}]}");
    }

    private static Reply exhausted(String quotaId, int value, long waitNanos) {
        String delay = String.format(Locale.ROOT, "%.3fs", waitNanos / 1e9);
        return Reply.json(429, "{\"error\":{\"code\":429,\"message\":\"You exceeded your current quota. Please retry in "
                + delay + ".\",\"status\":\"RESOURCE_EXHAUSTED\",\"details\":[{\"@type\":"
                + "\"type.googleapis.com/google.rpc.QuotaFailure\",\"violations\":[{\"quotaMetric\":"
                + "\"generativelanguage.googleapis.com/generate_content_free_tier_requests\",\"quotaId\":\"" + quotaId
                + "\",\"quotaValue\":\"" + value + "\"}]},{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\","
                + "\"retryDelay\":\"" + delay + "\"}]}}");
    }

    @Override
    public synchronized List<GroupStats> stats() {
        return List.of(stats);
    }
}
