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
 * request goes on untracked). A reservation that takes a store's round trip (a Redis store, up to its timeout) is
 * made on a thread of its own: never on the caller's, which may be an event loop, nor on the
 * timer's, whose releases must not queue behind it.
 */
final class ReserveLater {
    private static final long LOOK_AGAIN_NANOS = 1_000_000L;

    /** The thread reservations through a store are made on; created on first use. */
    private static final class StoreThread {
        static final java.util.concurrent.ExecutorService EXECUTOR =
                java.util.concurrent.Executors.newSingleThreadExecutor(task -> {
                    Thread thread = new Thread(task, "zero429-store-reservations");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    private final Engine engine;
    private final Rule rule;
    private final Admission admission;
    private final long asked;
    private final long trials;
    /** The client that sends the request (see {@link Clients}). */
    private final int client;
    private final CompletableFuture<Engine.Ticket> due;
    /** Reserved on the store's thread: its limiters plan through a store. */
    private boolean offThread;
    /** Set after the first try. */
    private boolean tried;

    private ReserveLater(Engine engine, Rule rule, Admission admission, long asked, long trials, int client,
            CompletableFuture<Engine.Ticket> due) {
        this.client = client;
        this.engine = engine;
        this.rule = rule;
        this.admission = admission;
        this.asked = asked;
        this.trials = trials;
        this.due = due;
    }

    /**
     * Reserves for a request {@code client} sends that asked at {@code asked} and holds its permits, completing
     * {@code due} as the class says; returns {@code due}. Through a store ({@link Admission#plansRemotely}), on the
     * store's reservation thread, never on the caller's.
     */
    static CompletableFuture<Engine.Ticket> reserve(Engine engine, Rule rule, Admission admission, long asked,
            long trials, int client, CompletableFuture<Engine.Ticket> due) {
        ReserveLater later = new ReserveLater(engine, rule, admission, asked, trials, client, due);
        later.offThread = admission.plansRemotely();
        if (later.offThread) {
            later.again(0);
        } else {
            later.attempt();
        }
        return due;
    }

    /** Looks again {@code delayNanos} from now: on the store's thread if it goes through one, else on the timer. */
    private void again(long delayNanos) {
        if (!offThread) {
            Timer.schedule(this::attempt, delayNanos);
        } else if (delayNanos == 0) {
            StoreThread.EXECUTOR.execute(this::attempt);
        } else {
            Timer.schedule(() -> StoreThread.EXECUTOR.execute(this::attempt), delayNanos);
        }
    }

    private void attempt() {
        try {
            // The first try asks as of when the request asked (its max-wait counts from then, queueing included).
            long departure = admission.reserveAfterColdStart(tried ? System.nanoTime() : asked, client);
            tried = true;
            if (departure == Admission.AWAIT_OPENING_ANSWERS) {
                again(LOOK_AGAIN_NANOS);
                return;
            }
            Engine.Ticket ticket = engine.admitted(Engine.holding(rule, admission, asked, departure, trials, client),
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
