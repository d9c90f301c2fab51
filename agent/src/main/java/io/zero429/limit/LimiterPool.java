package io.zero429.limit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The live limiters of one configuration: one shared limiter per definition, plus, for rules partitioned by a key
 * (one budget per API key or account), one limiter per definition and partition.
 *
 * <p>Partitions are created on first use and dropped once idle, so memory follows the number of keys in active
 * use, not the number ever seen. Only idle limiters (full bucket, no pause, ratio recovered) are dropped, and an
 * idle limiter is indistinguishable from a new one, so eviction never opens a burst the server would not allow.
 */
public final class LimiterPool {
    /** Partitions kept before idle ones are swept. */
    public static final int DEFAULT_PARTITION_SWEEP_THRESHOLD = 10_000;

    private final Map<String, LimiterSpec> specs;
    private final Map<String, Limiter> shared;
    private final ConcurrentHashMap<PartitionKey, Limiter> partitions = new ConcurrentHashMap<>();
    private final Clock clock;
    private final RandomSource random;
    private final int sweepThreshold;
    private final AtomicInteger createdSinceSweep = new AtomicInteger();
    private final SharedStates stores;

    public LimiterPool(List<LimiterSpec> definitions) {
        this(definitions, SharedStates.NONE);
    }

    /** With {@code stores} opening the shared schedule of every limiter that names a store. */
    public LimiterPool(List<LimiterSpec> definitions, SharedStates stores) {
        this(definitions, Clock.SYSTEM, RandomSource.THREAD_LOCAL, DEFAULT_PARTITION_SWEEP_THRESHOLD, null, stores);
    }

    public LimiterPool(List<LimiterSpec> definitions, Clock clock, RandomSource random, int sweepThreshold) {
        this(definitions, clock, random, sweepThreshold, null, SharedStates.NONE);
    }

    private LimiterPool(List<LimiterSpec> definitions, Clock clock, RandomSource random, int sweepThreshold,
            LimiterPool previous, SharedStates stores) {
        this.stores = stores;
        Map<String, LimiterSpec> byName = new LinkedHashMap<>();
        Map<String, Limiter> limiters = new LinkedHashMap<>();
        for (LimiterSpec spec : definitions) {
            if (byName.put(spec.name(), spec) != null) {
                throw new IllegalArgumentException("limiter '" + spec.name() + "' is defined twice");
            }
            Limiter before = previous == null ? null : previous.shared.get(spec.name());
            Limiter limiter = before == null ? new Limiter(spec, clock, random) : Limiter.succeeding(spec, before);
            if (limiter != before && spec.storeFile() != null) {
                SharedState state = stores.open(spec, Limiter.sharedLongs(spec));
                if (state != null) {
                    limiter.share(state); // a partition of it plans alone (the rules refuse partitioned file stores)
                }
            } else if (limiter != before) {
                shareRemotely(limiter, spec, null);
            }
            limiters.put(spec.name(), limiter);
        }
        this.specs = Collections.unmodifiableMap(byName);
        this.shared = Collections.unmodifiableMap(limiters);
        this.clock = clock;
        this.random = random;
        this.sweepThreshold = sweepThreshold;
        if (previous != null) {
            for (Map.Entry<PartitionKey, Limiter> entry : previous.partitions.entrySet()) {
                LimiterSpec spec = byName.get(entry.getKey().name);
                if (spec != null) {
                    Limiter successor = Limiter.succeeding(spec, entry.getValue());
                    if (successor != entry.getValue()) {
                        shareRemotely(successor, spec, partitionName(entry.getKey().hash));
                    }
                    partitions.put(entry.getKey(), successor);
                }
            }
        }
    }

    /**
     * The pool of a reloaded configuration: every limiter (shared or partition) whose name is still defined takes
     * over from its predecessor in {@code previous} ({@link Limiter#succeeding}: the same limiter when its definition
     * did not change), so a reload keeps schedules and ratios and never opens a burst. Limiters no longer defined
     * are dropped.
     */
    public LimiterPool(List<LimiterSpec> definitions, LimiterPool previous) {
        this(definitions, previous.clock, previous.random, previous.sweepThreshold, previous, previous.stores);
    }

    /** The shared (unpartitioned) limiter of that name. */
    public Limiter shared(String name) {
        Limiter limiter = shared.get(name);
        if (limiter == null) {
            throw new IllegalArgumentException("no limiter named '" + name + "'");
        }
        return limiter;
    }

    /** The limiter of that name for one partition (a hashed key; the clear key is never kept). */
    public Limiter partition(String name, long keyHash) {
        PartitionKey key = new PartitionKey(name, keyHash);
        Limiter limiter = partitions.get(key);
        if (limiter != null) {
            return limiter;
        }
        LimiterSpec spec = specs.get(name);
        if (spec == null) {
            throw new IllegalArgumentException("no limiter named '" + name + "'");
        }
        limiter = partitions.computeIfAbsent(key, k -> {
            Limiter created = new Limiter(spec, clock, random);
            shareRemotely(created, spec, partitionName(keyHash));
            return created;
        });
        if (createdSinceSweep.incrementAndGet() >= sweepThreshold && partitions.size() > sweepThreshold) {
            createdSinceSweep.set(0);
            sweepIdle();
        }
        return limiter;
    }

    /** Plans {@code limiter} (of {@code partition}, or the limiter itself) on its Redis store, if it names one. */
    private void shareRemotely(Limiter limiter, LimiterSpec spec, String partition) {
        if (spec.storeRedis() != null) {
            RemoteSchedule remote = stores.openRemote(spec, partition);
            if (remote != null) {
                limiter.shareRemote(remote);
            }
        }
    }

    /** How a partition is named in a store: its hash, keyed alike in every process (the rules ask for that). */
    private static String partitionName(long hash) {
        return String.format(java.util.Locale.ROOT, "p%016x", hash);
    }

    /** Drops idle partitions; returns how many. */
    public int sweepIdle() {
        int before = partitions.size();
        partitions.values().removeIf(Limiter::isIdle);
        return before - partitions.size();
    }

    /** Every limiter of the definition {@code name}: the shared one and its live partitions. */
    public List<Limiter> limitersNamed(String name) {
        List<Limiter> all = new java.util.ArrayList<>();
        Limiter one = shared.get(name);
        if (one == null) {
            return all;
        }
        all.add(one);
        for (Map.Entry<PartitionKey, Limiter> entry : partitions.entrySet()) {
            if (entry.getKey().name.equals(name)) {
                all.add(entry.getValue());
            }
        }
        return all;
    }

    public int partitionCount() {
        return partitions.size();
    }

    public Map<String, Limiter> sharedLimiters() {
        return shared;
    }

    private static final class PartitionKey {
        private final String name;
        private final long hash;

        PartitionKey(String name, long hash) {
            this.name = name;
            this.hash = hash;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof PartitionKey)) {
                return false;
            }
            PartitionKey other = (PartitionKey) o;
            return hash == other.hash && name.equals(other.name);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(hash) * 31 + name.hashCode();
        }
    }
}
