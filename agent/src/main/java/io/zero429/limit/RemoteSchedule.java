package io.zero429.limit;

import java.io.IOException;

/**
 * A limiter's schedule kept by a server every process reaches (a Redis store), which plans each reservation itself
 * on its own clock in one round trip ({@link #reserve}): unlike a {@link SharedState} nothing is locked, loaded or
 * written back by the process. A limiter asks it inside its monitor; when it is unreachable the limiter plans on a
 * local share of the budget ({@link RemoteSharing}).
 */
public interface RemoteSchedule {
    /**
     * Whether the store answered lately. False after a failure until the store's own background check finds it
     * answering: requests then do not ask it (a store that is down costs no request a timeout).
     */
    boolean available();

    /**
     * Whether the store's own check confirmed that it does not answer (not only one request's failure, which a
     * loaded machine or a network blip can cause while every other process still reaches it): the limiter plans on its
     * local share only then, since a share beside other processes' full use of the store would exceed the limit.
     */
    boolean down();

    /** How many processes were live on the store when it last said (at least 1), or 0 if it never did. */
    int processes();

    /**
     * Plans and commits {@code request} on the store (or refuses it, committing nothing) and fills in its answer.
     *
     * @throws IOException if the store did not answer in time or failed; it is then marked unavailable
     */
    void reserve(RemoteRequest request) throws IOException;

    /**
     * Nothing of this limiter leaves, in any process on the store, for {@code nanos} from now (a server's
     * {@code Retry-After}, a ban, an operator's pause): told to the store in the background, never inside the caller,
     * which may be a client's I/O thread. A store that does not answer is told once it does, if the pause still runs.
     */
    void pause(long nanos);

    /**
     * This process's adjuster cut the limiter's ratio to {@code ratioPpm} (a 429, a body code): every
     * process on the store slows down with it ({@link RemoteRequest#cutRatioPpm}). Told in the background like
     * {@link #pause}; the store keeps it at least {@code mattersNanos} (until it has recovered).
     */
    void cut(long ratioPpm, long mattersNanos);
}
