package io.zero429.observe;

/** The most recent signal a limiter got: which, with which HTTP status (0 if none), and when (epoch ms). */
public final class LastSignal {
    private final SignalType type;
    private final int status;
    private final long epochMillis;

    LastSignal(SignalType type, int status, long epochMillis) {
        this.type = type;
        this.status = status;
        this.epochMillis = epochMillis;
    }

    public SignalType type() {
        return type;
    }

    public int status() {
        return status;
    }

    public long epochMillis() {
        return epochMillis;
    }

    @Override
    public String toString() {
        return type.label() + (status > 0 ? " (HTTP " + status + ")" : "") + " at " + java.time.Instant.ofEpochMilli(epochMillis);
    }
}
