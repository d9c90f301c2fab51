package io.zero429.observe;

import io.zero429.Zero429Exception;
import io.zero429.Zero429WaitTimeoutException;
import io.zero429.limit.Limiter;
import io.zero429.limit.LimiterPool;
import io.zero429.rules.LimiterRef;
import io.zero429.rules.Rule;
import io.zero429.rules.RulesConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The agent's figures per rule and per limiter, recorded where things happen (the engine calls it) and read by
 * every output. The maps are built once and never change, so the request path reads them without a lock; what it
 * writes is a few {@link java.util.concurrent.atomic.LongAdder} additions, allocation-free. Rules and limiters are
 * known by name only: nothing about a request but its rule is kept.
 */
public final class Statistics {
    private final Map<Rule, RuleStats> rules = new IdentityHashMap<>();
    private final Map<String, RuleStats> byName = new java.util.HashMap<>();
    private final List<RuleStats> ruleOrder = new ArrayList<>();
    private final Map<String, LimiterStats> limiters = new LinkedHashMap<>();
    private final LongSupplier nanoTime;
    private final LongSupplier epochMillis;

    public Statistics(RulesConfig config, LimiterPool pool) {
        this(config, pool, null);
    }

    /**
     * After a reload: rules and limiters that kept their name (and, for a rule, its limiters and ban statuses) go on
     * counting where {@code previous} left off, so counters never go back.
     */
    public Statistics(RulesConfig config, LimiterPool pool, Statistics previous) {
        this(config, pool, previous, System::nanoTime, System::currentTimeMillis);
    }

    /** @param nanoTime the limiters' clock (to tell how long a pause lasts) */
    Statistics(RulesConfig config, LimiterPool pool, Statistics previous, LongSupplier nanoTime,
            LongSupplier epochMillis) {
        this.nanoTime = nanoTime;
        this.epochMillis = epochMillis;
        for (Map.Entry<String, Limiter> e : pool.sharedLimiters().entrySet()) {
            LimiterStats before = previous == null ? null : previous.limiters.get(e.getKey());
            limiters.put(e.getKey(), new LimiterStats(e.getKey(), e.getValue(), before));
        }
        for (Rule rule : config.rules()) {
            Set<String> names = new LinkedHashSet<>();
            for (LimiterRef ref : rule.limiters()) {
                names.add(ref.name());
            }
            String limiterNames = String.join(",", names);
            int[] bans = names.stream().flatMapToInt(n -> Arrays.stream(config.listening(n).banStatuses()))
                    .distinct().toArray();
            RuleStats before = previous == null ? null : previous.byName.get(rule.name());
            RuleStats stats = before != null && before.sameAs(limiterNames, bans) ? before
                    : new RuleStats(rule.name(), limiterNames, bans);
            rules.put(rule, stats);
            byName.put(rule.name(), stats);
            ruleOrder.add(stats);
            for (String name : names) {
                limiters.get(name).rules.add(stats);
            }
        }
    }

    /**
     * The figures of {@code rule}: by identity on the request path; by name for a request admitted under the
     * configuration before a reload and completing after it.
     */
    private RuleStats stats(Rule rule) {
        RuleStats stats = rules.get(rule);
        return stats != null ? stats : byName.get(rule.name());
    }

    // ---- recording: the request path ----

    /** A request under {@code rule} was admitted after waiting {@code waitNanos} (0 if it left at once). */
    public void admitted(Rule rule, long waitNanos) {
        RuleStats stats = stats(rule);
        if (stats == null) {
            return;
        }
        stats.waits.record(waitNanos);
        if (waitNanos > WaitHistogram.DELAY_THRESHOLD_NANOS) {
            JfrEvents.delay(stats.name, stats.limiterNames, waitNanos);
        }
    }

    /** Its response or failure is back: it is no longer in flight. At most once per admitted request. */
    public void completed(Rule rule) {
        RuleStats stats = stats(rule);
        if (stats != null) {
            stats.completed.increment();
        }
    }

    /** Counts 429s and ban statuses once per response (a limiter's signals are counted by {@link #signal}). */
    public void response(Rule rule, int status) {
        RuleStats stats = stats(rule);
        if (stats != null && status >= 400) {
            stats.response(status);
        }
    }

    // ---- recording: rare events ----

    /** The agent refused a request under {@code rule} (it would have waited past max-wait). */
    public void refused(Rule rule, Zero429Exception refusal) {
        RuleStats stats = stats(rule);
        if (stats != null) {
            stats.refused.increment();
        }
        if (refusal instanceof Zero429WaitTimeoutException) {
            LimiterStats limiter = limiters.get(((Zero429WaitTimeoutException) refusal).limiter());
            if (limiter != null) {
                limiter.refused.increment();
            }
        }
    }

    /** Observe mode: a request under {@code rule} would have waited; it left at once. */
    public void wouldHaveWaited(Rule rule) {
        RuleStats stats = stats(rule);
        if (stats != null) {
            stats.wouldHaveWaited.increment();
        }
    }

    /** A response body carried a limit error code (counted once per response, for the rule). */
    public void bodyCode(Rule rule) {
        RuleStats stats = stats(rule);
        if (stats != null) {
            stats.bodyCodes.increment();
        }
    }

    /**
     * {@code limiter} (shared or a partition) acted on a signal of the response with {@code status} (0: a body
     * code). Records it, and tells JFR, with the limiter's new rate ratio if that changed.
     */
    public void signal(Limiter limiter, SignalType type, int status) {
        LimiterStats stats = limiters.get(limiter.name());
        if (stats == null) {
            return;
        }
        stats.signal(type, status, epochMillis.getAsLong());
        JfrEvents.signal(stats.name, type.label(), status);
        if (JfrEvents.ratioChangeEnabled()) {
            double ratio = limiter.rateRatio();
            double before = stats.reportedRatio;
            if (ratio != before) {
                stats.reportedRatio = ratio;
                JfrEvents.ratioChange(stats.name, before, ratio);
            }
        }
    }

    /**
     * For JFR's periodic check: reports each shared limiter whose ratio moved (recovered, mostly) since the last
     * report.
     */
    void reportRatioRecoveries() {
        for (LimiterStats stats : limiters.values()) {
            double ratio = stats.rateRatio();
            double before = stats.reportedRatio;
            if (ratio != before) {
                stats.reportedRatio = ratio;
                JfrEvents.ratioChange(stats.name, before, ratio);
            }
        }
    }

    // ---- reading ----

    /** Every limiter's figures, in rules-file order. */
    public List<FlowFigures> limiters() {
        long now = nanoTime.getAsLong();
        List<FlowFigures> all = new ArrayList<>(limiters.size());
        for (LimiterStats stats : limiters.values()) {
            all.add(stats.figures(now));
        }
        return Collections.unmodifiableList(all);
    }

    /** One limiter's figures, or null if there is no such limiter. */
    public FlowFigures limiter(String name) {
        LimiterStats stats = limiters.get(name);
        return stats == null ? null : stats.figures(nanoTime.getAsLong());
    }

    /** Every rule's figures, in the order rules are tried. */
    public List<FlowFigures> rules() {
        List<FlowFigures> all = new ArrayList<>(ruleOrder.size());
        for (RuleStats stats : ruleOrder) {
            all.add(stats.figures());
        }
        return Collections.unmodifiableList(all);
    }

    /** One rule's figures, or null if there is no such rule. */
    public FlowFigures rule(String name) {
        RuleStats stats = byName.get(name);
        return stats == null ? null : stats.figures();
    }

    public List<String> limiterNames() {
        return new ArrayList<>(limiters.keySet());
    }
}
