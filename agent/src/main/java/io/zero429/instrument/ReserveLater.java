package io.zero429.instrument;

import io.zero429.Engine;
import io.zero429.Zero429WaitTimeoutException;
import io.zero429.limit.Admission;
import io.zero429.rules.Rule;
import java.util.concurrent.CompletableFuture;

/**
 * An asynchronous send that holds its permits (if any) and must reserve its departure: at once, or, while a limiter
 * waits for its opening requests' answers ({@link Admission#reserveAfterColdStart}), by looking again every
 * millisecond on the agent's timer, never on the caller's or a client's I/O thread. {@code due} then completes on
 * the timer when the request may go: with its ticket, exceptionally with the refusal, or with null on a fault (the
 * request goes on untracked).
 */
final class ReserveLater {
    private static final long LOOK_AGAIN_NANOS = 1_000_000L;

    private final Engine engine;
    private final Rule rule;
    private final Admission admission;
    private final long asked;
    private final long trials;
    private final CompletableFuture<Engine.Ticket> due;

    private ReserveLater(Engine engine, Rule rule, Admission admission, long asked, long trials,
            CompletableFuture<Engine.Ticket> due) {
        this.engine = engine;
        this.rule = rule;
        this.admission = admission;
        this.asked = asked;
        this.trials = trials;
        this.due = due;
    }

    /**
     * Reserves for a request that asked at {@code asked} and holds its permits, completing {@code due} as the class
     * says; returns {@code due}.
     */
    static CompletableFuture<Engine.Ticket> reserve(Engine engine, Rule rule, Admission admission, long asked,
            long trials, CompletableFuture<Engine.Ticket> due) {
        new ReserveLater(engine, rule, admission, asked, trials, due).attempt();
        return due;
    }

    private void attempt() {
        try {
            long departure = admission.reserveAfterColdStart(System.nanoTime());
            if (departure == Admission.AWAIT_OPENING_ANSWERS) {
                Timer.schedule(this::attempt, LOOK_AGAIN_NANOS);
                return;
            }
            Engine.Ticket ticket = engine.admitted(Engine.holding(rule, admission, asked, departure, trials),
                    Math.max(0, departure - asked));
            Timer.after(Math.max(0, departure - System.nanoTime())).execute(() -> due.complete(ticket));
        } catch (Zero429WaitTimeoutException refusal) {
            admission.givePermits();
            admission.abandonTrials(trials);
            engine.refused(rule, refusal);
            Timer.after(0).execute(() -> due.completeExceptionally(refusal));
        } catch (RuntimeException | LinkageError e) {
            admission.givePermits();
            admission.abandonTrials(trials);
            Hooks.faults().fault("async admission", e);
            Timer.after(0).execute(() -> due.complete(null));
        }
    }
}
