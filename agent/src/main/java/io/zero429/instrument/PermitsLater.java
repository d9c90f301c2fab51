package io.zero429.instrument;

import io.zero429.Engine;
import io.zero429.Zero429WaitTimeoutException;
import io.zero429.limit.Admission;
import io.zero429.limit.PermitWait;
import io.zero429.rules.Rule;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * An asynchronous send whose concurrency permits are not free: it waits for them without a thread (a callback in
 * each limiter's queue, run by the request that gives a permit back), then reserves its departure
 * ({@link ReserveLater}), and {@link #due} completes on the agent's timer thread when the request may go. The timer also enforces the max-wait:
 * a permit that does not come in time completes {@code due} with the {@link Zero429WaitTimeoutException}. Neither
 * the caller nor a client's I/O thread ever waits, and the send never runs on the thread that gave the permit back
 * (another exchange's completion).
 */
final class PermitsLater implements PermitWait.Outcome {
    private final Engine engine;
    private final Rule rule;
    private final Admission admission;
    private final long arrival;
    /** The circuit-breaker trials the request passed as ({@link Admission#passBreakers}). */
    private final long trials;
    /** The client that sends the request (see {@link Clients}). */
    private final int client;
    private final CompletableFuture<Engine.Ticket> due = new CompletableFuture<>();
    private volatile PermitWait wait;
    private volatile ScheduledFuture<?> expiry;

    private PermitsLater(Engine engine, Rule rule, Admission admission, long arrival, long trials, int client) {
        this.trials = trials;
        this.client = client;
        this.engine = engine;
        this.rule = rule;
        this.admission = admission;
        this.arrival = arrival;
    }

    /**
     * Starts waiting for the permits of a request {@code client} sends that arrived at {@code arrival}.
     *
     * @return completes with the request's ticket (holding its permits) when it may be sent, or exceptionally with
     *     the refusal; on a fault, with null: the request goes on untracked
     */
    static CompletableFuture<Engine.Ticket> start(Engine engine, Rule rule, Admission admission, long arrival,
            long trials, int client) {
        PermitsLater later = new PermitsLater(engine, rule, admission, arrival, trials, client);
        later.wait = admission.waitForPermits(arrival, later);
        later.expireAt(later.wait.deadline());
        return later.due;
    }

    private void expireAt(long deadline) {
        if (deadline != PermitWait.DONE) {
            expiry = Timer.schedule(this::expire, Math.max(0, deadline - System.nanoTime()));
        }
    }

    /** On the timer: refuses the request if its wait ran past max-wait, else looks again when it next could. */
    private void expire() {
        expireAt(wait.expire());
    }

    @Override
    public void granted() {
        ScheduledFuture<?> pending = expiry;
        if (pending != null) {
            pending.cancel(false); // if it runs anyway, the wait is done and it does nothing
        }
        ReserveLater.reserve(engine, rule, admission, arrival, trials, client, due);
    }

    @Override
    public void refused(Zero429WaitTimeoutException refusal) {
        admission.abandonTrials(trials);
        engine.refused(rule, refusal);
        Timer.after(0).execute(() -> due.completeExceptionally(refusal));
    }
}
