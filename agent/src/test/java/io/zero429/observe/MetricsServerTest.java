package io.zero429.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The endpoint, in-process: GET /metrics answers the exposition with its content type, on a daemon thread. */
class MetricsServerTest {
    @Test
    void servesTheExpositionOnLoopback() throws Exception {
        ObservedEngine observed = new ObservedEngine().request("ticker", 0, 200);
        MetricsServer server = MetricsServer.start(Observability.DEFAULT_METRICS_HOST, 0, observed::statistics);
        try {
            HttpURLConnection get = (HttpURLConnection) new URL("http://127.0.0.1:" + server.port() + "/metrics")
                    .openConnection();
            assertEquals(200, get.getResponseCode());
            assertEquals(PrometheusText.CONTENT_TYPE, get.getContentType());
            String body;
            try (InputStream in = get.getInputStream()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            assertEquals(1.0, PrometheusTextTest.parse(body).get("zero429_requests_total{limiter=\"market\"}"));
            HttpURLConnection post = (HttpURLConnection) new URL("http://127.0.0.1:" + server.port() + "/metrics")
                    .openConnection();
            post.setRequestMethod("POST");
            assertEquals(405, post.getResponseCode());
            HttpURLConnection other = (HttpURLConnection) new URL("http://127.0.0.1:" + server.port() + "/")
                    .openConnection();
            assertEquals(404, other.getResponseCode());
            assertTrue(Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("zero429-metrics")).allMatch(Thread::isDaemon),
                    "the endpoint never keeps the JVM alive");
        } finally {
            server.stop();
        }
    }
}
