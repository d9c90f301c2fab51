package io.zero429.bench.overhead;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** The one request every probe makes: a JDK HttpClient blocking GET over HTTP/1.1, the client the agent hooks. */
final class Http {
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final HttpRequest request;

    Http(URI uri) {
        request = HttpRequest.newBuilder(uri).GET().build();
    }

    /** Sends the request once; anything but a 200 fails the probe. */
    void get() throws IOException, InterruptedException {
        ProbeClients.expect200(status(), request.uri());
    }

    /** Sends the request once and returns its status. */
    int status() throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
