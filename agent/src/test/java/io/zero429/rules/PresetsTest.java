package io.zero429.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zero429.limit.LimitMode;
import io.zero429.limit.LimitSpec;
import io.zero429.limit.LimiterSpec;
import io.zero429.signal.SignalKind;
import java.net.URI;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The shipped presets, and how {@code preset = ...} combines them with a file's own keys and rules. */
class PresetsTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);
    private static final long DAY = TimeUnit.DAYS.toNanos(1);

    private static RulesConfig preset(String names) throws RulesException {
        return RulesParser.parse("rules.properties", "preset = " + names + "\n");
    }

    private static LimiterSpec limiter(RulesConfig config, String name) {
        return config.limiters().stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow();
    }

    private static List<String> ruleNames(RulesConfig config) {
        return config.rules().stream().map(Rule::name).collect(Collectors.toList());
    }

    /** The rule and limiters (with costs) a request gets: {@code upbit-order -> upbit-order}. */
    private static String route(RulesConfig config, String method, String url) {
        Rule rule = config.match(method, URI.create(url));
        return rule == null ? "none" : rule.name() + " -> " + rule.limiters().stream().map(LimiterRef::toString)
                .collect(Collectors.joining(", "));
    }

    private static List<String> problems(String text) {
        RulesException e = assertThrows(RulesException.class, () -> RulesParser.parse("rules.properties", text));
        return e.problems().stream().map(Problem::toString).collect(Collectors.toList());
    }

    @Test
    void everyPresetParsesCleanlyStatesItsSourceAndUsesOnlyItsOwnNames() throws Exception {
        for (String name : Presets.NAMES) {
            RulesConfig config = preset(name);
            assertEquals(List.of(), config.warnings(), name);
            assertFalse(config.rules().isEmpty(), name);
            assertFalse(Presets.description(name).isEmpty(), name);
            assertTrue(Presets.sources(name).stream().anyMatch(s -> s.contains("https://")), name);
            assertTrue(Presets.checked(name).matches("\\d{4}-\\d{2}-\\d{2}"), name);
            for (LimiterSpec spec : config.limiters()) {
                assertTrue(spec.name().equals(name) || spec.name().startsWith(name + "-"), spec.name());
            }
            for (Rule rule : config.rules()) {
                assertTrue(rule.name().equals(name) || rule.name().startsWith(name + "-"), rule.name());
                assertEquals(Presets.sourceName(name), rule.source(), "rules are located in the preset");
            }
        }
    }

    @Test
    void allPresetsCombineWithoutClashes() throws Exception {
        RulesConfig all = preset(String.join(", ", Presets.NAMES));
        int limiters = 0;
        int rules = 0;
        for (String name : Presets.NAMES) {
            limiters += preset(name).limiters().size();
            rules += preset(name).rules().size();
        }
        assertEquals(limiters, all.limiters().size());
        assertEquals(rules, all.rules().size());
        assertEquals(Presets.NAMES, all.presets());
    }

    @Test
    void upbitGroupsOrdersAndRemainingReq() throws Exception {
        RulesConfig upbit = preset("upbit");
        assertEquals(List.of(new LimitSpec(10, SECOND, 10)), limiter(upbit, "upbit-ticker").limits());
        assertEquals(List.of(new LimitSpec(12, SECOND, 12)), limiter(upbit, "upbit-order").limits(),
                "12/s since 2026-08-21");
        assertEquals(List.of(new LimitSpec(1, 2 * SECOND, 1)), limiter(upbit, "upbit-cancel-all").limits());
        assertEquals(List.of(new LimitSpec(30, SECOND, 30)), limiter(upbit, "upbit-default").limits());
        assertEquals(EnumSet.of(SignalKind.STATUS_429, SignalKind.RETRY_AFTER, SignalKind.UPBIT),
                upbit.listening("upbit-order").signals());
        assertTrue(upbit.listening("upbit-ticker").isBan(418));
        assertEquals("upbit-ticker -> upbit-ticker", route(upbit, "GET", "https://api.upbit.com/v1/ticker?markets=KRW-BTC"));
        assertEquals("upbit-candle -> upbit-candle", route(upbit, "GET", "https://api.upbit.com/v1/candles/minutes/1"));
        assertEquals("upbit-cancel-all -> upbit-cancel-all", route(upbit, "DELETE", "https://api.upbit.com/v1/orders/open"));
        assertEquals("upbit-order -> upbit-order", route(upbit, "POST", "https://api.upbit.com/v1/orders"));
        assertEquals("upbit-order -> upbit-order",
                route(upbit, "POST", "https://api.upbit.com/v1/orders/cancel_and_new"));
        assertEquals("upbit-default -> upbit-default", route(upbit, "DELETE", "https://api.upbit.com/v1/order?uuid=x"));
        assertEquals("upbit-default -> upbit-default", route(upbit, "GET", "https://api.upbit.com/v1/accounts"));
    }

    @Test
    void kisCountsInWindowsPerAppkeyAndTokensOncePerMinute() throws Exception {
        RulesConfig kis = preset("kis");
        assertEquals(List.of(new LimitSpec(18, SECOND, 1)), limiter(kis, "kis-real").limits());
        assertEquals(List.of(new LimitSpec(1, SECOND, 1)), limiter(kis, "kis-paper").limits());
        assertEquals(List.of(new LimitSpec(1, MINUTE, 1)), limiter(kis, "kis-token").limits());
        for (LimiterSpec spec : kis.limiters()) {
            assertEquals(LimitMode.WINDOW, spec.mode(), spec.name());
            assertTrue(kis.listening(spec.name()).listensTo(SignalKind.KIS_BODY), spec.name());
        }
        assertEquals("kis-token -> kis-token",
                route(kis, "POST", "https://openapi.koreainvestment.com:9443/oauth2/tokenP"));
        assertEquals("kis-paper-token -> kis-paper-token",
                route(kis, "POST", "https://openapivts.koreainvestment.com:29443/oauth2/tokenP"));
        Rule real = kis.match("GET", URI.create(
                "https://openapi.koreainvestment.com:9443/uapi/domestic-stock/v1/quotations/inquire-price"));
        assertEquals("kis-real", real.name());
        assertEquals("appkey", real.key().header());
        assertEquals("kis-paper", kis.match("GET", URI.create("https://openapivts.koreainvestment.com:29443/uapi/x"))
                .name());
    }

    @Test
    void geminiFreeIsPerModelPerMinuteAndDayInWindowMode() throws Exception {
        RulesConfig gemini = preset("gemini-free");
        assertEquals(List.of(new LimitSpec(5, MINUTE, 1), new LimitSpec(100, DAY, 1)),
                limiter(gemini, "gemini-free-pro").limits());
        assertEquals(List.of(new LimitSpec(10, MINUTE, 1), new LimitSpec(20, DAY, 1)),
                limiter(gemini, "gemini-free-flash").limits());
        for (LimiterSpec spec : gemini.limiters()) {
            assertEquals(LimitMode.WINDOW, spec.mode(), spec.name());
            assertTrue(gemini.listening(spec.name()).listensTo(SignalKind.GEMINI_BODY), spec.name());
        }
        String models = "https://generativelanguage.googleapis.com/v1beta/models/";
        assertEquals("gemini-free-flash-lite -> gemini-free-flash-lite",
                route(gemini, "POST", models + "gemini-2.5-flash-lite:generateContent?key=k"));
        assertEquals("gemini-free-flash -> gemini-free-flash",
                route(gemini, "POST", models + "gemini-2.5-flash:streamGenerateContent?alt=sse"));
        assertEquals("gemini-free-pro -> gemini-free-pro", route(gemini, "POST", models + "gemini-2.5-pro:generateContent"));
        assertEquals("gemini-free-other -> gemini-free-other",
                route(gemini, "POST", models + "gemini-2.0-flash:generateContent"));
        assertEquals("none", route(gemini, "POST", models + "gemini-2.5-pro:countTokens"), "not a generate request");
        assertNull(gemini.rules().get(0).key(), "quotas are per project, not per key");
    }

    @Test
    void binanceSpotWeighsRequestsAndCountsOrders() throws Exception {
        RulesConfig binance = preset("binance-spot");
        assertEquals(List.of(new LimitSpec(6000, MINUTE, 100)), limiter(binance, "binance-spot-weight").limits());
        assertEquals(List.of(new LimitSpec(50, 10 * SECOND, 1)), limiter(binance, "binance-spot-orders").limits());
        assertEquals(EnumSet.of(SignalKind.STATUS_429, SignalKind.RETRY_AFTER, SignalKind.BINANCE_WEIGHT,
                SignalKind.BINANCE_BODY), binance.listening("binance-spot-weight").signals());
        assertTrue(binance.listening("binance-spot-weight").isBan(418));
        String api = "https://api.binance.com/api/v3/";
        assertEquals("binance-spot-depth -> binance-spot-weight:5", route(binance, "GET", api + "depth?symbol=BTCUSDT"));
        assertEquals("binance-spot-exchange-info -> binance-spot-weight:20", route(binance, "GET", api + "exchangeInfo"));
        assertEquals("binance-spot-trades -> binance-spot-weight:25", route(binance, "GET", api + "trades"));
        assertEquals("binance-spot-klines -> binance-spot-weight:2", route(binance, "GET", api + "klines"));
        assertEquals("binance-spot-account -> binance-spot-weight:20", route(binance, "GET", api + "account"));
        assertEquals("binance-spot-order -> binance-spot-weight, binance-spot-orders", route(binance, "POST", api + "order"));
        assertEquals("binance-spot -> binance-spot-weight", route(binance, "DELETE", api + "order"));
        assertEquals("binance-spot -> binance-spot-weight", route(binance, "GET", api + "ping"));
        assertEquals("none", route(binance, "GET", "https://api.binance.com/sapi/v1/capital/config/getall"));
    }

    @Test
    void openAiFollowsItsHeadersAndDeepSeekCapsConcurrency() throws Exception {
        RulesConfig openai = preset("openai");
        assertEquals(List.of(new LimitSpec(500, MINUTE, 1)), limiter(openai, "openai").limits());
        assertTrue(openai.listening("openai").listensTo(SignalKind.OPENAI));
        assertEquals("openai -> openai", route(openai, "POST", "https://api.openai.com/v1/chat/completions"));
        RulesConfig deepseek = preset("deepseek");
        assertEquals(500, limiter(deepseek, "deepseek").concurrency());
        assertEquals("deepseek -> deepseek", route(deepseek, "POST", "https://api.deepseek.com/chat/completions"));
        assertEquals("none", route(deepseek, "GET", "https://api.deepseek.com/user/balance"));
    }

    @Test
    void aFileMayBeOnlyAPresetAndTheFilesOwnKeysWinKeyByKey() throws Exception {
        RulesConfig config = RulesParser.parse("rules.properties", String.join("\n",
                "preset = upbit",
                "limiter.upbit-order.limits = 8/s burst 8",
                "defaults.max-wait = 5s"));
        assertEquals(List.of(new LimitSpec(8, SECOND, 8)), limiter(config, "upbit-order").limits());
        assertTrue(config.listening("upbit-order").listensTo(SignalKind.UPBIT), "the preset's other keys stay");
        assertEquals(5 * SECOND, limiter(config, "upbit-ticker").maxWaitNanos(), "the file's defaults apply");
        assertEquals(ruleNames(preset("upbit")), ruleNames(config), "overriding a key does not move a rule");
    }

    @Test
    void theFilesOwnRulesComeFirstSoTheyCanCarveOutExceptions() throws Exception {
        RulesConfig config = RulesParser.parse("rules.properties", String.join("\n",
                "preset = upbit",
                "rule.upbit-order.limiter = upbit-order, upbit-default",
                "limiter.withdraw.limits = 1/m",
                "rule.withdraw.match = POST api.upbit.com/v1/withdraws/**",
                "rule.withdraw.limiter = withdraw, upbit-default",
                "rule.other.match = example.com",
                "rule.other.limiter = withdraw"));
        List<String> names = ruleNames(config);
        assertEquals(List.of("withdraw", "other"), names.subList(0, 2));
        assertEquals(ruleNames(preset("upbit")), names.subList(2, names.size()), "overriding a key moves no rule");
        assertEquals("withdraw -> withdraw, upbit-default",
                route(config, "POST", "https://api.upbit.com/v1/withdraws/krw"));
        assertEquals("upbit-default -> upbit-default", route(config, "GET", "https://api.upbit.com/v1/withdraws"));
        assertEquals("upbit-order -> upbit-order, upbit-default", route(config, "POST", "https://api.upbit.com/v1/orders"));
        assertEquals("rules.properties:4", config.rules().get(0).where());
        assertTrue(config.rules().get(2).where().startsWith("preset upbit:"), "a preset rule stays located in it");
        assertEquals("withdraw", config.limiters().get(0).name(), "own limiters come first too");
        assertEquals(List.of(), config.warnings());
    }

    @Test
    void aPresetRuleReplacedByAnOwnRuleIsAWarningNotAnError() throws Exception {
        RulesConfig config = RulesParser.parse("rules.properties", String.join("\n",
                "preset = openai",
                "limiter.mine.limits = 1/s",
                "rule.mine.match = api.openai.com",
                "rule.mine.limiter = mine"));
        List<String> warnings = config.warnings().stream().map(Problem::toString).collect(Collectors.toList());
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).matches("preset openai:\\d+: rule 'openai' can never match: rule 'mine' "
                + "\\(rules.properties:3\\) comes first.*the file's own rules come before the presets'.*"),
                warnings.get(0));
    }

    @Test
    void anOwnRuleBehindAnOwnRuleIsStillAnError() {
        List<String> problems = problems(String.join("\n",
                "preset = upbit",
                "limiter.a.limits = 1/s",
                "rule.all.match = api.upbit.com",
                "rule.all.limiter = a",
                "rule.tick.match = GET api.upbit.com/v1/ticker",
                "rule.tick.limiter = a"));
        assertEquals(List.of("rules.properties:5: rule 'tick' can never match: rule 'all' (line 3) comes first and "
                + "matches all of its requests; rules are tried in file order, so put the narrower rule first"), problems);
    }

    @Test
    void anUnknownPresetIsLocatedWithASuggestion() {
        assertEquals(List.of("rules.properties:3: unknown preset 'upbti'; did you mean 'upbit'?"),
                problems("limiter.a.limits = 1/s\n# comment\npreset = kis, upbti\n"));
        assertEquals(List.of("rules.properties:1: unknown preset 'nasdaq' (known: "
                + String.join(", ", Presets.NAMES) + ")"), problems("preset = nasdaq"));
        assertEquals(List.of("rules.properties:1: preset 'kis' is named twice"), problems("preset = kis, kis"));
    }

    @Test
    void presetsAreGivenByOverridesWithTheUsualPrecedence() throws Exception {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("zero429.preset", "kis");
        props.put("zero429.limiter.kis-real.limits", "10/s");
        RulesConfig fromProperty = new RulesSource(props, null).load();
        assertEquals(List.of("kis"), fromProperty.presets());
        assertEquals(10, limiter(fromProperty, "kis-real").limits().get(0).count());

        RulesConfig fromArgument = new RulesSource(props, "preset=upbit, deepseek").load();
        assertEquals(List.of("upbit", "deepseek"), fromArgument.presets(), "agent arguments win over -D");

        RulesException e = assertThrows(RulesException.class, () -> new RulesSource(Map.of(), "preset=kiss").load());
        assertEquals("agent argument preset: unknown preset 'kiss'; did you mean 'kis'?",
                e.problems().get(0).toString());
    }

    @Test
    void anEmptyPresetOverrideDropsTheFilesPresets() throws Exception {
        RulesFile.Read file = RulesFile.settings("rules.properties", "preset = upbit\n");
        RulesConfig config = RulesParser.parse("rules.properties",
                file.with(List.of(new Setting("preset", "", "-Dzero429.preset", 0))));
        assertEquals(List.of(), config.presets());
        assertEquals(List.of(), config.limiters());
    }
}
