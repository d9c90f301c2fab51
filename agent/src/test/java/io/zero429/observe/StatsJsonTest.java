package io.zero429.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
// The JSON parser inside wiremock-standalone (a test dependency): only to check the document is valid JSON.
import wiremock.com.fasterxml.jackson.databind.JsonNode;
import wiremock.com.fasterxml.jackson.databind.ObjectMapper;

class StatsJsonTest {
    @TempDir
    Path dir;

    @Test
    void everyLimiterAndRuleWithTheirFiguresAsValidJson() throws Exception {
        ObservedEngine observed = new ObservedEngine()
                .request("ticker", TimeUnit.MILLISECONDS.toNanos(20), 200)
                .request("orders", 0, 418);
        Path file = dir.resolve("stats.json");
        StatsFile.write(file, observed.statistics());
        JsonNode json = new ObjectMapper().readTree(Files.readString(file));
        assertEquals(3, json.get("limiters").size());
        assertEquals(4, json.get("rules").size());
        JsonNode market = json.get("limiters").get(0);
        assertEquals("market", market.get("name").asText());
        assertEquals(2, market.get("requests").asLong());
        assertEquals(1, market.get("delayed").asLong());
        assertEquals(0.02, market.get("wait_seconds").get("max").asDouble(), 1e-9);
        assertEquals(1, market.get("signals").get("ban").asLong());
        assertEquals("ban", market.get("last_signal").get("kind").asText());
        assertEquals(418, market.get("last_signal").get("status").asInt());
        assertTrue(market.get("paused_seconds").asDouble() > 100);
        assertTrue(json.get("limiters").get(2).get("last_signal").isNull());
        assertEquals("orders", json.get("rules").get(1).get("name").asText());
        assertEquals(1, json.get("rules").get(1).get("signals").get("ban").asLong());
        assertTrue(Instant.parse(json.get("written").asText()).isAfter(Instant.now().minusSeconds(60)));
    }

    @Test
    void namesAreEscaped() throws Exception {
        WaitHistogram.Snapshot none = WaitHistogram.Snapshot.EMPTY;
        FlowFigures odd = new FlowFigures("a\"b\\c\nd\u0001", none, 0, 0, 0, 0,
                new long[SignalType.values().length], null, null);
        String text = StatsJson.render(List.of(), List.of(odd), Instant.EPOCH);
        JsonNode json = new ObjectMapper().readTree(text);
        assertEquals("a\"b\\c\nd\u0001", json.get("rules").get(0).get("name").asText());
        assertEquals(0, json.get("limiters").size());
    }
}
