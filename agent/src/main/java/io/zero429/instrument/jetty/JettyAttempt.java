package io.zero429.instrument.jetty;

import io.zero429.Engine;
import io.zero429.instrument.BodiesInFlight;
import io.zero429.instrument.BodyPrefix;
import io.zero429.instrument.Hooks;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The ticket of one Jetty request, kept as an attribute of the request (Jetty copies no attributes to a redirect's or
 * an authentication's new request, so each hop has its own), ended once: by its answer or by the end of its exchange.
 * A response body some limiter reads codes in is watched from its answer on: with Jetty 12 by the content source the
 * application reads it from ({@link #BODIES}), with Jetty 9.4-11 as Jetty pushes it to the listeners. Both hooks
 * ({@code jetty}, {@code jetty9}) share this class.
 */
public final class JettyAttempt {
    /** The request attribute. */
    public static final String KEY = "io.zero429.attempt";

    /**
     * Bodies watched for body codes, by the response's content source ({@code HttpReceiver}'s, or the decoding one in
     * front of it): registered when Jetty hands the source to the response listeners ({@link ContentSourceAdvice}),
     * fed with each chunk read from it ({@link ReadAdvice}), handed on at the last chunk or the end of the exchange.
     */
    public static final BodiesInFlight BODIES = new BodiesInFlight();

    private final Engine.Ticket ticket;
    private final AtomicBoolean ended = new AtomicBoolean();
    /** The body's watcher once the answer is in, if a limiter reads body codes; null otherwise. */
    private volatile BodyPrefix body;
    private volatile Object source;

    JettyAttempt(Engine.Ticket ticket) {
        this.ticket = ticket;
    }

    /**
     * The ticket to hand the answer to, the first time only; null afterwards. The body is watched from here on if some
     * limiter of the request's rule reads body codes.
     */
    public Engine.Ticket answer() {
        if (!ended.compareAndSet(false, true)) {
            return null;
        }
        body = BodyPrefix.of(ticket);
        return ticket;
    }

    /** Jetty hands the response's body to the listeners as {@code contentSource}: watched if it is to be. */
    public void bodyFrom(Object contentSource) {
        BodyPrefix prefix = body;
        if (prefix != null && contentSource != null) {
            source = contentSource;
            BODIES.watch(contentSource, prefix);
        }
    }

    /** Jetty 9.4-11 pushes each piece of the body to the listeners: copied if the body is watched. */
    public void received(ByteBuffer piece) {
        BodyPrefix prefix = body;
        if (prefix != null && prefix.watching()) {
            prefix.received(piece);
        }
    }

    /** Jetty 9.4-11 pushed every piece of the body (the exchange completed): what was seen is handed on. */
    public void endPushedBody() {
        BodyPrefix prefix = body;
        if (prefix != null) {
            prefix.end();
        }
    }

    /**
     * The exchange ended: an attempt without an answer gives back what its request held; a watched body hands on what
     * was read of it.
     */
    public void end() {
        if (ended.compareAndSet(false, true)) {
            Hooks.failed(ticket);
        }
        Object watched = source;
        if (watched != null) {
            BODIES.end(watched);
        }
    }
}
