package io.zero429.testapp.exchange;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * api.openai.com, {@code POST /v1/chat/completions}: {@value #PER_MINUTE} requests per minute per API key
 * ({@code Authorization: Bearer}), counted as a sliding minute (OpenAI does not say how it counts a minute, and
 * warns it may enforce a limit over shorter periods: a sliding window is the strictest reading that still allows the
 * stated figure). Every answer carries {@code x-ratelimit-limit-requests}, {@code x-ratelimit-remaining-requests} and
 * {@code x-ratelimit-reset-requests} (a duration until the budget is whole again, "1.2s"), as OpenAI's do; over the
 * limit, 429 with OpenAI's error body ({@code "type":"requests"}, {@code "code":"rate_limit_exceeded"}).
 */
final class OpenAiApi implements Api {
    static final String HOST = "api.openai.com";
    static final int PER_MINUTE = 60;

    private final TimeScale scale;
    private final Map<String, SlidingLog> logs = new HashMap<>();
    private final GroupStats stats;

    OpenAiApi(TimeScale scale) {
        this.scale = scale;
        this.stats = GroupStats.perMinute("openai", "chat", PER_MINUTE + "/m per key", PER_MINUTE, scale, true);
    }

    @Override
    public String host() {
        return HOST;
    }

    @Override
    public synchronized Reply handle(Call call, long now) {
        SlidingLog log = logs.computeIfAbsent(String.valueOf(call.header("authorization")),
                k -> new SlidingLog(PER_MINUTE, scale.window(TimeScale.MINUTE)));
        Reply reply;
        if (!log.tryTake(now)) {
            stats.limited(now);
            reply = Reply.json(429, "{\"error\":{\"message\":\"Rate limit reached for gpt-4o-mini in organization "
                    + "org-zero429 on requests per min (RPM): Limit " + PER_MINUTE + ", Used " + PER_MINUTE
                    + ", Requested 1. Please try again in " + duration(log.waitNanos(now)) + ". Visit "
                    + "https://platform.openai.com/account/rate-limits to learn more.\",\"type\":\"requests\","
                    + "\"param\":null,\"code\":\"rate_limit_exceeded\"}}");
        } else {
            stats.accepted(now, 1);
            reply = Reply.json(200, "{\"id\":\"chatcmpl-zero429\",\"object\":\"chat.completion\",\"created\":"
                    + "1765000000,\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
                    + "\"assistant\",\"content\":\"Hold. Volatility is high.\",\"refusal\":null},\"logprobs\":null,"
                    + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":19,\"completion_tokens\":6,"
                    + "\"total_tokens\":25},\"system_fingerprint\":\"fp_zero429\"}");
        }
        return reply.with("x-ratelimit-limit-requests", String.valueOf(PER_MINUTE))
                .with("x-ratelimit-remaining-requests", String.valueOf(PER_MINUTE - log.used(now)))
                .with("x-ratelimit-reset-requests", duration(log.untilEmpty(now)));
    }

    /** OpenAI's reset format: "6m0s", "1.2s", "20ms". */
    static String duration(long nanos) {
        long millis = TimeUnit.NANOSECONDS.toMillis(nanos + 999_999);
        if (millis < 1000) {
            return millis + "ms";
        }
        long minutes = millis / 60_000;
        String seconds = String.format(Locale.ROOT, "%.3f", (millis % 60_000) / 1000.0).replaceAll("\\.?0+$", "");
        return (minutes > 0 ? minutes + "m" : "") + seconds + "s";
    }

    @Override
    public synchronized List<GroupStats> stats() {
        return List.of(stats);
    }
}
