package io.zero429.instrument.reactornetty;

import io.zero429.Engine;
import io.zero429.Zero429Exception;
import io.zero429.instrument.BodiesInFlight;
import io.zero429.instrument.BodyPrefix;
import io.zero429.instrument.Clients;
import io.zero429.instrument.Hooks;
import io.zero429.rules.Rule;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One wire attempt of a Reactor Netty request, from the connection acquire that starts it ({@link AcquireAdvice}) to
 * its response or failure. It watches the attempt's {@code ConnectionObserver} (a {@link Proxy} of Reactor Netty's
 * interface: this class lives on the bootstrap class path and links no Reactor type) and is the {@code doOnError}
 * consumer of the connection's {@code Mono}: a connection that could not be had is a failed attempt.
 *
 * <p>The response is read when Reactor Netty tells its observers {@code RESPONSE_RECEIVED} (status and headers are in,
 * the body not yet read), before the application hears of it; a redirect Reactor Netty follows never reaches that
 * state and is read from the {@code RedirectClientException} it raises instead. Both happen before the observer the
 * agent watches is told, so the limiters hear the answer before the next hop or the application's next request asks.
 */
public final class ReactorAttempt implements Consumer<Throwable> {
    private static final String RESPONSE_RECEIVED = "[response_received]";
    private static final String REDIRECT = "RedirectClientException";
    /** States in which an attempt that has no response yet will not get one (the application cancelled it). */
    private static final java.util.Set<String> ENDED_UNANSWERED = java.util.Set.of("[disconnecting]", "[released]");

    /** Bodies watched for body codes, by the connection (its {@code HttpClientOperations}) they arrive on. */
    public static final BodiesInFlight BODIES = new BodiesInFlight();

    private final Hooks.Scheduled scheduled;
    private final Class<?> observerType;
    private final Object observer;
    /** The attempt's ticket once it is known: at once, or when a concurrency permit came ({@link #due}). */
    private volatile Engine.Ticket ticket;
    private final AtomicBoolean ended = new AtomicBoolean();

    private ReactorAttempt(Hooks.Scheduled scheduled, Object observer, Class<?> observerType) {
        this.scheduled = scheduled;
        this.ticket = scheduled.ticket;
        this.observerType = observerType;
        this.observer = watch(observer);
    }

    /**
     * Decides the attempt whose target {@code remoteAddress} names (Reactor Netty's request handler, whose
     * {@code toString()} is {@code {uri=URL, method=METHOD}}).
     *
     * @return the attempt, its refusal ({@link Zero429Exception}), or null: no rule matches, or the agent cannot tell
     */
    public static Object start(Object remoteAddress, Object observer, Class<?> observerType) {
        if (remoteAddress == null || observer == null || Hooks.engine() == null) {
            return null;
        }
        ReactorRequest request = ReactorRequest.parse(remoteAddress.toString());
        if (request == null) {
            return null;
        }
        Rule rule = Hooks.match(request.method, request.scheme, request.host, request.port, request.rawPath);
        if (rule == null) {
            return null;
        }
        Hooks.Scheduled scheduled;
        try {
            // No partition key: Reactor Netty sets a request's own headers after the connection is acquired.
            scheduled = Hooks.schedule(rule, null, Clients.REACTOR_NETTY);
        } catch (Zero429Exception refused) {
            return refused;
        }
        return scheduled == null ? null : new ReactorAttempt(scheduled, observer, observerType);
    }

    /** The watched observer, to hand to {@code acquire} in place of its own. */
    public Object observer() {
        return observer;
    }

    /**
     * When the connection may be asked for: null for now, else a future completed by the agent's timer (with this
     * attempt's ticket known by then), or exceptionally with the refusal. Ask once.
     */
    public CompletableFuture<?> due() {
        if (scheduled.delayNanos == 0) {
            return null;
        }
        return scheduled.due().thenApply(admitted -> {
            ticket = admitted;
            return admitted;
        });
    }

    /**
     * The attempt ended without a response: no connection could be had ({@code acquire} failed or threw), the
     * connection failed, or the application cancelled the request. What the request held in flight is given back,
     * once (nothing if its response came first).
     */
    @Override
    public void accept(Throwable error) {
        if (ended.compareAndSet(false, true)) {
            Hooks.failed(ticket);
        }
    }

    private Object watch(Object target) {
        return Proxy.newProxyInstance(observerType.getClassLoader(), new Class<?>[] {observerType},
                new WatchedObserver(target, this));
    }

    /**
     * An observer Reactor Netty composed from the watched one ({@code then}): watched too, for this same attempt, since
     * Reactor Netty may tell it instead (HTTP/2 streams).
     */
    Object composed(Object composite) {
        return composite == null ? null : watch(composite);
    }

    /** A state of the attempt's connection, before the observer the agent watches hears of it. */
    void stateChanged(Object connection, Object state) {
        String name = String.valueOf(state);
        if (RESPONSE_RECEIVED.equals(name)) {
            respond(connection);
        } else if (ENDED_UNANSWERED.contains(name)) {
            BODIES.end(connection); // a body cut short: what was seen
            accept(null);
        }
    }

    void uncaught(Object connection, Throwable error) {
        if (error != null && error.getClass().getSimpleName().equals(REDIRECT)) {
            respond(connection); // the hop's response: Reactor Netty follows it with a new attempt
        } else {
            BODIES.end(connection); // a body cut short by the error: what was seen
            accept(error);
        }
    }

    private void respond(Object connection) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        Engine.Ticket answered = ticket;
        Hooks.answered(answered);
        ReactorResponses.read(answered, connection);
        BodyPrefix body = BodyPrefix.of(answered);
        if (body != null) {
            BODIES.watch(connection, body);
        }
    }
}
