package io.zero429.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.Test;

class MatchingTest {
    private final RulesConfig example;

    MatchingTest() throws Exception {
        example = RulesParserTest.parseExample();
    }

    private String rule(String method, String url) {
        Rule rule = example.match(method, URI.create(url));
        return rule == null ? null : rule.name();
    }

    @Test
    void theExampleRoutesEachApiToItsRule() {
        assertEquals("upbit-quote", rule("GET", "https://api.upbit.com/v1/candles/minutes/1"));
        assertEquals("upbit-quote", rule("GET", "https://api.upbit.com/v1/ticker?markets=KRW-BTC"));
        assertEquals("upbit-quote", rule("GET", "https://api.upbit.com/v1/tickers"));
        assertEquals("upbit-quote", rule("GET", "https://api.upbit.com/v1/candles"));
        assertEquals("upbit-order", rule("POST", "https://api.upbit.com/v1/orders"));
        assertEquals("upbit-order", rule("DELETE", "https://api.upbit.com/v1/order?uuid=1"));
        assertEquals("upbit-rest", rule("GET", "https://api.upbit.com/v1/accounts"));
        assertEquals("upbit-rest", rule("GET", "https://api.upbit.com/v1/orders"), "GET is not an order");
        assertEquals("kis", rule("GET", "https://openapi.koreainvestment.com:9443/uapi/domestic-stock/v1/quotations"));
        assertNull(rule("GET", "https://openapi.koreainvestment.com/uapi/x"), "port 443 is not 9443");
        assertEquals("gemini", rule("POST", "https://generativelanguage.googleapis.com/v1beta/models/x:generateContent"));
        assertNull(rule("GET", "https://generativelanguage.googleapis.com/v1beta/models"));
        assertEquals("binance-depth", rule("GET", "https://api.binance.com/api/v3/depth?symbol=BTCUSDT&limit=100"));
        assertEquals(5, example.match("GET", URI.create("https://api.binance.com/api/v3/depth")).limiters().get(0).cost());
        assertEquals("binance", rule("GET", "https://api.binance.com/api/v3/ticker/price"));
        assertNull(rule("GET", "https://example.com/"));
    }

    @Test
    void hostsMatchInAnyCaseAndPortsOnlyWhenGiven() {
        assertEquals("upbit-quote", rule("get", "https://API.Upbit.COM/v1/ticker"));
        assertEquals("upbit-quote", rule("GET", "http://api.upbit.com:8080/v1/ticker"));
        assertNull(example.match("GET", "api.upbit.com.evil.com", 443, "/v1/ticker"));
    }

    @Test
    void singleStarStaysWithinASegment() {
        assertTrue(PathGlob.parse("/v1/ticker*").matches("/v1/ticker"));
        assertTrue(PathGlob.parse("/v1/ticker*").matches("/v1/tickers"));
        assertFalse(PathGlob.parse("/v1/ticker*").matches("/v1/ticker/all"));
        assertTrue(PathGlob.parse("/a/*/c").matches("/a/b/c"));
        assertFalse(PathGlob.parse("/a/*/c").matches("/a/b/x/c"));
        assertTrue(PathGlob.parse("/a/*x*y/c").matches("/a/1x2x3y/c"));
    }

    @Test
    void doubleStarMatchesAnyNumberOfSegmentsIncludingNone() {
        PathGlob glob = PathGlob.parse("/v1/candles/**");
        assertTrue(glob.matches("/v1/candles"));
        assertTrue(glob.matches("/v1/candles/"));
        assertTrue(glob.matches("/v1/candles/minutes/1"));
        assertFalse(glob.matches("/v1/candlesticks"));
        assertTrue(PathGlob.parse("/a/**/z").matches("/a/z"));
        assertTrue(PathGlob.parse("/a/**/z").matches("/a/b/c/z"));
        assertFalse(PathGlob.parse("/a/**/z").matches("/a/b/c/y"));
        assertTrue(PathGlob.parse("/**").matches(""));
    }

    @Test
    void queryAndFragmentAreNotPartOfThePath() {
        assertTrue(PathGlob.parse("/api/v3/depth").matches("/api/v3/depth?symbol=BTCUSDT"));
        assertTrue(PathGlob.parse("/api/v3/depth").matches("/api/v3/depth#x"));
        assertFalse(PathGlob.parse("/api/v3/depth").matches("/api/v3/depth/more"));
    }

    @Test
    void coverageForUnreachableRules() {
        assertTrue(RequestPattern.parse("GET a.com/v1/x").isCoveredBy(RequestPattern.parse("a.com/v1/**")));
        assertTrue(RequestPattern.parse("GET a.com/v1/x").isCoveredBy(RequestPattern.parse("GET|POST A.com")));
        assertFalse(RequestPattern.parse("a.com/v1/x").isCoveredBy(RequestPattern.parse("GET a.com/v1/**")));
        assertFalse(RequestPattern.parse("a.com/v1/x").isCoveredBy(RequestPattern.parse("a.com:443/v1/**")));
        assertFalse(RequestPattern.parse("a.com/v1/x").isCoveredBy(RequestPattern.parse("a.com/v1/*/**")));
        assertFalse(RequestPattern.parse("a.com/v2/x").isCoveredBy(RequestPattern.parse("a.com/v1/**")));
    }
}
