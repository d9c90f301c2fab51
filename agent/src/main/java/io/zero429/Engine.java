package io.zero429;

import io.zero429.instrument.FaultInjection;
import io.zero429.limit.Admission;
import io.zero429.limit.Limiter;
import io.zero429.limit.LimiterPool;
import io.zero429.observe.Statistics;
import io.zero429.rules.AgentMode;
import io.zero429.rules.LimiterRef;
import io.zero429.rules.Rule;
import io.zero429.rules.RulesConfig;
import io.zero429.signal.BodyCodes;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live configuration: rules matched to limiters. Client hooks ask it which rule a request falls under, get a
 * {@link Ticket} (after waiting, for blocking clients), and hand the response back.
 */
public final class Engine {
    private static final Logger LOG = LoggerFactory.getLogger("io.zero429");

    private final RulesConfig config;
    private final LimiterPool pool;
    private final Map<Rule, Admission> sharedAdmissions = new IdentityHashMap<>();
    private final Set<Rule> observedRules = ConcurrentHashMap.newKeySet();
    private final ResponseSignals signals;
    private final Statistics statistics;

    public Engine(RulesConfig config, LimiterPool pool) {
        this(config, pool, null);
    }

    /** @param previous the statistics of the engine this one replaces (a reload): they go on counting, or null */
    public Engine(RulesConfig config, LimiterPool pool, Statistics previous) {
        this.config = config;
        this.pool = pool;
        this.statistics = new Statistics(config, pool, previous);
        this.signals = new ResponseSignals(config, statistics);
        for (Rule rule : config.rules()) {
            if (rule.key() == null) {
                sharedAdmissions.put(rule, admission(rule, 0, false));
            }
        }
    }

    public RulesConfig config() {
        return config;
    }

    public LimiterPool pool() {
        return pool;
    }

    /** What happened so far, per rule and limiter (metrics, JMX, summary line, stats file). */
    public Statistics statistics() {
        return statistics;
    }

    public boolean observeOnly() {
        return config.mode() == AgentMode.OBSERVE;
    }

    /**
     * Observe mode: lets the request go now and says, once per rule, that it would have waited. The wait is counted
     * on the limiter that imposed it ({@link Limiter#observedDelays()}).
     */
    public Admission observe(Rule rule, String keyValue) {
        Admission admission = admissionFor(rule, keyValue);
        long wait = admission.observe();
        if (wait > 0) {
            statistics.wouldHaveWaited(rule);
        }
        if (wait > 0 && observedRules.add(rule)) {
            LOG.info("observe mode: a request under rule '{}' would have waited {} ms in {}; it left at once. "
                    + "Logged once per rule; counted per limiter.", rule.name(), wait / 1_000_000, admission);
        }
        return admission;
    }

    /** The first rule matching the request, or null: then the request is never delayed. */
    public Rule match(String method, String host, int port, String path) {
        return config.match(method, host, port, path);
    }

    /**
     * The admission for a request under {@code rule}: shared limiters, or the partition of the value of the rule's
     * key header. A partitioned rule whose header is missing uses the shared limiters.
     *
     * @param keyValue the value of {@link Rule#key()}'s header in the request, or null
     */
    public Admission admissionFor(Rule rule, String keyValue) {
        Admission shared = sharedAdmissions.get(rule);
        if (shared != null) {
            return shared;
        }
        if (keyValue == null) {
            return admission(rule, 0, false);
        }
        return admission(rule, rule.key().hash(keyValue), true);
    }

    private Admission admission(Rule rule, long partition, boolean partitioned) {
        List<Limiter> limiters = new ArrayList<>();
        List<Long> costs = new ArrayList<>();
        for (LimiterRef ref : rule.limiters()) {
            limiters.add(partitioned ? pool.partition(ref.name(), partition) : pool.shared(ref.name()));
            costs.add(ref.cost());
        }
        return Admission.of(limiters, costs);
    }

    /** What the hook keeps between sending a request and seeing its response. */
    public static final class Ticket {
        private static final AtomicIntegerFieldUpdater<Ticket> COMPLETED =
                AtomicIntegerFieldUpdater.newUpdater(Ticket.class, "completed");
        private static final AtomicIntegerFieldUpdater<Ticket> ENDED =
                AtomicIntegerFieldUpdater.newUpdater(Ticket.class, "ended");

        final Rule rule;
        final Admission admission;
        final long departure;
        /**
         * When the request asked for its slot, before any wait: the circuit breaker counts a failure only for a request
         * that asked after the last counted failure was heard (one planned before is part of the same overload).
         */
        final long asked;
        /** Whether the request holds its admission's concurrency permits until {@link #onCompletion}. */
        final boolean holdsPermits;
        /** The limiters (bits, by admission index) whose half-open circuit breaker let this request through as a trial. */
        final long trials;
        /** The client that sent the request ({@link Admission#acquireRequest(int)}), told with its answer. */
        final int client;
        /** Set once a failure was reported to the breakers, so that a body code after a 429 is not a second one. */
        volatile boolean failed;
        /** 1 once completed: a second completion (a response, then a failure) counts and gives back nothing. */
        private volatile int completed;
        /** 1 once a response or a failure told the limiters the request is no longer in flight: they hear it once. */
        private volatile int ended;

        Ticket(Rule rule, Admission admission, long asked, long departure, boolean holdsPermits, long trials,
                int client) {
            this.client = client;
            this.rule = rule;
            this.admission = admission;
            this.asked = asked;
            this.departure = departure;
            this.holdsPermits = holdsPermits;
            this.trials = trials;
        }

        boolean isCompleted() {
            return completed != 0;
        }

        /** True the first time only. */
        boolean complete() {
            return COMPLETED.compareAndSet(this, 0, 1);
        }

        /** The limiters hear that the request is no longer in flight: the first time only, response or failure. */
        void end(long departureOrUnknown) {
            if (ENDED.compareAndSet(this, 0, 1)) {
                admission.responseReceived(departureOrUnknown, client);
            }
        }
    }

    /** A ticket for a request that holds no concurrency permits (observe mode, {@link Admission#acquire()}). */
    public static Ticket ticket(Rule rule, Admission admission, long departure) {
        return new Ticket(rule, admission, departure, departure, false, 0, Admission.ONE_CLIENT);
    }

    /**
     * A ticket for a request that asked for its slot at {@code asked} and took its admission's permits, if it has any
     * ({@link Admission#acquireRequest()}, {@link Admission#takePermits}): {@link #onCompletion} gives them back.
     */
    public static Ticket holding(Rule rule, Admission admission, long asked, long departure, long trials,
            int client) {
        return new Ticket(rule, admission, asked, departure, admission.hasPermits(), trials, client);
    }

    /** Counts the request of {@code ticket}, admitted after waiting {@code waitNanos}; returns the ticket. */
    public Ticket admitted(Ticket ticket, long waitNanos) {
        statistics.admitted(ticket.rule, waitNanos);
        return ticket;
    }

    /** Counts a request under {@code rule} the agent refused (it would have waited past max-wait). */
    public void refused(Rule rule, Zero429Exception refusal) {
        statistics.refused(rule, refusal);
    }

    /**
     * The response headers a hook must read for a response with {@code status} to a request of {@code ticket}, in
     * the order it hands their values to {@link #onResponse}: those of the signals its limiters listen to
     * ({@code Retry-After} only on a 429, a ban or a 503). Never null; an empty array means read none.
     */
    public String[] headersWanted(Ticket ticket, int status) {
        return signals.headersWanted(ticket.rule, status);
    }

    /**
     * The response of a request that went through {@code ticket}: the status, and the values of
     * {@link #headersWanted} for that status in the same order (null or empty: absent). Each limiter acts on the
     * signals it listens to: a limit signal, a Retry-After pause, a ban, the server's count of what is left.
     */
    /**
     * The response to {@code ticket}'s request began now: its limiters hear it was answered (once; the response read
     * later, {@link #onResponse}, then changes nothing there).
     */
    public void answered(Ticket ticket) {
        ticket.end(ticket.departure);
    }

    public void onResponse(Ticket ticket, int status, String[] headerValues) {
        ticket.end(ticket.departure);
        try {
            if (FaultInjection.ENABLED) {
                FaultInjection.at("metrics");
            }
            statistics.response(ticket.rule, status);
            if (FaultInjection.ENABLED) {
                FaultInjection.at("response");
            }
            signals.onResponse(ticket, status, headerValues);
        } finally {
            try {
                breakerOutcomes(ticket, status);
            } finally {
                onCompletion(ticket);
            }
        }
    }

    /** What the start of a response body said (a KIS, Gemini or Binance error code), found as the application read it. */
    public void onBody(Ticket ticket, BodyCodes codes) {
        signals.onBody(ticket, codes);
        for (int i = 0; i < ticket.admission.size(); i++) {
            if (!ticket.failed && signals.listensToBody(ticket.admission.limiter(i), codes)) {
                ticket.admission.breakerOutcome(i, Limiter.Outcome.FAILURE, ticket.trials, ticket.asked);
            }
        }
    }

    /**
     * The circuit breakers hear what a response came to: a limited response (429, a ban status) is a failure, as is
     * a 5xx for a breaker configured to count them; another 5xx tells nothing; anything else is a success.
     */
    private void breakerOutcomes(Ticket ticket, int status) {
        for (int i = 0; i < ticket.admission.size(); i++) {
            Limiter limiter = ticket.admission.limiter(i);
            Limiter.Outcome outcome;
            if (status >= 400 && (status == 429 || config.listening(limiter.name()).isBan(status)
                    || status >= 500 && limiter.spec().breaker().serverErrorsFail())) {
                outcome = Limiter.Outcome.FAILURE;
                ticket.failed = true;
            } else {
                outcome = status >= 500 ? Limiter.Outcome.NEUTRAL : Limiter.Outcome.SUCCESS;
            }
            ticket.admission.breakerOutcome(i, outcome, ticket.trials, ticket.asked);
        }
    }

    /**
     * The wire attempt of {@code ticket} failed without a response (connection failure, timeout, cancellation), then
     * {@link #onCompletion}. The hooks see attempts, and clients retry a failed attempt by themselves (a stale pooled
     * connection): so it is a failure only for a breaker configured to count connection failures, and tells the
     * others nothing (a half-open breaker's trial that ends so lets another request try). The attempt is no longer
     * in flight: a limiter waiting for its opening burst's answers stops waiting for this one (it reached the server
     * by now, if ever), rather than hold the next requests until the hold ends.
     */
    public void onFailure(Ticket ticket) {
        try {
            if (!ticket.isCompleted()) {
                ticket.end(Long.MIN_VALUE); // no trip time: there was no response
                for (int i = 0; i < ticket.admission.size(); i++) {
                    Limiter.Outcome outcome = ticket.admission.limiter(i).spec().breaker().connectionFailuresFail()
                            ? Limiter.Outcome.FAILURE : Limiter.Outcome.NEUTRAL;
                    ticket.admission.breakerOutcome(i, outcome, ticket.trials, ticket.asked);
                }
            }
        } finally {
            onCompletion(ticket);
        }
    }

    /** Whether any limiter of the ticket's rule listens to body codes: else the hook leaves the body alone. */
    public boolean readsBody(Ticket ticket) {
        return signals.readsBody(ticket.rule);
    }

    /**
     * The request of {@code ticket} failed without a response (connection error, timeout, cancellation) or its
     * response is complete: whatever it held while in flight (its concurrency permits) is given back, the first
     * time only; later calls for the same ticket do nothing (one uncontended CAS: the statistics' in-flight count
     * needs exactly once as much as the permits do).
     */
    public void onCompletion(Ticket ticket) {
        if (!ticket.complete()) {
            return; // a response, then a failure: counted and given back once
        }
        statistics.completed(ticket.rule);
        if (ticket.holdsPermits) {
            ticket.admission.givePermits();
        }
    }
}
