package io.zero429.instrument.apache;

import io.zero429.Engine;
import io.zero429.instrument.Clients;
import io.zero429.instrument.Hooks;
import io.zero429.rules.Rule;
import java.io.IOException;

/**
 * One wire attempt of a matched request, between the exec-chain element that runs before the connection is taken
 * and the point where the request is written on its connection.
 *
 * <p>Where it waits: a request that must wait does so before it takes a connection, so waiting never holds one. A
 * request that need not wait is admitted only once its connection is ready, just before it is written: the
 * departure the limiter records is then when the request really leaves. Admitting it before a first connection is
 * opened (tens or hundreds of milliseconds on a cold JVM or a far server) would record it as having left that much
 * earlier than the server sees it, and the next requests, on time by the limiter's clock, would reach the server
 * early: an exact server window ("18 in any second") rejects them.
 *
 * <p>The owner is the request object both points see, so an attempt is never admitted for another request (a CONNECT
 * sent to a proxy, a nested client call). Blocking clients keep the attempt in a thread-local between the two points
 * (they run on one thread); async clients keep it in the exchange's context.
 */
public final class Attempt {
    /** Context attribute under which an async attempt waits for its connection. */
    public static final String KEY = "io.zero429.attempt";
    private static final ThreadLocal<Attempt> CURRENT = new ThreadLocal<>();

    private final Rule rule;
    private final String keyValue;
    private final Object owner;
    private final boolean deferred;
    /** Which Apache client sends it ({@link Clients}). */
    private final int client;
    /** Set once, when the request was admitted; read by whichever thread sees the response. */
    private volatile Engine.Ticket ticket;
    private volatile boolean admitted;
    private Attempt hidden;

    private Attempt(Rule rule, String keyValue, Object owner, boolean deferred, int client) {
        this.client = client;
        this.rule = rule;
        this.keyValue = keyValue;
        this.owner = owner;
        this.deferred = deferred;
    }

    /**
     * Blocking clients, before the connection is taken: waits now if the request must wait, else defers its admission
     * to {@link #onWire}. The attempt is then this thread's current one until {@link #end}.
     *
     * @param owner the request object the wire point will see
     * @param client which Apache client sends it ({@link Clients})
     */
    public static Attempt blocking(Rule rule, String keyValue, Object owner, int client) throws IOException {
        Attempt attempt = new Attempt(rule, keyValue, owner, Hooks.waitHint(rule, keyValue) == 0, client);
        if (!attempt.deferred) {
            attempt.admitted(Hooks.admit(rule, keyValue, client));
        }
        attempt.hidden = CURRENT.get();
        CURRENT.set(attempt);
        return attempt;
    }

    /**
     * Blocking clients, just before {@code request} is written on its connection: admits this thread's deferred
     * attempt if {@code request} is its owner (normally without a wait; a request that lost a race for the slot waits
     * here, holding its connection for that short while). Anything else passes untouched.
     */
    public static void onWire(Object request) throws IOException {
        Attempt attempt = CURRENT.get();
        if (attempt != null && attempt.owner == request && attempt.deferred && !attempt.admitted) {
            attempt.admitted = true; // before asking: a refusal is not asked again
            attempt.admitted(Hooks.admit(attempt.rule, attempt.keyValue, attempt.client));
        }
    }

    /**
     * Async clients, before the connection is taken: whether the request must wait ({@link #isDeferred} false: the
     * caller reserves its slot now and sends it when the slot comes) or is admitted once its connection is ready
     * ({@link #deferredFor}).
     */
    public static Attempt async(Rule rule, String keyValue, Object owner) {
        return new Attempt(rule, keyValue, owner, Hooks.waitHint(rule, keyValue) == 0, Clients.APACHE_5_ASYNC);
    }

    /**
     * Async clients, once the connection is ready: the deferred attempt {@code held} (a context attribute) if it
     * belongs to {@code request} and was not admitted yet, now marked as being admitted; else null.
     */
    public static Attempt deferredFor(Object held, Object request) {
        if (held instanceof Attempt) {
            Attempt attempt = (Attempt) held;
            if (attempt.owner == request && attempt.deferred && !attempt.admitted) {
                attempt.admitted = true;
                return attempt;
            }
        }
        return null;
    }

    public Rule rule() {
        return rule;
    }

    public String keyValue() {
        return keyValue;
    }

    public boolean isDeferred() {
        return deferred;
    }

    /** Records the ticket the admission gave (null: the agent could not decide; the response is then not read). */
    public void admitted(Engine.Ticket admission) {
        this.ticket = admission;
        this.admitted = true;
    }

    /**
     * The response to this attempt: its status and the values of {@link #signalHeaders} go to the limiters that
     * admitted it. An attempt never
     * admitted did not send its request (a proxy refused the tunnel and answered instead): nothing to tell.
     */
    public void respond(int status, String[] headerValues) {
        if (admitted) {
            Hooks.response(ticket, status, headerValues);
        }
    }

    /** The ticket of this attempt's request, or null if it was never admitted (or the agent could not decide). */
    public Engine.Ticket ticket() {
        return admitted ? ticket : null;
    }

    /** The response headers to read for {@link #respond} (none if the attempt was never admitted). */
    public String[] signalHeaders(int status) {
        return Hooks.signalHeaders(admitted ? ticket : null, status);
    }

    /** The attempt ended without a response (an exception): what its request held in flight is given back. */
    public void failed() {
        if (admitted) {
            Hooks.failed(ticket);
        }
    }

    /** Blocking clients, when the attempt's exec element returns or throws: the thread's previous attempt is back. */
    public void end() {
        CURRENT.set(hidden);
        hidden = null;
    }
}
