package io.zero429.bench.overhead;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The latency probe's request through a client other than the JDK's, each with its defaults, blocking until the
 * response's body is read: {@code vertx} (Vert.x's HttpClient), {@code reactor} (Reactor Netty's HttpClient),
 * {@code jetty} (Jetty's HttpClient 12). Each lives in its own class, loaded only when named, so the JDK-only probes
 * need none of these libraries on their class path.
 */
final class ProbeClients {
    private ProbeClients() {
    }

    /** Sends one GET and returns its status. */
    interface Sender {
        int send() throws Exception;
    }

    static Sender of(String client, URI uri) throws Exception {
        return switch (client) {
            case "vertx" -> new VertxSender(uri);
            case "reactor" -> new ReactorSender(uri);
            case "jetty" -> new JettySender(uri);
            default -> throw new IllegalArgumentException("unknown client " + client + "; one of vertx, reactor, jetty");
        };
    }

    private static final class VertxSender implements Sender {
        private final io.vertx.core.http.HttpClient client = io.vertx.core.Vertx.vertx().createHttpClient();
        private final io.vertx.core.http.RequestOptions options;

        VertxSender(URI uri) {
            options = new io.vertx.core.http.RequestOptions().setAbsoluteURI(uri.toString());
        }

        @Override
        public int send() throws Exception {
            return client.request(options).compose(request -> request.send()
                    .compose(response -> response.body().map(body -> response.statusCode())))
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private static final class ReactorSender implements Sender {
        private final reactor.netty.http.client.HttpClient client = reactor.netty.http.client.HttpClient.create();
        private final URI uri;

        ReactorSender(URI uri) {
            this.uri = uri;
        }

        @Override
        public int send() {
            return client.get().uri(uri).responseSingle((response, body) -> body.asByteArray()
                    .then(reactor.core.publisher.Mono.just(response.status().code())))
                    .block(Duration.ofSeconds(10));
        }
    }

    private static final class JettySender implements Sender {
        private final org.eclipse.jetty.client.HttpClient client = new org.eclipse.jetty.client.HttpClient();
        private final URI uri;

        JettySender(URI uri) throws Exception {
            this.uri = uri;
            client.start();
        }

        @Override
        public int send() throws Exception {
            return client.newRequest(uri).send().getStatus();
        }
    }

    /** Fails the probe on anything but a 200. */
    static void expect200(int status, URI uri) throws IOException {
        if (status != 200) {
            throw new IOException("unexpected status " + status + " from " + uri);
        }
    }
}
