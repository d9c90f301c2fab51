package io.zero429.limit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Everything that defines a limiter: its limits and how it plans, waits and adapts. Immutable. */
public final class LimiterSpec {
    public static final int DEFAULT_MARGIN_BASIS_POINTS = 200;
    public static final long DEFAULT_MAX_WAIT_NANOS = TimeUnit.SECONDS.toNanos(30);
    public static final long DEFAULT_JITTER_MAX_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** A window-mode limiter keeps one timestamp per unit of its count: this caps its memory at 8 MB. */
    public static final long MAX_WINDOW_MODE_COUNT = 1_000_000;
    /** A schedule shared through a store keeps a few longs per limit: at most this many limits. */
    public static final int MAX_SHARED_LIMITS = 8;
    /**
     * A window-mode schedule shared through a store keeps four longs per unit of its counts, which every reservation
     * loads and writes back under the store's lock: at most this many units in all (320 KB, tens of microseconds).
     */
    public static final long MAX_SHARED_WINDOW_UNITS = 10_000;
    /** How long a reservation waits for a Redis store before planning on the local share ({@code store.timeout}). */
    public static final long DEFAULT_STORE_TIMEOUT_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final String name;
    private final List<LimitSpec> limits;
    private final LimitMode mode;
    private final int marginBasisPoints;
    private final long jitterMinNanos;
    private final long jitterMaxNanos;
    private final long maxWaitNanos;
    private final AdjusterSpec adjuster;
    /** At most this many requests in flight at once; 0: no cap. */
    private final int concurrency;
    private final BreakerSpec breaker;
    /** The file whose record other processes share this limiter's schedule through ({@code store = file:PATH}), or null. */
    private final String storeFile;
    /** The Redis server other processes share this limiter's schedule through ({@code store = redis://...}), or null. */
    private final String storeRedis;
    private final long storeTimeoutNanos;
    /** The share of each limit planned on while the Redis store is unreachable, in ppm; 0: 1/N of the live processes. */
    private final long storeFallbackSharePpm;

    private LimiterSpec(Builder b) {
        this.name = Objects.requireNonNull(b.name, "name");
        if (b.limits.isEmpty()) {
            throw new IllegalArgumentException("limiter '" + name + "' has no limits");
        }
        this.limits = Collections.unmodifiableList(new ArrayList<>(b.limits));
        this.mode = Objects.requireNonNull(b.mode, "mode");
        if (b.marginBasisPoints < 0 || b.marginBasisPoints > 5000) {
            throw new IllegalArgumentException("margin must be 0%..50%, was " + b.marginBasisPoints / 100.0 + "%");
        }
        this.marginBasisPoints = b.marginBasisPoints;
        if (b.jitterMinNanos < 0 || b.jitterMaxNanos < b.jitterMinNanos
                || b.jitterMaxNanos > TimeUnit.SECONDS.toNanos(10)) {
            throw new IllegalArgumentException("jitter must be a range within 0..10s with min <= max");
        }
        this.jitterMinNanos = b.jitterMinNanos;
        this.jitterMaxNanos = b.jitterMaxNanos;
        if (b.maxWaitNanos < 0 || b.maxWaitNanos > TimeUnit.DAYS.toNanos(31)) {
            throw new IllegalArgumentException("max-wait must be 0..31d");
        }
        this.maxWaitNanos = b.maxWaitNanos;
        this.adjuster = Objects.requireNonNull(b.adjuster, "adjuster");
        if (b.concurrency < 0) {
            throw new IllegalArgumentException("concurrency must be at least 1 (or absent for no cap)");
        }
        this.concurrency = b.concurrency;
        this.breaker = Objects.requireNonNull(b.breaker, "breaker");
        this.storeFile = b.storeFile;
        this.storeRedis = b.storeRedis;
        if (storeFile != null && storeRedis != null) {
            throw new IllegalArgumentException("a limiter has one store: a file or Redis");
        }
        if (b.storeTimeoutNanos < TimeUnit.MILLISECONDS.toNanos(1) || b.storeTimeoutNanos > TimeUnit.SECONDS.toNanos(10)) {
            throw new IllegalArgumentException("store.timeout must be 1ms..10s");
        }
        this.storeTimeoutNanos = b.storeTimeoutNanos;
        if (b.storeFallbackSharePpm < 0 || b.storeFallbackSharePpm > 1_000_000) {
            throw new IllegalArgumentException("store.fallback-share must be a share of the budget, 0..1");
        }
        this.storeFallbackSharePpm = b.storeFallbackSharePpm;
        if (storeFile != null && mode == LimitMode.WINDOW) {
            long units = 0;
            for (LimitSpec limit : limits) {
                units += limit.count();
            }
            if (units > MAX_SHARED_WINDOW_UNITS) {
                throw new IllegalArgumentException("a store shares window limits of at most " + MAX_SHARED_WINDOW_UNITS
                        + " requests in all (every reservation copies them): these count " + units
                        + "; use a bucket (mode = gcra) for larger limits");
            }
        }
        if ((storeFile != null || storeRedis != null) && limits.size() > MAX_SHARED_LIMITS) {
            throw new IllegalArgumentException("a store shares at most " + MAX_SHARED_LIMITS + " limits per limiter");
        }
        if (mode == LimitMode.WINDOW) {
            for (LimitSpec limit : limits) {
                if (limit.count() > MAX_WINDOW_MODE_COUNT) {
                    throw new IllegalArgumentException("window mode keeps one timestamp per request: count "
                            + limit.count() + " is over " + MAX_WINDOW_MODE_COUNT);
                }
            }
        }
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public Builder toBuilder() {
        Builder b = new Builder(name);
        b.limits.addAll(limits);
        b.mode = mode;
        b.marginBasisPoints = marginBasisPoints;
        b.jitterMinNanos = jitterMinNanos;
        b.jitterMaxNanos = jitterMaxNanos;
        b.maxWaitNanos = maxWaitNanos;
        b.adjuster = adjuster;
        b.concurrency = concurrency;
        b.breaker = breaker;
        b.storeFile = storeFile;
        b.storeRedis = storeRedis;
        b.storeTimeoutNanos = storeTimeoutNanos;
        b.storeFallbackSharePpm = storeFallbackSharePpm;
        return b;
    }

    public String name() {
        return name;
    }

    public List<LimitSpec> limits() {
        return limits;
    }

    public LimitMode mode() {
        return mode;
    }

    /** The share of each stated rate the limiter leaves unused, in basis points (200 = 2%). */
    public int marginBasisPoints() {
        return marginBasisPoints;
    }

    public long jitterMinNanos() {
        return jitterMinNanos;
    }

    public long jitterMaxNanos() {
        return jitterMaxNanos;
    }

    public long maxWaitNanos() {
        return maxWaitNanos;
    }

    public AdjusterSpec adjuster() {
        return adjuster;
    }

    /** At most this many requests of this limiter in flight at once ({@code limiter.X.concurrency}); 0: no cap. */
    public int concurrency() {
        return concurrency;
    }

    /** The limiter's circuit breaker ({@link BreakerSpec#DEFAULT} unless configured). */
    public BreakerSpec breaker() {
        return breaker;
    }

    /** The file other processes share this limiter's schedule through ({@code store = file:PATH}), or null. */
    public String storeFile() {
        return storeFile;
    }

    /**
     * The Redis server other processes share this limiter's schedule through ({@code store = redis://HOST:PORT/DB} or
     * {@code rediss://}, never with a password: that comes from the environment), or null.
     */
    public String storeRedis() {
        return storeRedis;
    }

    /** How long a reservation waits for the Redis store before it plans on the local share ({@code store.timeout}). */
    public long storeTimeoutNanos() {
        return storeTimeoutNanos;
    }

    /**
     * The share of every limit this process plans on while the Redis store is unreachable, in ppm
     * ({@code store.fallback-share}); 0: one N-th, N the processes last seen live on the store.
     */
    public long storeFallbackSharePpm() {
        return storeFallbackSharePpm;
    }

    /** Whether other processes share this limiter's schedule (a file or a Redis store). */
    public boolean shared() {
        return storeFile != null || storeRedis != null;
    }

    /** {@code 10/s burst 10, 600/m} — the limits as written, for messages. */
    public String describeLimits() {
        String text = limits.stream().map(LimitSpec::toString).collect(Collectors.joining(", "));
        return mode == LimitMode.WINDOW ? text + " (window)" : text;
    }

    @Override
    public String toString() {
        return name + " [" + describeLimits() + "; margin " + marginBasisPoints / 100.0 + "%, jitter "
                + Durations.format(jitterMinNanos) + "-" + Durations.format(jitterMaxNanos) + ", max-wait "
                + Durations.format(maxWaitNanos) + ", adjust " + adjuster
                + (concurrency > 0 ? ", concurrency " + concurrency : "") + ", " + breaker
                + (storeFile != null ? ", store file:" + storeFile : "") + (storeRedis != null ? ", store redis" : "") + "]";
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof LimiterSpec)) {
            return false;
        }
        LimiterSpec other = (LimiterSpec) o;
        return name.equals(other.name) && limits.equals(other.limits) && mode == other.mode
                && marginBasisPoints == other.marginBasisPoints && jitterMinNanos == other.jitterMinNanos
                && jitterMaxNanos == other.jitterMaxNanos && maxWaitNanos == other.maxWaitNanos
                && adjuster.equals(other.adjuster) && concurrency == other.concurrency && breaker.equals(other.breaker)
                && Objects.equals(storeFile, other.storeFile) && Objects.equals(storeRedis, other.storeRedis)
                && storeTimeoutNanos == other.storeTimeoutNanos && storeFallbackSharePpm == other.storeFallbackSharePpm;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, limits, mode, marginBasisPoints, jitterMinNanos, jitterMaxNanos, maxWaitNanos,
                adjuster, concurrency, breaker, storeFile, storeRedis, storeTimeoutNanos, storeFallbackSharePpm);
    }

    /** Defaults: GCRA, 2% margin, jitter 0-1ms, max-wait 30 s, the default adjuster. */
    public static final class Builder {
        private final String name;
        private final List<LimitSpec> limits = new ArrayList<>();
        private LimitMode mode = LimitMode.GCRA;
        private int marginBasisPoints = DEFAULT_MARGIN_BASIS_POINTS;
        private long jitterMinNanos = 0;
        private long jitterMaxNanos = DEFAULT_JITTER_MAX_NANOS;
        private long maxWaitNanos = DEFAULT_MAX_WAIT_NANOS;
        private AdjusterSpec adjuster = AdjusterSpec.DEFAULT;
        private int concurrency;
        private BreakerSpec breaker = BreakerSpec.DEFAULT;
        private String storeFile;
        private String storeRedis;
        private long storeTimeoutNanos = DEFAULT_STORE_TIMEOUT_NANOS;
        private long storeFallbackSharePpm;

        private Builder(String name) {
            this.name = name;
        }

        public Builder limit(LimitSpec limit) {
            limits.add(Objects.requireNonNull(limit));
            return this;
        }

        public Builder limits(List<LimitSpec> all) {
            limits.clear();
            limits.addAll(all);
            return this;
        }

        public Builder mode(LimitMode value) {
            mode = value;
            return this;
        }

        public Builder marginBasisPoints(int value) {
            marginBasisPoints = value;
            return this;
        }

        public Builder jitter(long minNanos, long maxNanos) {
            jitterMinNanos = minNanos;
            jitterMaxNanos = maxNanos;
            return this;
        }

        public Builder maxWaitNanos(long value) {
            maxWaitNanos = value;
            return this;
        }

        public Builder adjuster(AdjusterSpec value) {
            adjuster = value;
            return this;
        }

        /** At most {@code value} requests in flight at once; 0: no cap. */
        public Builder concurrency(int value) {
            concurrency = value;
            return this;
        }

        public Builder breaker(BreakerSpec value) {
            breaker = value;
            return this;
        }

        /** Shares the schedule with other processes through a record of this file; null: not shared. */
        public Builder storeFile(String path) {
            storeFile = path;
            return this;
        }

        /** Shares the schedule with other processes through this Redis server ({@code redis://...}); null: not. */
        public Builder storeRedis(String url) {
            storeRedis = url;
            return this;
        }

        public Builder storeTimeoutNanos(long value) {
            storeTimeoutNanos = value;
            return this;
        }

        /** The share of every limit planned on while the Redis store is unreachable, in ppm; 0: 1/N. */
        public Builder storeFallbackSharePpm(long value) {
            storeFallbackSharePpm = value;
            return this;
        }

        public LimiterSpec build() {
            return new LimiterSpec(this);
        }
    }
}
