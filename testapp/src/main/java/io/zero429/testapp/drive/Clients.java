package io.zero429.testapp.drive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;

/** One {@link Send} per client family the agent instruments: one client instance, shared by the Pacer's threads. */
final class Clients {
    private Clients() {
    }

    static Send create(String name, int threads) {
        return switch (name) {
            case "jdk" -> jdk();
            case "urlconnection" -> Clients::urlConnection;
            case "okhttp" -> okHttp();
            case "apache5" -> apache5(threads);
            case "apache4" -> apache4(threads);
            case "jetty" -> jetty();
            default -> throw new IllegalArgumentException("unknown client " + name
                    + "; one of jdk, urlconnection, okhttp, apache4, apache5, jetty");
        };
    }

    private static byte[] body(PacerOptions request) {
        return request.body() == null ? null : request.body().getBytes(StandardCharsets.UTF_8);
    }

    private static Send jdk() {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        return request -> {
            byte[] body = body(request);
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(request.url())).method(request.method(),
                    body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            request.headers().forEach(h -> builder.header(h[0], h[1]));
            return client.send(builder.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
        };
    }

    private static int urlConnection(PacerOptions request) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(request.url()).toURL().openConnection();
        connection.setRequestMethod(request.method());
        request.headers().forEach(h -> connection.setRequestProperty(h[0], h[1]));
        byte[] body = body(request);
        if (body != null) {
            connection.setDoOutput(true);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body);
            }
        }
        int status = connection.getResponseCode();
        try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
            if (in != null) {
                in.readAllBytes();
            }
        }
        return status;
    }

    /** Jetty's HttpClient 12 with its defaults, blocking {@code send()}. */
    private static Send jetty() {
        org.eclipse.jetty.client.HttpClient client = new org.eclipse.jetty.client.HttpClient();
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("Jetty's HttpClient did not start", e);
        }
        return request -> {
            byte[] body = body(request);
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

    private static Send okHttp() {
        OkHttpClient client = new OkHttpClient();
        return request -> {
            byte[] body = body(request);
            Request.Builder builder = new Request.Builder().url(request.url()).method(request.method(),
                    body == null ? null : RequestBody.create(body, MediaType.get("application/json")));
            request.headers().forEach(h -> builder.header(h[0], h[1]));
            try (Response response = client.newCall(builder.build()).execute()) {
                response.body().string();
                return response.code();
            }
        };
    }

    private static Send apache5(int threads) {
        CloseableHttpClient client = HttpClients.custom().setConnectionManager(
                PoolingHttpClientConnectionManagerBuilder.create().setMaxConnPerRoute(threads)
                        .setMaxConnTotal(threads).build()).build();
        return request -> {
            HttpUriRequestBase message = new HttpUriRequestBase(request.method(), URI.create(request.url()));
            request.headers().forEach(h -> message.setHeader(h[0], h[1]));
            if (request.body() != null) {
                message.setEntity(new StringEntity(request.body(), ContentType.APPLICATION_JSON));
            }
            return client.execute(message, response -> {
                if (response.getEntity() != null) {
                    EntityUtils.toByteArray(response.getEntity()); // read, not only consumed: closing reads nothing
                }
                return response.getCode();
            });
        };
    }

    private static Send apache4(int threads) {
        org.apache.http.impl.client.CloseableHttpClient client = org.apache.http.impl.client.HttpClients.custom()
                .setMaxConnPerRoute(threads).setMaxConnTotal(threads).build();
        return request -> {
            org.apache.http.client.methods.RequestBuilder builder = org.apache.http.client.methods.RequestBuilder
                    .create(request.method()).setUri(request.url());
            request.headers().forEach(h -> builder.setHeader(h[0], h[1]));
            if (request.body() != null) {
                builder.setEntity(new org.apache.http.entity.StringEntity(request.body(),
                        org.apache.http.entity.ContentType.APPLICATION_JSON));
            }
            try (org.apache.http.client.methods.CloseableHttpResponse response = client.execute(builder.build())) {
                if (response.getEntity() != null) {
                    org.apache.http.util.EntityUtils.toByteArray(response.getEntity());
                }
                return response.getStatusLine().getStatusCode();
            }
        };
    }
}
