package io.zero429.limit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zero429.Engine;
import io.zero429.rules.Rule;
import io.zero429.rules.RulesConfig;
import io.zero429.rules.RulesParser;
import org.junit.jupiter.api.Test;

/** A hook that sees a response begin before it can read it says so: the limiters count the request from then. */
class ResponseStartTest {
    private final FakeClock clock = new FakeClock();

    @Test
    void aResponseThatBeganBeforeTheHookReadItCountsFromItsStart() throws Exception {
        // Window mode, 1 in any second: the next request waits a window after the answer. The client had the headers
        // 5 ms after the request left and handed the response over 500 ms later (its body, a busy executor).
        RulesConfig config = RulesParser.parse("window.properties", "limiter.kis.limits = 1/s\n"
                + "limiter.kis.mode = window\nlimiter.kis.margin = 0\nlimiter.kis.jitter = 0ms\n"
                + "rule.kis.match = api.kis.com/**\nrule.kis.limiter = kis\n");
        Engine engine = new Engine(config, new LimiterPool(config.limiters(), clock, LimiterTestSupport.NO_RANDOM,
                1024));
        Rule kis = config.rules().get(0);
        Admission admission = engine.admissionFor(kis, null);
        long departure = admission.reserveAfterColdStart(clock.nanoTime());
        Engine.Ticket ticket = Engine.ticket(kis, admission, departure);
        clock.advance(5 * LimiterTestSupport.MS);
        engine.answered(ticket);
        clock.advance(500 * LimiterTestSupport.MS);
        engine.onResponse(ticket, 200, new String[engine.headersWanted(ticket, 200).length]);
        assertEquals(departure + 5 * LimiterTestSupport.MS + LimiterTestSupport.SECOND,
                admission.reserveAfterColdStart(clock.nanoTime()), "a window after the response began, not after the "
                        + "hook read it");
    }
}
