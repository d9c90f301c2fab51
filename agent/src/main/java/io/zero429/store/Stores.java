package io.zero429.store;

import io.zero429.limit.LimiterSpec;
import io.zero429.limit.RemoteSchedule;
import io.zero429.limit.SharedState;
import io.zero429.limit.SharedStates;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The stores a limiter's definition may name: files ({@link FileStores}) and Redis servers, one {@link RedisStore} per
 * address and timeout in this process, whatever limiters and reloads use it.
 */
public final class Stores implements SharedStates {
    private static final Map<String, RedisStore> REDIS = new ConcurrentHashMap<>();
    /** This process on every store: pid and a random part, so a restarted process is a new one. */
    private static final class Process {
        static final String ID = ProcessHandle.current().pid() + "-"
                + Long.toHexString(new java.security.SecureRandom().nextLong()); // only once Redis is used
    }

    private final FileStores files = new FileStores();

    @Override
    public SharedState open(LimiterSpec spec, int longs) {
        return files.open(spec, longs);
    }

    @Override
    public RemoteSchedule openRemote(LimiterSpec spec, String partition) {
        RedisAddress address = RedisAddress.parse(spec.storeRedis());
        String id = address.canonical() + "#" + spec.storeTimeoutNanos();
        RedisStore store = REDIS.computeIfAbsent(id, k -> new RedisStore(address, spec.storeTimeoutNanos(), Process.ID));
        return new RedisSchedule(store, spec, partition);
    }
}
