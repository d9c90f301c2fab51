package io.zero429.signal;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * What one limiter listens to in the server's answers: which signals, which statuses are bans, and how long a ban
 * pauses it when the server does not say. Immutable.
 */
public final class Listening {
    /** Upbit and Binance answer 418 when they ban a client that kept going over the limit. */
    public static final int DEFAULT_BAN_STATUS = 418;
    /** How long a ban pauses a limiter when the server does not say (Binance's shortest ban is 2 minutes). */
    public static final long DEFAULT_BAN_PAUSE_NANOS = TimeUnit.MINUTES.toNanos(2);
    /** 429 + Retry-After + the standard headers: what a limiter listens to unless its rules say otherwise. */
    public static final Set<SignalKind> DEFAULT_SIGNALS = Collections.unmodifiableSet(EnumSet.of(
            SignalKind.STATUS_429, SignalKind.RETRY_AFTER, SignalKind.RATELIMIT, SignalKind.X_RATELIMIT));
    public static final Listening DEFAULT = new Listening(DEFAULT_SIGNALS, new int[] {DEFAULT_BAN_STATUS},
            DEFAULT_BAN_PAUSE_NANOS);

    private final Set<SignalKind> signals;
    private final int[] banStatuses;
    private final long banPauseNanos;

    public Listening(Set<SignalKind> signals, int[] banStatuses, long banPauseNanos) {
        this.signals = signals.isEmpty() ? Collections.unmodifiableSet(EnumSet.noneOf(SignalKind.class))
                : Collections.unmodifiableSet(EnumSet.copyOf(signals));
        this.banStatuses = banStatuses.clone();
        if (banPauseNanos < 0) {
            throw new IllegalArgumentException("ban pause must not be negative");
        }
        this.banPauseNanos = banPauseNanos;
    }

    public Set<SignalKind> signals() {
        return signals;
    }

    public boolean listensTo(SignalKind kind) {
        return signals.contains(kind);
    }

    public boolean isBan(int status) {
        for (int ban : banStatuses) {
            if (ban == status) {
                return true;
            }
        }
        return false;
    }

    public int[] banStatuses() {
        return banStatuses.clone();
    }

    public long banPauseNanos() {
        return banPauseNanos;
    }

    public Listening withSignals(Set<SignalKind> value) {
        return new Listening(value, banStatuses, banPauseNanos);
    }

    public Listening withBanStatuses(int[] value) {
        return new Listening(signals, value, banPauseNanos);
    }

    public Listening withBanPauseNanos(long value) {
        return new Listening(signals, banStatuses, value);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Listening)) {
            return false;
        }
        Listening other = (Listening) o;
        return signals.equals(other.signals) && Arrays.equals(banStatuses, other.banStatuses)
                && banPauseNanos == other.banPauseNanos;
    }

    @Override
    public int hashCode() {
        return Objects.hash(signals, Arrays.hashCode(banStatuses), banPauseNanos);
    }

    @Override
    public String toString() {
        return "signals " + signals.stream().map(SignalKind::configName).collect(Collectors.joining(", "))
                + "; ban status " + Arrays.stream(banStatuses).mapToObj(Integer::toString)
                        .collect(Collectors.joining(", "))
                + " pauses " + TimeUnit.NANOSECONDS.toSeconds(banPauseNanos) + " s";
    }
}
