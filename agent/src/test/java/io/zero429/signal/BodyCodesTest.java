package io.zero429.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zero429.signal.BodyCodes.Kind;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BodyCodesTest {
    static final String KIS = "{\"rt_cd\":\"1\",\"msg_cd\":\"EGW00201\",\"msg1\":\"초당 거래건수를 초과하였습니다.\"}";
    static final String GEMINI_PER_DAY = "{\"error\":{\"code\":429,\"status\":\"RESOURCE_EXHAUSTED\",\"message\":\"...Please "
            + "retry in 19.42s.\",\n  \"details\":[{\"@type\":\"type.googleapis.com/google.rpc.QuotaFailure\",\"violations\":"
            + "[{\"quotaMetric\":\"generativelanguage.googleapis.com/generate_content_free_tier_requests\","
            + "\"quotaId\":\"GenerateRequestsPerDayPerProjectPerModel-FreeTier\",\"quotaValue\":\"20\"}]},"
            + "{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"19s\"}]}}";
    static final String GEMINI_PER_MINUTE = "{\n  \"error\": {\n    \"code\": 429,\n    \"status\": \"RESOURCE_EXHAUSTED\",\n"
            + "    \"details\": [\n      {\"quotaId\": \"GenerateRequestsPerMinutePerProjectPerModel-FreeTier\"},\n"
            + "      {\"@type\": \"type.googleapis.com/google.rpc.RetryInfo\", \"retryDelay\": \"45.837906927s\"}\n    ]\n  }\n}";
    static final String BINANCE = "{\"code\":-1003,\"msg\":\"Too much request weight used; current limit is 6000 request "
            + "weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.\"}";

    @Test
    void kisOverRate() {
        assertEquals(Kind.KIS_OVER_RATE, BodyCodes.scan(KIS).kind());
        assertEquals(Kind.KIS_OVER_RATE, BodyCodes.scan("{\"rt_cd\" : \"1\", \"msg_cd\"\t:\n \"EGW00201\"").kind(),
                "white space around ':' and a cut-off body");
        assertEquals(Kind.NONE, BodyCodes.scan("{\"rt_cd\":\"0\",\"msg_cd\":\"MCA00000\",\"msg1\":\"OK\"}").kind());
        assertEquals(Kind.NONE, BodyCodes.scan("{\"error_code\":\"EGW00133\"}").kind(), "the token limit is another code");
    }

    @Test
    void geminiPerDayQuota() {
        BodyCodes c = BodyCodes.scan(GEMINI_PER_DAY);
        assertEquals(Kind.GEMINI_RESOURCE_EXHAUSTED, c.kind());
        assertEquals(TimeUnit.SECONDS.toNanos(19), c.retryDelayNanos());
        assertTrue(c.perDayQuota());
    }

    @Test
    void geminiPerMinuteQuotaWithFractionalDelay() {
        BodyCodes c = BodyCodes.scan(GEMINI_PER_MINUTE);
        assertEquals(Kind.GEMINI_RESOURCE_EXHAUSTED, c.kind());
        assertEquals(45_837_906_927L, c.retryDelayNanos());
        assertFalse(c.perDayQuota());
    }

    @Test
    void geminiWithoutOrWithBadRetryInfo() {
        assertEquals(-1, BodyCodes.scan("{\"error\":{\"code\":429,\"status\":\"RESOURCE_EXHAUSTED\"}}").retryDelayNanos());
        assertEquals(-1, BodyCodes.scan("{\"status\":\"RESOURCE_EXHAUSTED\",\"retryDelay\":\"19\"}").retryDelayNanos());
        assertEquals(-1, BodyCodes.scan("{\"status\":\"RESOURCE_EXHAUSTED\",\"retryDelay\":\"-1s\"}").retryDelayNanos());
        assertEquals(-1, BodyCodes.scan("{\"status\":\"RESOURCE_EXHAUSTED\",\"retryDelay\":\"19s").retryDelayNanos(), "cut off");
        assertEquals(TimeUnit.DAYS.toNanos(1),
                BodyCodes.scan("{\"status\":\"RESOURCE_EXHAUSTED\",\"retryDelay\":\"99999999999999999999s\"}").retryDelayNanos());
        assertEquals(TimeUnit.SECONDS.toNanos(52758),
                BodyCodes.scan("{\"status\":\"RESOURCE_EXHAUSTED\",\"retryDelay\":\"52758s\"}").retryDelayNanos());
    }

    @Test
    void binanceTooMuchWeight() {
        assertEquals(Kind.BINANCE_TOO_MUCH_WEIGHT, BodyCodes.scan(BINANCE).kind());
        assertEquals(Kind.BINANCE_TOO_MUCH_WEIGHT, BodyCodes.scan("{\"code\" : -1003 }").kind());
        assertEquals(Kind.NONE, BodyCodes.scan("{\"code\":-1015,\"msg\":\"Too many new orders\"}").kind());
        assertEquals(Kind.NONE, BodyCodes.scan("{\"code\":-10030}").kind());
        assertEquals(Kind.NONE, BodyCodes.scan("{\"code\":-1003").kind(), "cut off: could be -10030");
        assertEquals(Kind.NONE, BodyCodes.scan("{\"code\":\"-10031\"}").kind());
    }

    @Test
    void codesAfterTheScannedPrefixAreNotSeen() {
        String padding = "{\"pad\":\"" + "x".repeat(BodyCodes.MAX_SCANNED) + "\",";
        assertEquals(Kind.NONE, BodyCodes.scan(padding + "\"code\":-1003}").kind());
    }

    @Test
    void garbageIsNone() {
        for (String bad : new String[] {null, "", "   ", "<html>429 Too Many Requests</html>", "\"msg_cd\"", "\"msg_cd\":",
            "\"msg_cd\":\"EGW0020", "msg_cd:EGW00201", "{\"msg_cd\":\"EGW00201X\"}", "{\"status\":\"resource_exhausted\"}",
            "{\"msg_cd\":\"\\\"EGW00201\"}", "\uD800\"code\":\uDFFF-1003}", "\"\"\"\"::::"}) {
            BodyCodes c = BodyCodes.scan(bad);
            assertEquals(Kind.NONE, c.kind(), String.valueOf(bad));
            assertEquals(-1, c.retryDelayNanos());
            assertFalse(c.perDayQuota());
        }
    }
}
