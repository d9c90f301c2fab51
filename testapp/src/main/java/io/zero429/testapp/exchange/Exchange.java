package io.zero429.testapp.exchange;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The mocked APIs behind one server, routed by host name, with their statistics. Pure logic on an injectable
 * clock; {@link MockExchange} puts it on the network.
 */
public final class Exchange {
    private final TimeScale scale;
    private final LongSupplier clock;
    private final LongSupplier wallMillis;
    private volatile List<Api> apis;
    private volatile long startedAt;

    /** An exchange whose fixed minutes start when it does (for tests on a fake clock). */
    public Exchange(TimeScale scale, LongSupplier clock) {
        this(scale, clock, () -> 0);
    }

    /**
     * @param clock nanoseconds, for every limit
     * @param wallMillis the wall clock in epoch milliseconds: Binance's fixed minutes begin on its minutes, as the
     *     real server's do (clients that read {@code X-MBX-USED-WEIGHT-1M} count on that)
     */
    public Exchange(TimeScale scale, LongSupplier clock, LongSupplier wallMillis) {
        this.scale = scale;
        this.clock = clock;
        this.wallMillis = wallMillis;
        reset();
    }

    /** Forgets every bucket, ban and count, as if the exchange had just started. */
    public synchronized void reset() {
        long now = clock.getAsLong();
        startedAt = now;
        long minuteMillis = TimeUnit.NANOSECONDS.toMillis(scale.window(TimeScale.MINUTE));
        long minuteStart = now - TimeUnit.MILLISECONDS.toNanos(Math.floorMod(wallMillis.getAsLong(), minuteMillis));
        apis = List.of(new UpbitApi(scale), new KisApi(), new GeminiApi(scale, now),
                new BinanceApi(scale, minuteStart), new OpenAiApi(scale), new AnthropicApi(scale, wallMillis));
    }

    Reply handle(Call call) {
        long now = clock.getAsLong();
        String host = call.host() == null ? "" : call.host().toLowerCase(Locale.ROOT);
        for (Api api : apis) {
            if (api.host().equals(host)) {
                return api.handle(call, now);
            }
        }
        return Reply.json(404, "{\"error\":\"unknown host " + host + "\"}");
    }

    /** Every group's statistics now. */
    public List<GroupSnapshot> snapshot() {
        List<GroupSnapshot> groups = new ArrayList<>();
        for (Api api : apis) {
            synchronized (api) {
                for (GroupStats stats : api.stats()) {
                    groups.add(stats.snapshot());
                }
            }
        }
        return groups;
    }

    /** Every group's statistics and the time since the last reset, as JSON. */
    public String statsJson() {
        List<String> groups = new ArrayList<>();
        for (Api api : apis) {
            synchronized (api) {
                for (GroupStats stats : api.stats()) {
                    groups.add(stats.toJson());
                }
            }
        }
        return "{\"elapsedNanos\":" + (clock.getAsLong() - startedAt) + ",\"timeScale\":" + scale.factor()
                + ",\"groups\":[" + String.join(",", groups) + "]}";
    }
}
