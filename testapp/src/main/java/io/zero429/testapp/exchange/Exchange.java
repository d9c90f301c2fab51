package io.zero429.testapp.exchange;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The four mocked APIs behind one server, routed by host name, with their statistics. Pure logic on an injectable
 * clock; {@link MockExchange} puts it on the network.
 */
public final class Exchange {
    private final TimeScale scale;
    private final LongSupplier clock;
    private volatile List<Api> apis;
    private volatile long startedAt;

    public Exchange(TimeScale scale, LongSupplier clock) {
        this.scale = scale;
        this.clock = clock;
        reset();
    }

    /** Forgets every bucket, ban and count, as if the exchange had just started. */
    public synchronized void reset() {
        long now = clock.getAsLong();
        startedAt = now;
        apis = List.of(new UpbitApi(scale), new KisApi(), new GeminiApi(scale, now), new BinanceApi(scale, now));
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
