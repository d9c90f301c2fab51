package io.zero429.instrument.vertx;

import io.zero429.Engine;
import io.zero429.Zero429Exception;
import io.zero429.instrument.BodiesInFlight;
import io.zero429.instrument.ForwardingHandler;
import io.zero429.instrument.Clients;
import io.zero429.instrument.Hooks;
import io.zero429.rules.Rule;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One Vert.x request the agent admitted, from the client's hooked method to its response or failure. The future of the
 * request object ({@code HttpClientRequest}, once a connection is had) is watched by a {@link Proxy} of Vert.x's
 * {@code Handler} (this class lives on the bootstrap class path and links no Vert.x type): the request object then
 * maps to this attempt until its response ({@link #answer}) or failure ({@link #fail}) ends it, once.
 */
public final class VertxAttempt implements InvocationHandler {
    /** The request objects of attempts in flight. */
    private static final Map<Object, VertxAttempt> BY_REQUEST = new ConcurrentHashMap<>();

    /**
     * Bodies watched for body codes, by their response object: registered when the response's status and headers are
     * read ({@link ResponseAdvice}), fed with each chunk Vert.x passes on to the application ({@link ChunkAdvice}) and
     * handed on at the body's end or failure ({@link BodyEndAdvice}).
     */
    public static final BodiesInFlight BODIES = new BodiesInFlight();

    private final Hooks.Scheduled scheduled;
    /** The ticket once known: at once, or when the request's slot came ({@link #due}). */
    private volatile Engine.Ticket ticket;
    private final AtomicBoolean ended = new AtomicBoolean();

    private VertxAttempt(Hooks.Scheduled scheduled) {
        this.scheduled = scheduled;
        this.ticket = scheduled.ticket;
    }

    /**
     * Vert.x 4.5: the rule a request falls under, or null. {@code uri} as Vert.x writes it on the request line: origin
     * form, or absolute for a plain HTTP proxy.
     */
    public static Rule rule(String method, String host, int port, String uri) {
        return Hooks.match(method, null, host, port, RequestUris.rawPath(uri));
    }

    /**
     * Vert.x 5: the rule a request {@code client} was asked for falls under, or null (also for a 4.5 client, whose
     * requests are decided further in). A host or port the request does not name is the client's default, as Vert.x
     * takes it.
     */
    public static Rule rule(Object client, String method, String host, Integer port, String uri) {
        VertxApi.ClientType type = VertxApi.client(client.getClass());
        if (type.isVertx4() || Hooks.engine() == null) {
            return null;
        }
        String targetHost = host != null ? host : type.defaultHost(client);
        int targetPort = port != null ? port : type.defaultPort(client);
        return targetPort < 0 ? null : rule(method, targetHost, targetPort, uri);
    }

    /**
     * Decides a request Vert.x is about to take a connection for.
     *
     * @param client the {@code HttpClientImpl}, which is asked again for a held request when its slot comes
     * @return null (no decision: send untracked), a {@link VertxAttempt} (send now), or a {@link VertxHeld} (a refusal,
     *     or a request to send later): the advice skips the call for the last
     */
    public static Object start(Rule rule, String keyValue, Object client) {
        Hooks.Scheduled scheduled;
        try {
            scheduled = Hooks.schedule(rule, keyValue, Clients.VERTX);
        } catch (Zero429Exception refused) {
            return VertxHeld.refused(refused);
        }
        if (scheduled == null) {
            return null;
        }
        VertxAttempt attempt = new VertxAttempt(scheduled);
        if (scheduled.delayNanos == 0) {
            return attempt;
        }
        Method resend = VertxApi.client(client.getClass()).resend(client.getClass());
        if (resend != null) {
            return VertxHeld.waiting(attempt, resend);
        }
        // Cannot ask the client again later: the request goes now (its reserved slot is kept; permits it waits for
        // are given back when they come).
        scheduled.abandon();
        return scheduled.ticket == null ? null : attempt;
    }

    /**
     * Completes when the request may go (its ticket known by then), or exceptionally with the refusal itself
     * (unwrapped, as Vert.x hands it to the application). Ask once.
     */
    CompletableFuture<Object> due() {
        CompletableFuture<Object> ready = new CompletableFuture<>();
        scheduled.due().whenComplete((admitted, error) -> {
            if (error != null) {
                ended.set(true);
                ready.completeExceptionally(error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error);
            } else {
                ticket = admitted;
                ready.complete(admitted);
            }
        });
        return ready;
    }

    /**
     * A Vert.x {@code Handler} (a proxy of {@code handlerType}) to pass as both handlers of the request future's
     * {@code onComplete(success, failure)}: the request object it gets maps to this attempt; a failure (no connection)
     * ends it.
     */
    public Object watcher(Class<?> handlerType) {
        return Proxy.newProxyInstance(handlerType.getClassLoader(), new Class<?>[] {handlerType}, this);
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) {
        if (method.getDeclaringClass() == Object.class) {
            return ForwardingHandler.objectMethod(proxy, method, args, () -> "zero429 watching a Vert.x request");
        }
        if (args != null && args.length == 1) {
            if (args[0] instanceof Throwable || args[0] == null) {
                notSent();
            } else if (!ended.get()) {
                BY_REQUEST.put(args[0], this);
            }
        }
        return null;
    }

    /** The request did not go (no connection, or {@code doRequest} threw): what it held is given back, once. */
    public void notSent() {
        if (ended.compareAndSet(false, true)) {
            Hooks.failed(ticket);
        }
    }

    /** The ticket the response of {@code request} answers, the first time only; null for a request not watched. */
    public static Engine.Ticket answer(Object request) {
        VertxAttempt attempt = BY_REQUEST.remove(request);
        return attempt != null && attempt.ended.compareAndSet(false, true) ? attempt.ticket : null;
    }

    /** {@code request} failed (connection error, reset, timeout) before its response: it gives back what it held. */
    public static void fail(Object request) {
        VertxAttempt attempt = BY_REQUEST.remove(request);
        if (attempt != null) {
            attempt.notSent();
        }
    }
}
