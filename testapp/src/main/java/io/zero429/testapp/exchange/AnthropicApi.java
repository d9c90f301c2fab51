package io.zero429.testapp.exchange;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * api.anthropic.com, {@code POST /v1/messages}: {@value #PER_MINUTE} requests per minute per API key
 * ({@code x-api-key}) as the token bucket Anthropic documents ("your capacity is continuously replenished up to your
 * maximum limit"): a full bucket of {@value #PER_MINUTE}, refilled at that many per minute. Every answer carries
 * {@code anthropic-ratelimit-requests-limit}, {@code -remaining} and {@code -reset} (RFC 3339, when the bucket is
 * full again); over the limit, 429 {@code rate_limit_error} with {@code retry-after} (whole seconds until a request
 * fits), as Anthropic answers.
 */
final class AnthropicApi implements Api {
    static final String HOST = "api.anthropic.com";
    static final int PER_MINUTE = 50;

    private final TimeScale scale;
    private final LongSupplier wallMillis;
    private final Map<String, ServerBucket> buckets = new HashMap<>();
    private final GroupStats stats;

    /** @param wallMillis the exchange's wall clock, to state the reset on it */
    AnthropicApi(TimeScale scale, LongSupplier wallMillis) {
        this.scale = scale;
        this.wallMillis = wallMillis;
        this.stats = GroupStats.perMinute("anthropic", "messages", PER_MINUTE + "/m bucket per key", PER_MINUTE, scale,
                false);
    }

    @Override
    public String host() {
        return HOST;
    }

    @Override
    public synchronized Reply handle(Call call, long now) {
        ServerBucket bucket = buckets.computeIfAbsent(String.valueOf(call.header("x-api-key")),
                k -> new ServerBucket(PER_MINUTE, scale.window(TimeScale.MINUTE), PER_MINUTE));
        Reply reply;
        if (!bucket.tryTake(now)) {
            stats.limited(now);
            long wait = bucket.waitNanos(now);
            reply = Reply.json(429, "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":"
                    + "\"This request would exceed your organization's rate limit of " + PER_MINUTE + " requests per "
                    + "minute (org: zero429, model: claude-sonnet-4-5). For details, refer to: "
                    + "https://docs.claude.com/en/api/rate-limits.\"},\"request_id\":\"req_zero429\"}")
                    .with("retry-after", String.valueOf(Math.max(1, (wait + 999_999_999) / 1_000_000_000)));
        } else {
            stats.accepted(now, 1);
            reply = Reply.json(200, "{\"id\":\"msg_zero429\",\"type\":\"message\",\"role\":\"assistant\",\"model\":"
                    + "\"claude-sonnet-4-5-20250929\",\"content\":[{\"type\":\"text\",\"text\":\"Hold. Volatility is "
                    + "high.\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":19,"
                    + "\"output_tokens\":6}}");
        }
        // Whole seconds, as Anthropic states it: rounded up, never sooner than the bucket is really full.
        Instant reset = Instant.ofEpochMilli(wallMillis.getAsLong()
                + TimeUnit.NANOSECONDS.toMillis(bucket.fullAt(now) - now) + 999).truncatedTo(ChronoUnit.SECONDS);
        return reply.with("anthropic-ratelimit-requests-limit", String.valueOf(PER_MINUTE))
                .with("anthropic-ratelimit-requests-remaining", String.valueOf(bucket.remaining(now)))
                .with("anthropic-ratelimit-requests-reset", reset.toString());
    }

    @Override
    public synchronized List<GroupStats> stats() {
        return List.of(stats);
    }
}
