package io.zero429.instrument.coldstart;

import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The first requests of a fresh JVM, as an ordinary bot sends them: one client built with its defaults, a pool of
 * threads (or the client's asynchronous API) sending a fixed number of requests to one URL as fast as they are
 * answered. Run by {@link ColdStartIT} in a new JVM with the agent; prints one line {@code statuses {200=30}}.
 *
 * <p>Arguments: family, url, requests, threads. The families sent from a pool of threads take several URLs,
 * comma-separated: each gets the requests and threads to itself, all at once.
 */
public final class ColdStartBot {
    private ColdStartBot() {
    }

    public static void main(String[] args) throws Exception {
        String family = args[0];
        URI uri = URI.create(args[1].split(",")[0]);
        int requests = Integer.parseInt(args[2]);
        int threads = Integer.parseInt(args[3]);
        Map<String, Integer> statuses = new ConcurrentHashMap<>();
        switch (family) {
            case "jdk-async":
                jdkAsync(uri, requests, statuses);
                break;
            case "okhttp-enqueue":
                okHttpEnqueue(uri, requests, statuses);
                break;
            case "apache5-async":
                apache5Async(uri, requests, statuses);
                break;
            case "reactor":
                reactorNetty(uri, requests, statuses);
                break;
            case "vertx":
                vertx(uri, requests, statuses);
                break;
            default:
                onThreadsEach(sender(family), args[1].split(","), requests, threads, statuses);
        }
        System.out.println("statuses " + new java.util.TreeMap<>(statuses));
        System.exit(0); // clients' non-daemon threads (OkHttp's pool, Apache's reactor) must not keep the JVM up
    }

    /** Sends one request, returns its status. */
    interface Sender {
        int send(URI uri) throws Exception;
    }

    private static Sender sender(String family) {
        switch (family) {
            case "jdk":
                HttpClient jdk = HttpClient.newHttpClient();
                return uri -> jdk.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode();
            case "urlconnection":
                return ColdStartBot::urlConnection;
            case "okhttp":
                okhttp3.OkHttpClient ok = new okhttp3.OkHttpClient();
                return uri -> {
                    try (okhttp3.Response r = ok.newCall(new okhttp3.Request.Builder().url(uri.toString()).build())
                            .execute()) {
                        r.body().string();
                        return r.code();
                    }
                };
            case "apache4":
                org.apache.http.impl.client.CloseableHttpClient a4 =
                        org.apache.http.impl.client.HttpClients.createDefault();
                return uri -> {
                    try (org.apache.http.client.methods.CloseableHttpResponse r =
                            a4.execute(new org.apache.http.client.methods.HttpGet(uri))) {
                        org.apache.http.util.EntityUtils.consume(r.getEntity());
                        return r.getStatusLine().getStatusCode();
                    }
                };
            case "jetty":
                return jetty();
            case "jetty9":
                return jetty9();
            case "apache5":
                org.apache.hc.client5.http.impl.classic.CloseableHttpClient a5 =
                        org.apache.hc.client5.http.impl.classic.HttpClients.createDefault();
                return uri -> a5.execute(new org.apache.hc.client5.http.classic.methods.HttpGet(uri), r -> {
                    org.apache.hc.core5.http.io.entity.EntityUtils.consume(r.getEntity());
                    return r.getCode();
                });
            default:
                throw new IllegalArgumentException("unknown client family " + family);
        }
    }

    private static int urlConnection(URI uri) throws Exception {
        HttpURLConnection c = (HttpURLConnection) new URL(uri.toString()).openConnection();
        int status = c.getResponseCode();
        try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
            if (in != null) {
                in.readAllBytes();
            }
        }
        return status;
    }

    /**
     * {@link #onThreads} for each of {@code urls} at once, each with its own threads; prints when each URL's requests
     * were all answered ({@code finished PATH at NANOS}).
     */
    private static void onThreadsEach(Sender sender, String[] urls, int requests, int threads,
            Map<String, Integer> statuses) throws Exception {
        ExecutorService perUrl = Executors.newFixedThreadPool(urls.length);
        List<Future<?>> runs = new ArrayList<>();
        for (String url : urls) {
            runs.add(perUrl.submit(() -> {
                URI uri = URI.create(url);
                onThreads(sender, uri, requests, threads, statuses);
                // On the host's monotonic clock, which every JVM of a Linux host reads alike.
                System.out.println("finished " + uri.getPath() + " at " + System.nanoTime());
                return null;
            }));
        }
        for (Future<?> run : runs) {
            run.get(3, TimeUnit.MINUTES);
        }
        perUrl.shutdown();
    }

    private static void onThreads(Sender sender, URI uri, int requests, int threads, Map<String, Integer> statuses)
            throws Exception {
        AtomicInteger left = new AtomicInteger(requests);
        java.util.concurrent.atomic.AtomicBoolean first = new java.util.concurrent.atomic.AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                while (left.getAndDecrement() > 0) {
                    count(statuses, () -> String.valueOf(sender.send(uri)));
                    if (first.getAndSet(false)) {
                        // When this JVM is under way (its start and cold start behind it), on the host's clock.
                        System.out.println("first answered " + uri.getPath() + " at " + System.nanoTime());
                    }
                }
                return null;
            }));
        }
        for (Future<?> w : workers) {
            w.get(2, TimeUnit.MINUTES);
        }
        pool.shutdown();
    }

    interface Outcome {
        String get() throws Exception;
    }

    private static void count(Map<String, Integer> statuses, Outcome outcome) {
        String key;
        try {
            key = outcome.get();
        } catch (Exception e) {
            key = e.getClass().getSimpleName();
        }
        statuses.merge(key, 1, Integer::sum);
    }

    private static void jdkAsync(URI uri, int requests, Map<String, Integer> statuses) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            calls.add(client.sendAsync(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            count(statuses, () -> String.valueOf(call.get(2, TimeUnit.MINUTES).statusCode()));
        }
    }

    private static void okHttpEnqueue(URI uri, int requests, Map<String, Integer> statuses) throws Exception {
        okhttp3.OkHttpClient client = new okhttp3.OkHttpClient();
        List<CompletableFuture<String>> calls = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            CompletableFuture<String> outcome = new CompletableFuture<>();
            client.newCall(new okhttp3.Request.Builder().url(uri.toString()).build()).enqueue(new okhttp3.Callback() {
                @Override
                public void onFailure(okhttp3.Call call, java.io.IOException e) {
                    outcome.complete(e.getClass().getSimpleName());
                }

                @Override
                public void onResponse(okhttp3.Call call, okhttp3.Response response) throws java.io.IOException {
                    try (okhttp3.Response r = response) {
                        r.body().string();
                        outcome.complete(String.valueOf(r.code()));
                    }
                }
            });
            calls.add(outcome);
        }
        for (CompletableFuture<String> call : calls) {
            count(statuses, () -> call.get(2, TimeUnit.MINUTES));
        }
    }

    private static void apache5Async(URI uri, int requests, Map<String, Integer> statuses) throws Exception {
        org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient client =
                org.apache.hc.client5.http.impl.async.HttpAsyncClients.createDefault();
        client.start();
        List<Future<org.apache.hc.client5.http.async.methods.SimpleHttpResponse>> calls = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            calls.add(client.execute(org.apache.hc.client5.http.async.methods.SimpleRequestBuilder.get(uri).build(),
                    null));
        }
        for (Future<org.apache.hc.client5.http.async.methods.SimpleHttpResponse> call : calls) {
            count(statuses, () -> String.valueOf(call.get(2, TimeUnit.MINUTES).getCode()));
        }
    }

    /** Reactor Netty's client with its defaults, every request's {@code Mono} subscribed at once. */
    private static void reactorNetty(URI uri, int requests, Map<String, Integer> statuses) throws Exception {
        reactor.netty.http.client.HttpClient client = reactor.netty.http.client.HttpClient.create();
        List<CompletableFuture<String>> calls = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            calls.add(client.get().uri(uri).responseSingle((response, body) -> body.asString()
                    .then(reactor.core.publisher.Mono.just(String.valueOf(response.status().code())))).toFuture());
        }
        for (CompletableFuture<String> call : calls) {
            count(statuses, () -> call.get(2, TimeUnit.MINUTES));
        }
    }

    /** Vert.x's HttpClient with its defaults, every request asked for at once (Vert.x 5's API). */
    private static void vertx(URI uri, int requests, Map<String, Integer> statuses) throws Exception {
        io.vertx.core.http.HttpClient client = io.vertx.core.Vertx.vertx().createHttpClient();
        List<CompletableFuture<String>> calls = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            calls.add(client.request(new io.vertx.core.http.RequestOptions().setAbsoluteURI(uri.toString()))
                    .compose(request -> request.send()
                            .compose(response -> response.body().map(body -> String.valueOf(response.statusCode()))))
                    .toCompletionStage().toCompletableFuture());
        }
        for (CompletableFuture<String> call : calls) {
            count(statuses, () -> call.get(2, TimeUnit.MINUTES));
        }
    }

    /** Jetty's HttpClient 12 with its defaults, blocking {@code send()}. */
    private static Sender jetty() {
        org.eclipse.jetty.client.HttpClient client = new org.eclipse.jetty.client.HttpClient();
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return uri -> client.newRequest(uri).send().getStatus();
    }

    /**
     * Jetty's HttpClient 9.4-11 with its defaults, blocking {@code send()} (the jetty9 and jetty11 executions put that
     * Jetty on the class path in place of 12; this code, compiled against 12, reaches it through reflection).
     */
    private static Sender jetty9() {
        try {
            Object client = Class.forName("org.eclipse.jetty.client.HttpClient").getConstructor().newInstance();
            client.getClass().getMethod("start").invoke(client);
            java.lang.reflect.Method newRequest = client.getClass().getMethod("newRequest", URI.class);
            java.lang.reflect.Method send = Class.forName("org.eclipse.jetty.client.api.Request").getMethod("send");
            java.lang.reflect.Method status = Class.forName("org.eclipse.jetty.client.api.Response")
                    .getMethod("getStatus");
            return uri -> (Integer) status.invoke(send.invoke(newRequest.invoke(client, uri)));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
