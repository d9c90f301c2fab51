package io.zero429.instrument.jetty;

import io.zero429.Engine;
import io.zero429.instrument.Hooks;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The ticket of one Jetty request, kept as an attribute of the request (Jetty copies no attributes to a redirect's or
 * an authentication's new request, so each hop has its own), ended once: by its answer or by the end of its exchange.
 */
public final class JettyAttempt {
    /** The request attribute. */
    public static final String KEY = "io.zero429.attempt";

    private final Engine.Ticket ticket;
    private final AtomicBoolean ended = new AtomicBoolean();

    JettyAttempt(Engine.Ticket ticket) {
        this.ticket = ticket;
    }

    /** The ticket to hand the answer to, the first time only; null afterwards. */
    public Engine.Ticket answer() {
        return ended.compareAndSet(false, true) ? ticket : null;
    }

    /** The exchange ended: an attempt without an answer gives back what its request held. */
    public void end() {
        if (ended.compareAndSet(false, true)) {
            Hooks.failed(ticket);
        }
    }
}
