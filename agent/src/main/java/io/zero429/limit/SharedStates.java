package io.zero429.limit;

/** Opens the shared schedule of a limiter whose definition names a store ({@link LimiterSpec#storeFile()}). */
public interface SharedStates {
    /** No store is ever opened: every limiter plans alone. */
    SharedStates NONE = (spec, longs) -> null;

    /**
     * The limiter's shared schedule, of {@code longs} longs, or null: it plans alone (the store could not be opened;
     * said in the log).
     */
    SharedState open(LimiterSpec spec, int longs);

    /**
     * The schedule a server keeps for every process, of a limiter whose definition names one
     * ({@link LimiterSpec#storeRedis()}), or null: it plans alone (said in the log).
     */
    default RemoteSchedule openRemote(LimiterSpec spec) {
        return openRemote(spec, null);
    }

    /**
     * The same for one partition of a partitioned rule ({@code partition}: its hash, keyed alike in every process;
     * null: the limiter itself).
     */
    default RemoteSchedule openRemote(LimiterSpec spec, String partition) {
        return null;
    }
}
