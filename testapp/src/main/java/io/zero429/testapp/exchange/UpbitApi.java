package io.zero429.testapp.exchange;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * api.upbit.com: quotation groups ({@code market}, {@code candle}, {@code ticker}, {@code orderbook},
 * {@code trade}) 10/s burst 10 per IP; exchange groups per account ({@code Authorization}): {@code default} 30/s,
 * {@code order} 8/s (POST/DELETE /v1/orders), {@code order-cancel-all} 1 per 2 s (DELETE /v1/orders/open). Token
 * buckets, as observed of the real server. Every answer carries {@code Remaining-Req}. Over a limit: 429; a client
 * (IP) that keeps going ({@value #VIOLATIONS_FOR_BAN} violations within a minute) is banned with 418, longer each
 * time.
 */
final class UpbitApi implements Api {
    static final String HOST = "api.upbit.com";
    static final int VIOLATIONS_FOR_BAN = 10;
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long FIRST_BAN = TimeUnit.SECONDS.toNanos(10);

    private record Group(String name, long count, long window, boolean perIp, GroupStats stats) {
    }

    private final TimeScale scale;
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final Map<String, ServerBucket> buckets = new HashMap<>();
    private final Map<String, ArrayDeque<Long>> violations = new HashMap<>();
    private final Map<String, Long> bannedUntil = new HashMap<>();
    private final Map<String, Integer> bans = new HashMap<>();

    UpbitApi(TimeScale scale) {
        this.scale = scale;
        for (String quotation : List.of("market", "candle", "ticker", "orderbook", "trade")) {
            group(quotation, 10, SECOND, true);
        }
        group("default", 30, SECOND, false);
        group("order", 8, SECOND, false);
        group("order-cancel-all", 1, 2 * SECOND, false);
    }

    private void group(String name, long count, long window, boolean perIp) {
        String limit = count + "/" + (window == SECOND ? "s" : window / SECOND + "s") + " burst " + count
                + (perIp ? " per IP" : " per account");
        groups.put(name, new Group(name, count, window, perIp,
                new GroupStats("upbit", name, limit, "requests", count * 1e9 / window, count, window,
                        window / 1_000_000 + "ms")));
    }

    @Override
    public String host() {
        return HOST;
    }

    /** The rate-limit group of a request, as Upbit documents it. */
    static String groupOf(String method, String path) {
        if (path.startsWith("/v1/market/")) {
            return "market";
        }
        if (path.startsWith("/v1/candles/")) {
            return "candle";
        }
        if (path.startsWith("/v1/ticker")) {
            return "ticker";
        }
        if (path.startsWith("/v1/orderbook")) {
            return "orderbook";
        }
        if (path.startsWith("/v1/trades/")) {
            return "trade";
        }
        if (path.equals("/v1/orders/open") && method.equals("DELETE")) {
            return "order-cancel-all";
        }
        if ((path.equals("/v1/orders") || path.equals("/v1/order")) && (method.equals("POST")
                || method.equals("DELETE"))) {
            return "order";
        }
        return "default";
    }

    @Override
    public synchronized Reply handle(Call call, long now) {
        Group group = groups.get(groupOf(call.method(), call.path()));
        String client = call.clientIp();
        Long banEnd = bannedUntil.get(client);
        if (banEnd != null && now < banEnd) {
            group.stats.banned();
            return Reply.json(418, "{\"error\":{\"name\":\"blocked\",\"message\":\"Your IP is blocked for "
                    + TimeUnit.NANOSECONDS.toSeconds(banEnd - now + SECOND - 1) + "s: too many requests\"}}");
        }
        String owner = group.perIp ? "ip:" + client : "account:" + call.header("Authorization");
        ServerBucket bucket = buckets.computeIfAbsent(group.name + "|" + owner,
                k -> new ServerBucket(group.count, group.window, group.count));
        if (!bucket.tryTake(now)) {
            group.stats.limited(now);
            violation(client, now);
            return Reply.json(429, "{\"error\":{\"name\":\"too_many_requests\",\"message\":\"Too many API requests.\"}}")
                    .with("Remaining-Req", remaining(group, 0));
        }
        group.stats.accepted(now, 1);
        return Reply.json(200, body(group.name, call))
                .with("Remaining-Req", remaining(group, bucket.remaining(now)));
    }

    private static String remaining(Group group, long sec) {
        return "group=" + group.name + "; min=1800; sec=" + sec;
    }

    /** Counts a 429; the VIOLATIONS_FOR_BANth within a (scaled) minute bans the IP, twice as long each time. */
    private void violation(String client, long now) {
        ArrayDeque<Long> recent = violations.computeIfAbsent(client, k -> new ArrayDeque<>());
        long minute = scale.window(TimeScale.MINUTE);
        while (!recent.isEmpty() && now - recent.peekFirst() >= minute) {
            recent.pollFirst();
        }
        recent.addLast(now);
        if (recent.size() >= VIOLATIONS_FOR_BAN) {
            int count = bans.merge(client, 1, Integer::sum);
            bannedUntil.put(client, now + (FIRST_BAN << Math.min(count - 1, 10)));
            recent.clear();
        }
    }

    private static String body(String group, Call call) {
        return switch (group) {
            case "order" -> "{\"uuid\":\"9ca023a5-851b-4fec-9f0a-48cd83c2eaae\",\"side\":\"bid\",\"state\":\"wait\"}";
            case "order-cancel-all" -> "{\"success\":{\"count\":0,\"orders\":[]},\"failed\":{\"count\":0,\"orders\":[]}}";
            default -> "[{\"market\":\"" + (call.param("markets") == null ? "KRW-BTC" : call.param("markets"))
                    + "\",\"trade_price\":143250000.0,\"timestamp\":" + System.currentTimeMillis() + "}]";
        };
    }

    @Override
    public synchronized List<GroupStats> stats() {
        List<GroupStats> all = new ArrayList<>();
        for (Group group : groups.values()) {
            all.add(group.stats);
        }
        return all;
    }
}
