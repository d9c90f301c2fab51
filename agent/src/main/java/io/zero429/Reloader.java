package io.zero429;

import io.zero429.instrument.Hooks;
import io.zero429.limit.Limiter;
import io.zero429.limit.LimiterPool;
import io.zero429.observe.Observability;
import io.zero429.rules.Problem;
import io.zero429.rules.RulesConfig;
import io.zero429.rules.RulesException;
import io.zero429.rules.RulesSource;
import io.zero429.store.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the rules again and puts them in force without a restart (file watch, or the operator's {@code reload()}).
 * A bad new file is rejected with the same {@code FILE:LINE:} messages as at start and the last good configuration
 * stays in force; limiters whose definition did not change keep their state, and changed ones take over the old
 * schedule ({@link LimiterPool#LimiterPool(java.util.List, LimiterPool)}), so a reload never opens a burst.
 */
public final class Reloader {
    private static final Logger LOG = LoggerFactory.getLogger("io.zero429");
    private final RulesSource source;

    public Reloader(RulesSource source) {
        this.source = source;
    }

    /** What a reload did. */
    public enum Outcome {
        INSTALLED,
        REJECTED,
        /** {@code enabled = false} in the new file: switching the agent off needs a restart. */
        IGNORED
    }

    public synchronized Outcome reload() {
        Engine current = Hooks.engine();
        RulesConfig config;
        try {
            config = source.load();
        } catch (RulesException e) {
            LOG.error("rules reload REJECTED ({} problem(s) below); the last good configuration stays in force",
                    e.problems().size());
            for (Problem problem : e.problems()) {
                LOG.error("{}", problem);
            }
            return Outcome.REJECTED;
        }
        if (!config.enabled()) {
            LOG.warn("rules reload: {} says enabled = false; switching the agent off needs a restart, the last good "
                    + "configuration stays in force", config.source());
            return Outcome.IGNORED;
        }
        for (Problem warning : config.warnings()) {
            LOG.warn("{}", warning);
        }
        LimiterPool pool = current == null ? new LimiterPool(config.limiters(), new Stores())
                : new LimiterPool(config.limiters(), current.pool());
        Hooks.install(new Engine(config, pool, current == null ? null : current.statistics()));
        Observability.rulesChanged();
        LOG.info("rules reloaded from {}: {} limiters ({} kept with their state), {} rules, mode {}", config.source(),
                config.limiters().size(), kept(current, pool), config.rules().size(),
                config.mode().name().toLowerCase(java.util.Locale.ROOT));
        return Outcome.INSTALLED;
    }

    private static long kept(Engine previous, LimiterPool pool) {
        if (previous == null) {
            return 0;
        }
        long kept = 0;
        for (Limiter limiter : pool.sharedLimiters().values()) {
            if (previous.pool().sharedLimiters().get(limiter.name()) == limiter) {
                kept++;
            }
        }
        return kept;
    }
}
