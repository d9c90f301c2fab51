package io.zero429.testapp.drive;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bot's first minutes in a fresh JVM: one client built as an ordinary application builds it, sending a fixed number
 * of requests to one URL as fast as they are answered, from K threads (or all at once through the client's
 * asynchronous API), then one machine-readable line:
 * <pre>
 * BURST client=okhttp requests=150 seconds=14.31 200=150 okhttp=4.12.0
 * </pre>
 * (the OkHttp version only for the OkHttp families; {@code jetty=VERSION} for {@code jetty9}).
 * The fidelity matrix ({@code bench/}) runs it with the agent, one fresh JVM per cell.
 *
 * <p>{@code java -cp testapp.jar io.zero429.testapp.drive.Burst --url URL --client FAMILY [--requests N]
 * [--threads K]}; families: {@code jdk}, {@code urlconnection}, {@code okhttp}, {@code apache4}, {@code apache5},
 * {@code jetty} (blocking, on K platform threads), {@code jetty9} (Jetty 9.4-11 put ahead of the jar's Jetty 12 on
 * the class path, blocking), {@code jdk-virtual} (the JDK client on K virtual threads, JDK 21+),
 * {@code jdk-async}, {@code okhttp-enqueue}, {@code apache5-async}, {@code reactor} (Reactor Netty's HttpClient, every
 * request's {@code Mono} subscribed), {@code vertx} (Vert.x's HttpClient; all requests handed to the async API at
 * once).
 */
public final class Burst {
    private static final long TIMEOUT_MINUTES = 10;

    private Burst() {
    }

    public static void main(String[] args) throws Exception {
        int requests = intOption(args, "--requests", 150);
        PacerOptions options = PacerOptions.parse(without(args, "--requests"));
        Outcomes outcomes = new Outcomes();
        long start = System.nanoTime();
        switch (options.client()) {
            case "jdk-async" -> AsyncSends.jdk(options, requests, outcomes);
            case "okhttp-enqueue" -> AsyncSends.okHttp(options, requests, outcomes);
            case "apache5-async" -> AsyncSends.apache5(options, requests, outcomes);
            case "reactor" -> AsyncSends.reactorNetty(options, requests, outcomes);
            case "vertx" -> AsyncSends.vertx(options, requests, outcomes);
            case "jdk-virtual" -> onThreads(Clients.create("jdk", options.threads()), options, requests, outcomes,
                    virtualThreads());
            default -> onThreads(Clients.create(options.client(), options.threads()), options, requests, outcomes,
                    Executors.newFixedThreadPool(options.threads()));
        }
        System.out.printf(java.util.Locale.ROOT, "BURST client=%s requests=%d seconds=%.2f%s%s%n", options.client(),
                requests, (System.nanoTime() - start) / 1e9, outcomes.totals(),
                options.client().startsWith("okhttp") ? " okhttp=" + okHttpVersion()
                        : options.client().equals("jetty9") ? " jetty=" + jettyVersion() : "");
        System.exit(0); // clients' non-daemon threads (OkHttp's pool, Apache's reactor) must not keep the JVM up
    }

    /**
     * The OkHttp that ran (the fidelity matrix puts 3.x or 5.x ahead of the testapp's 4.x on the class path): 3.x
     * names itself in {@code internal.Version}, a class later versions do not have; 4.x and 5.x in
     * {@code OkHttp.VERSION}, a class 3.x does not have (so, with 3.x swapped in, it would come from the testapp's 4.x).
     */
    static String okHttpVersion() {
        try {
            Object agent = Class.forName("okhttp3.internal.Version").getMethod("userAgent").invoke(null);
            return String.valueOf(agent).replace("okhttp/", "");
        } catch (ReflectiveOperationException fourOrLater) {
            try {
                return String.valueOf(Class.forName("okhttp3.OkHttp").getField("VERSION").get(null));
            } catch (ReflectiveOperationException e) {
                return "unknown";
            }
        }
    }

    /** The Jetty that ran ({@code org.eclipse.jetty.util.Jetty.VERSION}, in every Jetty line). */
    static String jettyVersion() {
        try {
            return String.valueOf(Class.forName("org.eclipse.jetty.util.Jetty").getField("VERSION").get(null));
        } catch (ReflectiveOperationException e) {
            return "unknown";
        }
    }

    private static int intOption(String[] args, String name, int otherwise) {
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return otherwise;
    }

    /** The arguments without option {@code name} and its value: the rest are the Pacer's. */
    private static String[] without(String[] args, String name) {
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(name)) {
                i++;
            } else {
                rest.add(args[i]);
            }
        }
        return rest.toArray(new String[0]);
    }

    /** {@code Executors.newVirtualThreadPerTaskExecutor()}, reached by reflection: the testapp builds for Java 17. */
    private static ExecutorService virtualThreads() throws ReflectiveOperationException {
        return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    }

    private static void onThreads(Send send, PacerOptions options, int requests, Outcomes outcomes,
            ExecutorService threads) throws Exception {
        AtomicInteger left = new AtomicInteger(requests);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < options.threads(); t++) {
            workers.add(threads.submit(() -> {
                while (left.getAndDecrement() > 0) {
                    try {
                        outcomes.count(0, String.valueOf(send.send(options)));
                    } catch (Exception e) {
                        outcomes.count(0, e.getClass().getSimpleName());
                    }
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get(TIMEOUT_MINUTES, TimeUnit.MINUTES);
        }
        threads.shutdown();
    }

    /** Every request handed to a client's asynchronous API at once, then every outcome awaited. */
    private static final class AsyncSends {
        private AsyncSends() {
        }

        static void jdk(PacerOptions options, int requests, Outcomes outcomes) throws Exception {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            List<CompletableFuture<String>> calls = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                calls.add(client.sendAsync(HttpRequest.newBuilder(URI.create(options.url())).build(),
                        HttpResponse.BodyHandlers.ofString()).thenApply(r -> String.valueOf(r.statusCode())));
            }
            await(calls, outcomes);
        }

        static void okHttp(PacerOptions options, int requests, Outcomes outcomes) throws Exception {
            okhttp3.OkHttpClient client = new okhttp3.OkHttpClient();
            List<CompletableFuture<String>> calls = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                CompletableFuture<String> call = new CompletableFuture<>();
                client.newCall(new okhttp3.Request.Builder().url(options.url()).build()).enqueue(new okhttp3.Callback() {
                    @Override
                    public void onFailure(okhttp3.Call c, java.io.IOException e) {
                        call.completeExceptionally(e);
                    }

                    @Override
                    public void onResponse(okhttp3.Call c, okhttp3.Response response) throws java.io.IOException {
                        try (okhttp3.Response r = response) {
                            r.body().string();
                            call.complete(String.valueOf(r.code()));
                        }
                    }
                });
                calls.add(call);
            }
            await(calls, outcomes);
        }

        static void apache5(PacerOptions options, int requests, Outcomes outcomes) throws Exception {
            try (org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient client =
                    org.apache.hc.client5.http.impl.async.HttpAsyncClients.createDefault()) {
                client.start();
                List<CompletableFuture<String>> calls = new ArrayList<>();
                for (int i = 0; i < requests; i++) {
                    CompletableFuture<String> call = new CompletableFuture<>();
                    client.execute(org.apache.hc.client5.http.async.methods.SimpleRequestBuilder.get(options.url())
                            .build(), new org.apache.hc.core5.concurrent.FutureCallback<
                                    org.apache.hc.client5.http.async.methods.SimpleHttpResponse>() {
                                @Override
                                public void completed(org.apache.hc.client5.http.async.methods.SimpleHttpResponse r) {
                                    call.complete(String.valueOf(r.getCode()));
                                }

                                @Override
                                public void failed(Exception e) {
                                    call.completeExceptionally(e);
                                }

                                @Override
                                public void cancelled() {
                                    call.complete("cancelled");
                                }
                            });
                    calls.add(call);
                }
                await(calls, outcomes);
            }
        }

        /** Reactor Netty's client with its defaults (what Spring's WebClient runs on). */
        static void reactorNetty(PacerOptions options, int requests, Outcomes outcomes) {
            reactor.netty.http.client.HttpClient client = reactor.netty.http.client.HttpClient.create();
            List<CompletableFuture<String>> calls = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                calls.add(client.get().uri(options.url()).responseSingle((response, body) -> body.asString()
                        .then(reactor.core.publisher.Mono.just(String.valueOf(response.status().code())))).toFuture());
            }
            await(calls, outcomes);
        }

        /** Vert.x's HttpClient with its defaults (a pool of 5 connections per server, requests queued for them). */
        static void vertx(PacerOptions options, int requests, Outcomes outcomes) {
            io.vertx.core.http.HttpClient client = io.vertx.core.Vertx.vertx().createHttpClient();
            List<CompletableFuture<String>> calls = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                calls.add(client.request(new io.vertx.core.http.RequestOptions().setAbsoluteURI(options.url()))
                        .compose(request -> request.send()
                                .compose(response -> response.body()
                                        .map(body -> String.valueOf(response.statusCode()))))
                        .toCompletionStage().toCompletableFuture());
            }
            await(calls, outcomes);
        }

        private static void await(List<CompletableFuture<String>> calls, Outcomes outcomes) {
            for (CompletableFuture<String> call : calls) {
                try {
                    outcomes.count(0, call.get(TIMEOUT_MINUTES, TimeUnit.MINUTES));
                } catch (java.util.concurrent.ExecutionException e) {
                    outcomes.count(0, e.getCause().getClass().getSimpleName());
                } catch (Exception e) {
                    outcomes.count(0, e.getClass().getSimpleName());
                }
            }
        }
    }
}
