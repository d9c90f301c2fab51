import java.util.function.IntUnaryOperator;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.util.EntityUtils;

/**
 * Loaded by ForeignApp through a child URLClassLoader together with Apache HttpClient 4.5 (as a plugin or a Spring
 * Boot launcher would load it): times 12 requests to /child/**. Kept apart from ForeignApp.java: Java 22+ would
 * compile a source file lying beside it on demand, in the launcher's own class loader.
 */
public class ChildCalls implements IntUnaryOperator {
    @Override
    public int applyAsInt(int port) {
        long start = System.nanoTime();
        try (CloseableHttpClient client = HttpClients.createDefault()) {
            for (int i = 0; i < 12; i++) {
                try (CloseableHttpResponse response = client.execute(new HttpGet("http://127.0.0.1:" + port + "/child/" + i))) {
                    EntityUtils.consume(response.getEntity());
                    if (response.getStatusLine().getStatusCode() != 200) {
                        throw new IllegalStateException("status " + response.getStatusLine());
                    }
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return (int) ((System.nanoTime() - start) / 1_000_000);
    }
}
