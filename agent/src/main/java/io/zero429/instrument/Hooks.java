package io.zero429.instrument;

import io.zero429.Engine;
import io.zero429.Zero429Exception;
import io.zero429.limit.Admission;
import io.zero429.observe.OnceLog;
import io.zero429.rules.Rule;
import io.zero429.signal.BodyCodes;
import java.io.InterruptedIOException;
import java.net.URI;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.slf4j.LoggerFactory;

/**
 * What woven client code calls. It lives on the bootstrap class path, so advice inlined into any class (JDK or
 * application) can reach it, and it takes only {@code java.base} types.
 *
 * <p>Fail-open: a fault inside the agent is logged once per kind and the request goes on untouched. The only
 * exceptions that reach the application are the documented ones: {@link Zero429Exception} subclasses and
 * {@link InterruptedIOException}, both {@code IOException}s.
 */
public final class Hooks {
    private static volatile Engine engine;
    private static final OnceLog FAULTS = new OnceLog(LoggerFactory.getLogger("io.zero429.instrument"));
    /**
     * Set while the agent itself re-sends a request it already admitted (a delayed async send), until that request
     * reaches its hook's {@link #match}: only that one passes unmatched.
     */
    private static final ThreadLocal<Boolean> ADMITTED = new ThreadLocal<>();

    private Hooks() {
    }

    public static void install(Engine live) {
        engine = live;
    }

    public static Engine engine() {
        return engine;
    }

    public static OnceLog faults() {
        return FAULTS;
    }

    /** True while the current thread re-sends a request the agent already admitted and its hook has not matched it. */
    public static boolean isPreAdmitted() {
        return ADMITTED.get() != null;
    }

    /**
     * Runs {@code send} marked as already admitted, so the hook it passes through does not throttle it again. The mark
     * is used up by the first {@link #match} on this thread, the re-sent request's own: a request the client or the
     * application sends meanwhile on this thread (a queued exchange the client starts, a redirect it follows inline) is
     * decided as usual.
     */
    public static <T> T preAdmitted(java.util.concurrent.Callable<T> send) throws Exception {
        ADMITTED.set(Boolean.TRUE);
        try {
            return send.call();
        } finally {
            ADMITTED.remove();
        }
    }

    /** The rule a request falls under, or null (no engine, no match, or a fault). Costs only the matching. */
    public static Rule match(String method, URI uri) {
        if (engine == null || uri == null) {
            return null;
        }
        return match(method, uri.getScheme(), uri.getHost(), uri.getPort(), uri.getRawPath());
    }

    /**
     * The rule a request falls under, or null (no engine, no match, or a fault). Costs only the matching.
     *
     * @param port the URL's port, or -1 for the scheme's default
     * @param rawPath the path as sent (percent-encoded), or null/empty for {@code /}
     */
    public static Rule match(String method, String scheme, String host, int port, String rawPath) {
        if (ADMITTED.get() != null) {
            ADMITTED.remove(); // the re-sent request itself
            return null;
        }
        Engine live = engine;
        if (live == null || host == null || method == null) {
            return null;
        }
        try {
            if (FaultInjection.ENABLED) {
                FaultInjection.at("match");
            }
            int effectivePort = port >= 0 ? port : "https".equalsIgnoreCase(scheme) ? 443 : 80;
            String path = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
            return live.match(method.toUpperCase(Locale.ROOT), host, effectivePort, path);
        } catch (RuntimeException | LinkageError e) {
            FAULTS.fault("rule matching", e);
            return null;
        }
    }

    /**
     * The request header whose value picks the rule's partition ({@code key = header:NAME}), or null when the rule is
     * not partitioned. Hooks read that one header only, and only when this is not null.
     */
    public static String keyHeader(Rule rule) {
        return rule.key() == null ? null : rule.key().header();
    }

    /**
     * Blocking clients: waits until the request may leave ({@code keyValue}: see {@link #keyHeader}): for its
     * concurrency permits, if a limiter has a cap, then for its slot. Returns the ticket to hand back with the
     * response ({@link #response} or {@link #failed}: that gives the permits back), or null if the agent could not
     * decide (fault: the request goes on). {@code client}: the hook's {@link Clients client}.
     */
    public static Engine.Ticket admit(Rule rule, String keyValue, int client)
            throws Zero429Exception, InterruptedIOException {
        Engine live = engine;
        try {
            if (live.observeOnly()) {
                return live.admitted(Engine.ticket(rule, live.observe(rule, keyValue), System.nanoTime()), 0);
            }
            if (FaultInjection.ENABLED) {
                FaultInjection.at("admission");
            }
            Admission admission = live.admissionFor(rule, keyValue);
            long trials = admission.passBreakers();
            long arrival = System.nanoTime();
            long departure;
            try {
                departure = admission.acquireRequest(client);
            } catch (Zero429Exception | InterruptedIOException | RuntimeException | LinkageError notSent) {
                admission.abandonTrials(trials);
                throw notSent;
            }
            return live.admitted(Engine.holding(rule, admission, arrival, departure, trials, client),
                    departure - arrival);
        } catch (Zero429Exception refused) {
            live.refused(rule, refused);
            throw refused;
        } catch (InterruptedIOException expected) {
            throw expected;
        } catch (RuntimeException | LinkageError e) {
            FAULTS.fault("admission", e);
            return null;
        }
    }

    /**
     * How long a request under {@code rule} would wait if it asked now, reserving nothing (0 in observe mode, or on a
     * fault). Lets a hook wait before it takes a connection when a wait is needed, and otherwise admit only once the
     * connection is ready, so that the departure the limiter records is when the request really leaves (a first
     * connection can take far longer than the slack a limit leaves).
     */
    public static long waitHint(Rule rule, String keyValue) {
        Engine live = engine;
        try {
            return live.observeOnly() ? 0 : live.admissionFor(rule, keyValue).waitHint();
        } catch (RuntimeException | LinkageError e) {
            FAULTS.fault("wait hint", e);
            return 0;
        }
    }

    /**
     * Asynchronous clients: reserves a departure without waiting. Returns the nanoseconds to wait before sending
     * (0: send now) together with the ticket, or null on a fault (send now, unthrottled). A request whose concurrency
     * permits are not free now, or that is held for a limiter's opening answers (see
     * {@link Admission#reserveAfterColdStart}), waits for them without a thread (see {@link Scheduled#due}).
     */
    public static Scheduled schedule(Rule rule, String keyValue, int client) throws Zero429Exception {
        Engine live = engine;
        try {
            if (live.observeOnly()) {
                return new Scheduled(live.admitted(Engine.ticket(rule, live.observe(rule, keyValue), System.nanoTime()),
                        0), 0);
            }
            Admission admission = live.admissionFor(rule, keyValue);
            long trials = admission.passBreakers();
            long now = System.nanoTime();
            if (!admission.tryTakePermits()) {
                return new Scheduled(PermitsLater.start(live, rule, admission, now, trials, client));
            }
            if (admission.plansRemotely()) {
                // A store's round trip (up to its timeout) never on the caller's thread, which may be an event loop.
                try {
                    return new Scheduled(ReserveLater.reserve(live, rule, admission, now, trials, client,
                            new CompletableFuture<>()));
                } catch (RuntimeException | LinkageError e) {
                    admission.givePermits(); // its thread could not start: the request goes on untracked
                    admission.abandonTrials(trials);
                    throw e;
                }
            }
            long departure;
            try {
                departure = admission.reserveAfterColdStart(now, client);
            } catch (Zero429Exception | RuntimeException | LinkageError e) {
                admission.givePermits();
                admission.abandonTrials(trials);
                throw e;
            }
            if (departure == Admission.AWAIT_OPENING_ANSWERS) {
                // Held for a limiter's opening answers: looked at again on the timer, as a sync request waits.
                return new Scheduled(ReserveLater.reserve(live, rule, admission, now, trials, client,
                        new CompletableFuture<>()));
            }
            // A request that need not wait gets a departure of "now" read inside the limiters' lock, a little after
            // {@code now}: measured against the clock again, it is due already and goes at once, not via the timer.
            long delay = Math.max(0, departure - System.nanoTime());
            return new Scheduled(live.admitted(Engine.holding(rule, admission, now, departure, trials, client), delay),
                    delay);
        } catch (Zero429Exception refused) {
            live.refused(rule, refused);
            throw refused;
        } catch (RuntimeException | LinkageError e) {
            FAULTS.fault("async admission", e);
            return null;
        }
    }

    /**
     * A reservation for an asynchronous send: {@link #delayNanos} 0, send now with {@link #ticket}; else send once
     * {@link #due} completes, with the ticket it gives.
     */
    public static final class Scheduled {
        /** How long the wait is while a request waits for a concurrency permit or opening answers: unknown. */
        public static final long UNKNOWN_DELAY = Long.MAX_VALUE;

        /** Null while the request waits for a concurrency permit or opening answers. */
        public final Engine.Ticket ticket;
        public final long delayNanos;
        private final CompletableFuture<Engine.Ticket> permitsDue;

        Scheduled(Engine.Ticket ticket, long delayNanos) {
            this.ticket = ticket;
            this.delayNanos = delayNanos;
            this.permitsDue = null;
        }

        Scheduled(CompletableFuture<Engine.Ticket> permitsDue) {
            this.ticket = null;
            this.delayNanos = UNKNOWN_DELAY;
            this.permitsDue = permitsDue;
        }

        /**
         * Completes on the agent's timer thread when the request may be sent, with the ticket to send it under (null:
         * send it untracked), or exceptionally with the {@link io.zero429.Zero429WaitTimeoutException} refusing it.
         * Ask once.
         */
        public CompletableFuture<Engine.Ticket> due() {
            if (permitsDue != null) {
                return permitsDue;
            }
            Engine.Ticket reserved = ticket;
            return CompletableFuture.supplyAsync(() -> reserved, Timer.after(delayNanos));
        }

        /**
         * The hook cannot wait for {@link #due} and sends the request now: permits the request still waits for are
         * given back as soon as it gets them (a reserved {@link #ticket} stays the hook's to complete).
         */
        public void abandon() {
            if (permitsDue != null) {
                permitsDue.thenAccept(Hooks::failed);
            }
        }
    }

    private static final String[] NO_HEADERS = new String[0];

    /**
     * The response headers to read for a response with {@code status} to the request of {@code ticket}: the hook
     * reads each (null if absent; several lines joined with ", " where the client offers that) and hands the values,
     * in this order, to {@link #response}. Empty (read nothing) for a null ticket or on a fault. Never modify it.
     */
    public static String[] signalHeaders(Engine.Ticket ticket, int status) {
        if (ticket == null) {
            return NO_HEADERS;
        }
        try {
            return engine.headersWanted(ticket, status);
        } catch (RuntimeException | LinkageError e) {
            FAULTS.fault("response signal headers", e);
            return NO_HEADERS;
        }
    }

    /**
     * The response to {@code ticket}'s request began now (its status and headers are in), before a hook can read it
     * ({@link #response} follows): the limiters count the request as arrived by now, not by when the hook reads it.
     */
    public static void answered(Engine.Ticket ticket) {
        if (ticket == null) {
            return;
        }
        try {
            engine.answered(ticket);
        } catch (RuntimeException | LinkageError e) {
            FAULTS.fault("response start", e);
        }
    }

    /**
     * The response to a request that went through {@code ticket} (null tickets are ignored): its status and the
     * values of {@link #signalHeaders} for that status. The request is no longer in flight.
     */
    public static void response(Engine.Ticket ticket, int status, String[] headerValues) {
        if (ticket == null) {
            return;
        }
        try {
            engine.onResponse(ticket, status, headerValues);
        } catch (RuntimeException | LinkageError e) {
            FAULTS.fault("response signal", e);
        }
    }

    /**
     * Whether the body of the response to {@code ticket} is worth watching: some limiter of its rule listens to a body
     * code. False for a null ticket or on a fault; hooks leave the body alone then.
     */
    public static boolean readsBody(Engine.Ticket ticket) {
        if (ticket == null) {
            return false;
        }
        try {
            return engine.readsBody(ticket);
        } catch (RuntimeException | LinkageError e) {
            FAULTS.fault("body signal check", e);
            return false;
        }
    }

    /**
     * The start of the body of the response to {@code ticket} (see {@link BodyPrefix}), as the application read it:
     * a KIS, Gemini or Binance error code in it is a signal for the limiters that listen to it. Never throws.
     */
    public static void body(Engine.Ticket ticket, String prefix) {
        if (ticket == null) {
            return;
        }
        try {
            if (FaultInjection.ENABLED) {
                FaultInjection.at("body");
            }
            BodyCodes codes = BodyCodes.scan(prefix);
            if (codes.kind() != BodyCodes.Kind.NONE) {
                engine.onBody(ticket, codes);
            }
        } catch (RuntimeException | LinkageError e) {
            FAULTS.fault("body signal", e);
        }
    }

    /**
     * The request of {@code ticket} ended without a response the hook could read (connection failure, timeout,
     * cancellation): whatever it held while in flight is given back. Null tickets are ignored.
     */
    public static void failed(Engine.Ticket ticket) {
        if (ticket == null) {
            return;
        }
        try {
            engine.onFailure(ticket);
        } catch (RuntimeException | LinkageError e) {
            FAULTS.fault("request completion", e);
        }
    }
}
