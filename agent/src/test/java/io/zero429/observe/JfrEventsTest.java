package io.zero429.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's work on a JFR timeline: a recording sees delays, signals and rate changes. */
class JfrEventsTest {
    @TempDir
    Path dir;

    @Test
    void aRecordingSeesDelaysSignalsAndRatioChanges() throws Exception {
        ObservedEngine observed = new ObservedEngine();
        List<RecordedEvent> events;
        try (Recording recording = new Recording()) {
            recording.enable("io.zero429.Delay");
            recording.enable("io.zero429.Signal");
            recording.enable("io.zero429.RatioChange");
            recording.start();
            observed.request("ticker", TimeUnit.MILLISECONDS.toNanos(250), 200)
                    .request("ticker", 0, 200)
                    .request("orders", 0, 429);
            recording.stop();
            Path file = dir.resolve("zero429.jfr");
            recording.dump(file);
            events = RecordingFile.readAllEvents(file);
        }
        List<RecordedEvent> delays = named(events, "io.zero429.Delay");
        assertEquals(1, delays.size(), "one event per delayed request, none for a request that did not wait");
        assertEquals("ticker", delays.get(0).getString("rule"));
        assertEquals("market", delays.get(0).getString("limiters"));
        assertEquals(Duration.ofMillis(250), delays.get(0).getDuration("wait"));

        List<RecordedEvent> signals = named(events, "io.zero429.Signal");
        assertEquals(List.of("market", "account"),
                signals.stream().map(e -> e.getString("limiter")).sorted((a, b) -> b.compareTo(a))
                        .collect(Collectors.toList()));
        assertEquals("429", signals.get(0).getString("kind"));
        assertEquals(429, signals.get(0).getInt("status"));

        List<RecordedEvent> ratios = named(events, "io.zero429.RatioChange");
        assertEquals(2, ratios.size(), "both limiters of the rule cut their rate");
        assertEquals(1.0, ratios.get(0).getDouble("before"));
        assertTrue(ratios.get(0).getDouble("after") < 1.0);
    }

    private static List<RecordedEvent> named(List<RecordedEvent> events, String name) {
        return events.stream().filter(e -> e.getEventType().getName().equals(name)).collect(Collectors.toList());
    }
}
