package io.zero429.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.zero429.limit.LimitMode;
import io.zero429.limit.LimitSpec;
import io.zero429.limit.LimiterSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import io.zero429.limit.BreakerSpec;
import io.zero429.signal.Listening;
import io.zero429.signal.SignalKind;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RulesParserTest {
    static String example() throws IOException {
        try (InputStream in = RulesParserTest.class.getResourceAsStream("/rules/example.properties")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static RulesConfig parseExample() throws Exception {
        return RulesParser.parse("example.properties", example());
    }

    private static List<String> problems(String text) {
        RulesException e = assertThrows(RulesException.class, () -> RulesParser.parse("rules.properties", text));
        return e.problems().stream().map(Problem::toString).collect(Collectors.toList());
    }

    private static LimiterSpec limiter(RulesConfig config, String name) {
        return config.limiters().stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void theExampleIsAcceptedAsWritten() throws Exception {
        RulesConfig config = parseExample();
        assertEquals(List.of("upbit-market", "upbit-order", "upbit-default", "kis", "gemini", "binance-weight"),
                config.limiters().stream().map(LimiterSpec::name).collect(Collectors.toList()));
        assertEquals(List.of(new LimitSpec(10, TimeUnit.SECONDS.toNanos(1), 10)), limiter(config, "upbit-market").limits());
        assertEquals(LimitMode.WINDOW, limiter(config, "kis").mode());
        assertEquals(LimitMode.GCRA, limiter(config, "upbit-order").mode());
        assertEquals(List.of(new LimitSpec(5, TimeUnit.MINUTES.toNanos(1), 1), new LimitSpec(100, TimeUnit.DAYS.toNanos(1), 1)),
                limiter(config, "gemini").limits());
        assertEquals(TimeUnit.MINUTES.toNanos(2), limiter(config, "binance-weight").maxWaitNanos());
        assertEquals(TimeUnit.SECONDS.toNanos(30), limiter(config, "kis").maxWaitNanos());
        assertEquals(TimeUnit.MILLISECONDS.toNanos(5), limiter(config, "kis").jitterMaxNanos());
        assertEquals(200, limiter(config, "kis").marginBasisPoints());
        assertEquals(List.of("upbit-quote", "upbit-order", "upbit-rest", "kis", "gemini", "binance-depth", "binance"),
                config.rules().stream().map(Rule::name).collect(Collectors.toList()));
        Rule depth = config.rules().get(5);
        assertEquals("binance-weight", depth.limiters().get(0).name());
        assertEquals(5, depth.limiters().get(0).cost());
        assertEquals("Authorization", config.rules().get(2).key().header());
        assertEquals(AgentMode.ENFORCE, config.mode());
        assertTrue(config.enabled());
        assertEquals(List.of(), config.warnings());
    }

    @Test
    void everyLimiterKeyAndDefault() throws Exception {
        RulesConfig config = RulesParser.parse("r", String.join("\n",
                "defaults.mode = window",
                "defaults.adjust.factor = 0.5",
                "limiter.a.limits = 3/2s burst 2, 100/h",
                "limiter.a.mode = gcra",
                "limiter.a.jitter = 1ms-3ms",
                "limiter.a.margin = 0.5%",
                "limiter.a.max-wait = 1.5s",
                "limiter.a.adjust.threshold = 3",
                "limiter.a.adjust.window = 2m",
                "limiter.a.adjust.floor = 0.25",
                "limiter.a.adjust.quiet = 10m",
                "limiter.a.adjust.step = 0.1",
                "limiter.a.adjust.interval = 1m",
                "limiter.b.limits = 1/d",
                "limiter.b.adjust = off",
                "limiter.b.jitter = off",
                "rule.r.match = a.example, b.example",
                "rule.r.limiter = a, b:2",
                "mode = observe"));
        LimiterSpec a = limiter(config, "a");
        assertEquals(List.of(new LimitSpec(3, TimeUnit.SECONDS.toNanos(2), 2), new LimitSpec(100, TimeUnit.HOURS.toNanos(1), 1)),
                a.limits());
        assertEquals(LimitMode.GCRA, a.mode());
        assertEquals(TimeUnit.MILLISECONDS.toNanos(1), a.jitterMinNanos());
        assertEquals(TimeUnit.MILLISECONDS.toNanos(3), a.jitterMaxNanos());
        assertEquals(50, a.marginBasisPoints());
        assertEquals(TimeUnit.MILLISECONDS.toNanos(1500), a.maxWaitNanos());
        assertEquals(3, a.adjuster().threshold());
        assertEquals(0.5, a.adjuster().factor());
        assertEquals(0.25, a.adjuster().floor());
        assertEquals(0.1, a.adjuster().step());
        assertEquals(TimeUnit.MINUTES.toNanos(10), a.adjuster().quietNanos());
        LimiterSpec b = limiter(config, "b");
        assertEquals(LimitMode.WINDOW, b.mode(), "from defaults.mode");
        assertEquals(false, b.adjuster().enabled());
        assertEquals(0, b.jitterMaxNanos());
        assertEquals(AgentMode.OBSERVE, config.mode());
        assertEquals(2, config.rules().get(0).limiters().get(1).cost());
    }

    @Test
    void signalsBansAndConcurrencyPerLimiterWithDefaults() throws Exception {
        RulesConfig config = RulesParser.parse("r", String.join("\n",
                "defaults.ban-pause = 5m",
                "limiter.upbit.limits = 10/s burst 10",
                "limiter.upbit.signals = 429, retry-after, upbit",
                "limiter.deepseek.limits = 100/s",
                "limiter.deepseek.concurrency = 4",
                "limiter.deepseek.ban-status = 418, 403",
                "limiter.quiet.limits = 1/s",
                "limiter.quiet.signals = none",
                "rule.u.match = api.upbit.com/**",
                "rule.u.limiter = upbit, deepseek, quiet"));
        Listening upbit = config.listening("upbit");
        assertEquals(EnumSet.of(SignalKind.STATUS_429, SignalKind.RETRY_AFTER, SignalKind.UPBIT), upbit.signals());
        assertEquals(TimeUnit.MINUTES.toNanos(5), upbit.banPauseNanos());
        assertTrue(upbit.isBan(418) && !upbit.isBan(403));
        Listening deepseek = config.listening("deepseek");
        assertEquals(Listening.DEFAULT_SIGNALS, deepseek.signals());
        assertTrue(deepseek.isBan(403) && deepseek.isBan(418));
        assertEquals(4, limiter(config, "deepseek").concurrency());
        assertEquals(0, limiter(config, "upbit").concurrency(), "no cap unless asked");
        assertTrue(config.listening("quiet").signals().isEmpty());
    }

    @Test
    void theBreakerIsOnByDefaultAndConfigurablePerLimiter() throws Exception {
        RulesConfig config = RulesParser.parse("r", String.join("\n",
                "defaults.breaker.open = 2m",
                "limiter.a.limits = 10/s",
                "limiter.a.breaker.failures = 3",
                "limiter.a.breaker.5xx = on",
                "limiter.a.breaker.connection-failures = on",
                "limiter.b.limits = 10/s",
                "limiter.b.breaker = off",
                "rule.r.match = x.com",
                "rule.r.limiter = a, b"));
        assertEquals(BreakerSpec.DEFAULT.withFailures(3).withOpenNanos(TimeUnit.MINUTES.toNanos(2))
                .withServerErrorsFail(true).withConnectionFailuresFail(true), limiter(config, "a").breaker());
        assertFalse(limiter(config, "b").breaker().enabled());
        assertFalse(BreakerSpec.DEFAULT.connectionFailuresFail(), "connection failures count only when asked");
        assertEquals(List.of("rules.properties:1: breaker.successes must be at least 1, was 0"),
                problems("limiter.a.breaker.successes = 0\nlimiter.a.limits = 1/s\nrule.r.match = x.com\nrule.r.limiter = a"));
        assertEquals(1, problems("limiter.a.breaker.connection-failures = sometimes\nlimiter.a.limits = 1/s\n"
                + "rule.r.match = x.com\nrule.r.limiter = a").size());
    }

    @Test
    void badSignalsBanStatusesAndConcurrencyAreLocated() {
        List<String> problems = problems(String.join("\n",
                "limiter.a.limits = 10/s",
                "limiter.a.signals = 429, upbti",
                "limiter.a.ban-status = 999",
                "limiter.a.concurrency = 0",
                "rule.r.match = x.com",
                "rule.r.limiter = a"));
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("rules.properties:2: unknown signal 'upbti' (did you mean 'upbit'?)"),
                problems.get(0));
        assertTrue(problems.get(1).startsWith("rules.properties:3: bad ban-status '999'"), problems.get(1));
        assertTrue(problems.get(2).startsWith("rules.properties:4: concurrency must be at least 1"), problems.get(2));
    }

    @Test
    void aStoreIsAFileForLimitersOfUnpartitionedRules() throws Exception {
        RulesConfig config = RulesParser.parse("r", "defaults.store = file:/tmp/zero429/shared\nlimiter.a.limits = 10/s burst 10\n"
                + "limiter.b.limits = 5/s\nlimiter.b.store = file: /var/run/b.zero429 \n"
                + "limiter.k.limits = 20/s\nlimiter.k.mode = window\n"
                + "rule.r.match = x.com\nrule.r.limiter = a, b, k");
        assertEquals("/tmp/zero429/shared", limiter(config, "a").storeFile());
        assertEquals("/var/run/b.zero429", limiter(config, "b").storeFile());
        assertEquals("/tmp/zero429/shared", limiter(config, "k").storeFile(), "window mode too");
        List<String> problems = problems(String.join("\n",
                "limiter.a.limits = 10/s",
                "limiter.a.store = redis://user:secret@127.0.0.1:6379/0",
                "limiter.b.limits = 20000/m",
                "limiter.b.mode = window",
                "limiter.b.store = file:/tmp/b",
                "limiter.c.limits = 1/s",
                "limiter.c.store = file:",
                "limiter.d.limits = 1/s",
                "limiter.d.store = /tmp/d",
                "limiter.e.limits = 1/s",
                "limiter.e.store = file:/tmp/e",
                "rule.r.match = x.com",
                "rule.r.limiter = a, b, c, d",
                "rule.p.match = y.com",
                "rule.p.limiter = e",
                "rule.p.key = header:X-Api-Key"));
        assertEquals(5, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("rules.properties:2: store: a password in the rules file is refused: give "
                + "it in ZERO429_REDIS_PASSWORD"), problems.get(0));
        assertFalse(String.join("\n", problems).contains("secret"), "a store address is never repeated");
        assertTrue(problems.get(1).startsWith("rules.properties:3: limiter 'b': a store shares window limits of at most "
                + "10000 requests in all"), problems.get(1));
        assertTrue(problems.get(2).startsWith("rules.properties:7: store file: names no file"), problems.get(2));
        assertTrue(problems.get(3).startsWith("rules.properties:9: bad store: expected file:PATH"), problems.get(3));
        assertTrue(problems.get(4).startsWith("rules.properties:16: rule 'p' is partitioned (key), and limiter 'e' "
                + "has a file store: partitions are shared through a Redis store only"), problems.get(4));
    }

    @Test
    void aRedisStoreTakesAnAddressATimeoutAndAFallbackShareAndNeverAPassword() throws Exception {
        RulesConfig config = RulesParser.parse("r", "defaults.store = redis://cache.internal\n"
                + "limiter.a.limits = 10/s burst 10\nlimiter.a.store.timeout = 20ms\nlimiter.a.store.fallback-share = 1/4\n"
                + "limiter.b.limits = 5/s\nlimiter.b.store = rediss://bot@10.0.0.5:6380/2\n"
                + "limiter.c.limits = 5/s\nlimiter.c.store = file:/tmp/c\n"
                + "rule.r.match = x.com\nrule.r.limiter = a, c\nrule.s.match = y.com\nrule.s.limiter = b");
        assertEquals("redis://cache.internal:6379/0", limiter(config, "a").storeRedis());
        assertEquals(TimeUnit.MILLISECONDS.toNanos(20), limiter(config, "a").storeTimeoutNanos());
        assertEquals(250_000, limiter(config, "a").storeFallbackSharePpm());
        assertEquals("rediss://bot@10.0.0.5:6380/2", limiter(config, "b").storeRedis());
        assertEquals(LimiterSpec.DEFAULT_STORE_TIMEOUT_NANOS, limiter(config, "b").storeTimeoutNanos());
        assertEquals(0, limiter(config, "b").storeFallbackSharePpm(), "1/N of the live processes");
        assertEquals(null, limiter(config, "c").storeRedis());
        assertEquals("/tmp/c", limiter(config, "c").storeFile());
        List<String> problems = problems(String.join("\n",
                "limiter.a.limits = 10/s",
                "limiter.a.store = redis://:hunter2@127.0.0.1",
                "limiter.b.limits = 10/s",
                "limiter.b.store = redis://127.0.0.1:99999",
                "limiter.c.limits = 10/s",
                "limiter.c.store = redis://127.0.0.1/zero",
                "limiter.d.limits = 10/s",
                "limiter.d.store = redis://127.0.0.1?password=hunter2",
                "limiter.e.limits = 10/s",
                "limiter.e.store = redis://127.0.0.1",
                "limiter.e.store.fallback-share = 0",
                "limiter.f.limits = 10/s",
                "limiter.f.store = redis://127.0.0.1",
                "limiter.f.store.timeout = 1m",
                "limiter.g.limits = 10/s",
                "limiter.g.store = redis://127.0.0.1",
                "limiter.h.limits = 10/s",
                "limiter.h.store = redis://127.0.0.1",
                "rule.r.match = x.com",
                "rule.r.limiter = g, h"));
        assertEquals(7, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("rules.properties:2: store: a password in the rules file is refused"),
                problems.get(0));
        assertTrue(problems.get(1).startsWith("rules.properties:4: "), problems.get(1));
        assertTrue(problems.get(2).startsWith("rules.properties:6: store: the Redis database must be a number"),
                problems.get(2));
        assertTrue(problems.get(3).startsWith("rules.properties:8: store: a Redis address takes no query"),
                problems.get(3));
        assertTrue(problems.get(4).startsWith("rules.properties:11: bad store.fallback-share '0'"), problems.get(4));
        assertTrue(problems.get(5).startsWith("rules.properties:12: "), problems.get(5));
        assertTrue(problems.get(5).contains("store.timeout must be 1ms..10s"), problems.get(5));
        assertTrue(problems.get(6).startsWith("rules.properties:20: rule 'r' names 2 limiters with a Redis store"),
                problems.get(6));
        assertFalse(String.join("\n", problems).contains("hunter2"), "a store address is never repeated");
    }

    @Test
    void aPartitionedRuleOnARedisStoreNeedsTheDeploymentsSecret() {
        assumeFalse(PartitionKey.deploymentWide(), "ZERO429_PARTITION_SECRET is set where these tests run");
        List<String> problems = problems(String.join("\n",
                "limiter.g.limits = 10/s",
                "limiter.g.store = redis://127.0.0.1",
                "rule.p.match = y.com",
                "rule.p.limiter = g",
                "rule.p.key = header:X-Api-Key"));
        // Without it each process would hash a key its own way, and a partition would be one schedule per process.
        assertEquals(List.of("rules.properties:5: rule 'p' is partitioned (key), and limiter 'g' has a Redis store: "
                + "set ZERO429_PARTITION_SECRET (or -Dzero429.partition.secret), the same in every process, so that "
                + "each partition's schedule is one in the store (the values are hashed with it, never stored in "
                + "clear)"), problems);
    }

    @Test
    void aFileWithThreeMistakesGetsThreeMessages() {
        List<String> problems = problems(String.join("\n",
                "limiter.kis.limts = 18/s",              // line 1: unknown key
                "limiter.kis.limits = 18/x",             // line 2: bad unit
                "rule.kis.match = openapi.koreainvestment.com/**",
                "rule.kis.limiter = kiss"));             // line 4: unknown limiter
        assertEquals(3, problems.size(), problems.toString());
        assertEquals("rules.properties:1: unknown key 'limiter.kis.limts'; did you mean limiter.kis.limits?",
                problems.get(0));
        assertTrue(problems.get(1).startsWith("rules.properties:2: bad duration '1x': unknown unit 'x'"),
                problems.get(1));
        assertEquals("rules.properties:4: unknown limiter 'kiss'; did you mean kis?", problems.get(2));
    }

    @Test
    void eachKindOfMistakeIsReportedWithItsLine() {
        assertEquals(List.of("rules.properties:1: limiter 'a' has no limits; did you mean limiter.a.limits?"),
                problems("limiter.a.mode = window\nrule.r.match = x.com\nrule.r.limiter = a"));
        assertEquals(List.of("rules.properties:1: bad limit '10': expected COUNT/WINDOW [burst B], e.g. '10/s burst 10' or '1/2s'"),
                problems("limiter.a.limits = 10\nrule.r.match = x.com\nrule.r.limiter = a"));
        assertTrue(problems("limiter.a.limits = 10/s burst 11\nrule.r.match = x.com\nrule.r.limiter = a").get(0)
                .contains("burst 11 is larger than the count 10"));
        assertTrue(problems("limiter.a.limits = 10/s\nlimiter.a.mode = sliding\nrule.r.match = x.com\nrule.r.limiter = a")
                .get(0).startsWith("rules.properties:2: bad mode 'sliding'"));
        assertTrue(problems("limiter.a.limits = 10/s\nlimiter.a.margin = 2\nrule.r.match = x.com\nrule.r.limiter = a")
                .get(0).startsWith("rules.properties:2: bad percentage '2'"));
        assertTrue(problems("limiter.a.limits = 10/s\nlimiter.a.max-wait = 30\nrule.r.match = x.com\nrule.r.limiter = a")
                .get(0).contains("missing unit"));
        assertEquals(List.of("rules.properties:2: rule 'r' names no limiter; did you mean rule.r.limiter?"),
                problems("limiter.a.limits = 10/s\nrule.r.match = x.com"));
        assertTrue(problems("limiter.a.limits = 10/s\nrule.r.match = x.com\nrule.r.limiter = a:0").get(0)
                .contains("cost of 'a' must be at least 1"));
        assertTrue(problems("limiter.a.limits = 10/s\nrule.r.match = https://x.com/a\nrule.r.limiter = a").get(0)
                .contains("leave out the scheme"));
        assertTrue(problems("limiter.a.limits = 10/s\nrule.r.match = x.com:99999\nrule.r.limiter = a").get(0)
                .contains("bad port '99999'"));
        assertTrue(problems("limiter.a.limits = 10/s\nrule.r.match = x.com\nrule.r.limiter = a\nrule.r.key = cookie:x")
                .get(0).startsWith("rules.properties:4: bad key 'cookie:x'"));
        assertEquals(List.of("rules.properties:3: 'limiter.a.limits' is given twice (also on line 1); keep one"),
                problems("limiter.a.limits = 10/s\nrule.r.match = x.com\nlimiter.a.limits = 20/s\nrule.r.limiter = a"));
        assertTrue(problems("defaults.limits = 10/s").get(0).contains("limits cannot have a default"));
        assertTrue(problems("limiter.a.limits = 99999999999999999999/s\nrule.r.match = x.com\nrule.r.limiter = a")
                .get(0).contains("not a whole number"));
    }

    @Test
    void anUnreachableRuleIsAnError() {
        List<String> problems = problems(String.join("\n",
                "limiter.a.limits = 10/s",
                "rule.all.match = api.upbit.com/v1/**",
                "rule.all.limiter = a",
                "rule.quote.match = GET api.upbit.com/v1/ticker*",
                "rule.quote.limiter = a"));
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).startsWith("rules.properties:4: rule 'quote' can never match: rule 'all' (line 2)"),
                problems.get(0));
    }

    @Test
    void narrowerRulesFirstAreFine() throws Exception {
        RulesConfig config = RulesParser.parse("r", String.join("\n",
                "limiter.a.limits = 10/s",
                "rule.quote.match = GET api.upbit.com/v1/ticker*",
                "rule.quote.limiter = a",
                "rule.post.match = POST api.upbit.com/v1/**",
                "rule.post.limiter = a",
                "rule.port.match = api.upbit.com:8443/v1/**",
                "rule.port.limiter = a",
                "rule.all.match = api.upbit.com/v1/**",
                "rule.all.limiter = a"));
        assertEquals(4, config.rules().size());
    }

    @Test
    void anUnusedLimiterIsAWarningNotAnError() throws Exception {
        RulesConfig config = RulesParser.parse("r", "limiter.a.limits = 10/s\nlimiter.b.limits = 1/s\n"
                + "rule.r.match = x.com\nrule.r.limiter = a");
        assertEquals(List.of("r:2: limiter 'b' is not used by any rule"),
                config.warnings().stream().map(Problem::toString).collect(Collectors.toList()));
    }

    @Test
    void propertiesSyntaxContinuationsEscapesAndSeparators() throws Exception {
        RulesConfig config = RulesParser.parse("r", String.join("\n",
                "! a comment",
                "   # another",
                "limiter.a.limits: 10/s, \\",
                "     600/m",
                "limiter.a.mode window",
                "rule.r.match = GET x.com/a, \\",
                "    GET x.com/b",
                "rule.r.limiter=a"));
        assertEquals(2, config.limiters().get(0).limits().size());
        assertEquals(LimitMode.WINDOW, config.limiters().get(0).mode());
        assertEquals(2, config.rules().get(0).patterns().size());
        assertEquals(6, config.rules().get(0).line());
    }

    @Test
    void noRulesAtAllIsAnEmptyConfiguration() throws Exception {
        RulesConfig config = RulesParser.parse("empty", "# nothing\n");
        assertEquals(0, config.rules().size());
        assertNull(config.match("GET", "x.com", 443, "/"));
    }

    @Test
    void theExampleHasNoProblemsAndMatchesItsOwnKeys() throws Exception {
        assertNotNull(parseExample());
    }
}
