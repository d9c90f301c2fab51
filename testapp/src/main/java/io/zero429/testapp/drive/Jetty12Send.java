package io.zero429.testapp.drive;

import java.io.IOException;

/**
 * Jetty's HttpClient 12 with its defaults, blocking {@code send()}. A class of its own so that {@link Clients} links no
 * Jetty 12 type: the {@code jetty9} client runs with Jetty 12 off the class path.
 */
final class Jetty12Send {
    private Jetty12Send() {
    }

    static Send create() {
        org.eclipse.jetty.client.HttpClient client = new org.eclipse.jetty.client.HttpClient();
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("Jetty's HttpClient did not start", e);
        }
        return request -> {
            byte[] body = Clients.body(request);
            org.eclipse.jetty.client.Request jetty = client.newRequest(request.url()).method(request.method());
            if (body != null) {
                jetty.body(new org.eclipse.jetty.client.BytesRequestContent("application/json", body));
            }
            jetty.headers(fields -> request.headers().forEach(h -> fields.put(h[0], h[1])));
            try {
                return jetty.send().getStatus();
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IOException(e.getCause());
            } catch (java.util.concurrent.TimeoutException e) {
                throw new IOException(e);
            }
        };
    }
}
