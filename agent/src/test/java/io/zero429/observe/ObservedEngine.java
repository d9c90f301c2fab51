package io.zero429.observe;

import io.zero429.Engine;
import io.zero429.limit.LimiterPool;
import io.zero429.rules.Rule;
import io.zero429.rules.RulesConfig;
import io.zero429.rules.RulesParser;

/** An engine on {@link StatisticsTest#RULES} for the output tests, with a way to send a request and answer it. */
final class ObservedEngine {
    final Engine engine;

    ObservedEngine() throws Exception {
        RulesConfig config = RulesParser.parse("observed.properties", StatisticsTest.RULES);
        engine = new Engine(config, new LimiterPool(config.limiters()));
    }

    Statistics statistics() {
        return engine.statistics();
    }

    /** One request under {@code rule} that waited {@code waitNanos} and got {@code status}. */
    ObservedEngine request(String rule, long waitNanos, int status) {
        Rule r = engine.config().rules().stream().filter(x -> x.name().equals(rule)).findFirst().orElseThrow();
        Engine.Ticket ticket = engine.admitted(Engine.ticket(r, engine.admissionFor(r, null), System.nanoTime()),
                waitNanos);
        engine.onResponse(ticket, status, new String[engine.headersWanted(ticket, status).length]);
        return this;
    }
}
