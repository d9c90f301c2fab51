package io.zero429;

import io.zero429.limit.Admission;
import io.zero429.limit.Limiter;
import io.zero429.limit.LimiterPool;
import io.zero429.rules.AgentMode;
import io.zero429.rules.LimiterRef;
import io.zero429.rules.Rule;
import io.zero429.rules.RulesConfig;
import io.zero429.signal.RetryAfter;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
    private final Set<String> bannedLimiters = ConcurrentHashMap.newKeySet();
    /** Upbit and Binance answer 418 when they ban a client that kept going over the limit. */
    static final int BANNED = 418;
    /** How long a ban pauses a limiter when the server does not say (Binance's shortest ban is 2 minutes). */
    static final long DEFAULT_BAN_PAUSE_NANOS = 120_000_000_000L;

    public Engine(RulesConfig config, LimiterPool pool) {
        this.config = config;
        this.pool = pool;
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
        final Rule rule;
        final Admission admission;
        final long departure;

        Ticket(Rule rule, Admission admission, long departure) {
            this.rule = rule;
            this.admission = admission;
            this.departure = departure;
        }
    }

    /**
     * Whether a response with this status is a limit signal whose {@code Retry-After} matters (429, or a 418 ban).
     * Hooks read the header only then: on the usual 2xx it would cost a lookup (and, for some clients, an
     * allocation or a reflective call) on every response for nothing.
     */
    public static boolean readsRetryAfter(int status) {
        return status == 429 || status == BANNED;
    }

    public static Ticket ticket(Rule rule, Admission admission, long departure) {
        return new Ticket(rule, admission, departure);
    }

    /**
     * The response of a request that went through {@code ticket}: a 429 is a limit signal for each of its
     * limiters, and a Retry-After pauses them.
     */
    public void onResponse(Ticket ticket, int status, String retryAfter) {
        ticket.admission.responseReceived();
        if (!readsRetryAfter(status)) {
            return;
        }
        long wait = RetryAfter.parseNanos(retryAfter, System.currentTimeMillis());
        if (status == BANNED) {
            // A ban (Upbit, Binance): nothing may leave until it ends, whether or not the server said how long.
            wait = Math.max(wait, DEFAULT_BAN_PAUSE_NANOS);
        }
        for (Limiter limiter : ticket.admission.limiters()) {
            limiter.onLimitSignal(ticket.departure, wait);
            if (status == BANNED && bannedLimiters.add(limiter.name())) {
                LOG.error("BANNED: the server answered HTTP 418 to a request under rule '{}': limiter '{}' is paused "
                        + "for {} s (Retry-After {}). The client went over the server's limit repeatedly; check the "
                        + "rules against the API's documented limits. Logged once per limiter.", ticket.rule.name(),
                        limiter.name(), wait / 1_000_000_000L, retryAfter == null ? "absent" : "'" + retryAfter + "'");
            }
        }
    }
}
