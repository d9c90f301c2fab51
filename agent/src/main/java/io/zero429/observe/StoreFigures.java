package io.zero429.observe;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/** One Redis store as this process sees it, for the metrics: labelled by host and port (never a user or password). */
public final class StoreFigures {
    /** The stores of this process, as each registers itself when it is first used (a store lives as long as it). */
    private static final List<Supplier<StoreFigures>> STORES = new CopyOnWriteArrayList<>();
    private final String store;
    private final boolean available;
    private final int processes;
    private final long errors;
    private final WaitHistogram.Snapshot roundTrips;

    /** A store's figures, read at each scrape. */
    public static void register(Supplier<StoreFigures> store) {
        STORES.add(store);
    }

    static List<StoreFigures> all() {
        List<StoreFigures> figures = new java.util.ArrayList<>();
        for (Supplier<StoreFigures> store : STORES) {
            figures.add(store.get());
        }
        return figures;
    }

    public StoreFigures(String store, boolean available, int processes, long errors, WaitHistogram.Snapshot roundTrips) {
        this.store = store;
        this.available = available;
        this.processes = processes;
        this.errors = errors;
        this.roundTrips = roundTrips;
    }

    /** {@code HOST:PORT}. */
    public String store() {
        return store;
    }

    /** Whether it answered lately (false: its limiters plan on their local shares). */
    public boolean available() {
        return available;
    }

    /** The processes live on it when it last said (0: never). */
    public int processes() {
        return processes;
    }

    /** Commands that failed or timed out. */
    public long errors() {
        return errors;
    }

    /** The round trips of its scripts (reservations and heartbeats) that it answered. */
    public WaitHistogram.Snapshot roundTrips() {
        return roundTrips;
    }
}
