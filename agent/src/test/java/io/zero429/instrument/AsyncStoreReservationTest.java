package io.zero429.instrument;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zero429.Engine;
import io.zero429.limit.LimiterPool;
import io.zero429.rules.Rule;
import io.zero429.rules.RulesConfig;
import io.zero429.rules.RulesParser;
import io.zero429.store.RedisServer;
import io.zero429.store.Stores;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An asynchronous client's request on a limiter kept in Redis: the store's round trip (up to its timeout) is never
 * made on the caller's thread, which for Reactor Netty or Vert.x is an event loop; the request is handed back to the
 * client to send once the store's reservation thread has its slot. A real {@code redis-server}, stalled.
 */
class AsyncStoreReservationTest {
    private final Engine previous = Hooks.engine();

    @AfterEach
    void restore() {
        Hooks.install(previous);
    }

    @Test
    void aStalledStoreNeverHoldsTheCallersThread() throws Exception {
        try (RedisServer redis = new RedisServer()) {
            RulesConfig config = RulesParser.parse("async.properties", String.join("\n",
                    "limiter.shared.limits = 10/s burst 10",
                    "limiter.shared.store = " + redis.url(),
                    "limiter.shared.store.timeout = 2s",
                    "rule.shared.match = api.example.com/**",
                    "rule.shared.limiter = shared",
                    ""));
            Engine engine = new Engine(config, new LimiterPool(config.limiters(), new Stores()));
            Hooks.install(engine);
            Rule rule = config.rules().get(0);
            Hooks.Scheduled healthy = Hooks.schedule(rule, null, Clients.REACTOR_NETTY);
            assertNull(healthy.ticket, "reserved off the caller's thread, even with the store answering");
            Hooks.response(healthy.due().get(10, TimeUnit.SECONDS), 200, new String[0]);

            redis.stall();
            long asked = System.nanoTime();
            Hooks.Scheduled stalled = Hooks.schedule(rule, null, Clients.REACTOR_NETTY);
            long took = System.nanoTime() - asked;
            assertNull(stalled.ticket);
            assertTrue(took < TimeUnit.SECONDS.toNanos(1), "the caller waited " + took / 1_000_000 + " ms: the "
                    + "store's timeout is 2 s");
            Engine.Ticket ticket = stalled.due().get(20, TimeUnit.SECONDS);
            assertNotNull(ticket, "planned on the local share once the store's timeout ran out");
            Hooks.response(ticket, 200, new String[0]);
            redis.resume();
        }
    }
}
