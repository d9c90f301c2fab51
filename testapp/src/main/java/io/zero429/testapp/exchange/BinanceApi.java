package io.zero429.testapp.exchange;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * api.binance.com spot: request weight 6000 per minute per IP, counted per fixed minute as Binance does, with the
 * documented weights ({@code depth} 5 up to limit 100, 25/50/250 above; {@code ticker/price} 2 or 4; ...). Every
 * answer carries {@code X-MBX-USED-WEIGHT-1M}. Over the limit: 429 with {@code Retry-After} and code -1003; a client
 * that keeps going ({@value #REFUSALS_FOR_BAN} refusals in one minute) is banned: 418, also with Retry-After, from
 * 2 minutes, twice as long each time.
 */
final class BinanceApi implements Api {
    static final String HOST = "api.binance.com";
    static final long WEIGHT_PER_MINUTE = 6000;
    static final int REFUSALS_FOR_BAN = 20;
    private static final long FIRST_BAN = TimeUnit.MINUTES.toNanos(2);

    private final TimeScale scale;
    private final long origin;
    private final Map<String, FixedWindowCounter> weights = new HashMap<>();
    private final Map<String, ArrayDeque<Long>> refusals = new HashMap<>();
    private final Map<String, Long> bannedUntil = new HashMap<>();
    private final Map<String, Integer> bans = new HashMap<>();
    private final GroupStats stats;

    BinanceApi(TimeScale scale, long origin) {
        this.scale = scale;
        this.origin = origin;
        long minute = scale.window(TimeScale.MINUTE);
        this.stats = new GroupStats("binance", "request-weight", "6000 weight/m per IP" + (scale.factor() == 1 ? ""
                : " (time scale " + scale.factor() + ")"), "weight", WEIGHT_PER_MINUTE * 1e9 / minute, 0, minute,
                TimeUnit.NANOSECONDS.toMillis(minute) + "ms");
    }

    @Override
    public String host() {
        return HOST;
    }

    /** The documented request weight of an endpoint. */
    static int weightOf(Call call) {
        String path = call.path();
        boolean oneSymbol = call.param("symbol") != null;
        if (path.equals("/api/v3/depth")) {
            int limit = call.param("limit") == null ? 100 : parse(call.param("limit"), 100);
            return limit <= 100 ? 5 : limit <= 500 ? 25 : limit <= 1000 ? 50 : 250;
        }
        return switch (path) {
            case "/api/v3/ticker/price" -> oneSymbol ? 2 : 4;
            case "/api/v3/ticker/24hr" -> oneSymbol ? 2 : 80;
            case "/api/v3/exchangeInfo", "/api/v3/account" -> 20;
            case "/api/v3/trades" -> 25;
            case "/api/v3/klines" -> 2;
            default -> 1;
        };
    }

    private static int parse(String value, int fallback) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    @Override
    public synchronized Reply handle(Call call, long now) {
        String client = call.clientIp();
        FixedWindowCounter counter = weights.computeIfAbsent(client,
                k -> new FixedWindowCounter(WEIGHT_PER_MINUTE, scale.window(TimeScale.MINUTE), origin));
        Long banEnd = bannedUntil.get(client);
        if (banEnd != null && now < banEnd) {
            stats.banned();
            return Reply.json(418, "{\"code\":-1003,\"msg\":\"Way too much request weight used; IP banned until "
                    + "further notice.\"}").with("Retry-After", seconds(banEnd - now))
                    .with("X-MBX-USED-WEIGHT-1M", String.valueOf(counter.used(now)));
        }
        int weight = weightOf(call);
        if (!counter.tryAdd(now, weight)) {
            stats.limited(now);
            refused(client, now);
            return Reply.json(429, "{\"code\":-1003,\"msg\":\"Too much request weight used; current limit is 6000 "
                    + "request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the "
                    + "API.\"}").with("Retry-After", seconds(counter.untilReset(now)))
                    .with("X-MBX-USED-WEIGHT-1M", String.valueOf(counter.used(now)));
        }
        stats.accepted(now, weight);
        return Reply.json(200, "{\"lastUpdateId\":1027024,\"bids\":[[\"4.00000000\",\"431.00000000\"]],"
                + "\"asks\":[[\"4.00000200\",\"12.00000000\"]]}")
                .with("X-MBX-USED-WEIGHT-1M", String.valueOf(counter.used(now)));
    }

    private static String seconds(long nanos) {
        return String.valueOf(Math.max(1, (nanos + 999_999_999) / 1_000_000_000));
    }

    private void refused(String client, long now) {
        ArrayDeque<Long> recent = refusals.computeIfAbsent(client, k -> new ArrayDeque<>());
        long minute = scale.window(TimeScale.MINUTE);
        while (!recent.isEmpty() && now - recent.peekFirst() >= minute) {
            recent.pollFirst();
        }
        recent.addLast(now);
        if (recent.size() >= REFUSALS_FOR_BAN) {
            int count = bans.merge(client, 1, Integer::sum);
            bannedUntil.put(client, now + (scale.window(FIRST_BAN) << Math.min(count - 1, 10)));
            recent.clear();
        }
    }

    @Override
    public synchronized List<GroupStats> stats() {
        return List.of(stats);
    }
}
