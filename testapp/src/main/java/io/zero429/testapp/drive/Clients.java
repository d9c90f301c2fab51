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
            case "jetty" -> Jetty12Send.create();
            case "jetty9" -> jetty9();
            default -> throw new IllegalArgumentException("unknown client " + name
                    + "; one of jdk, urlconnection, okhttp, apache4, apache5, jetty, jetty9");
        };
    }

    static byte[] body(PacerOptions request) {
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

    /** 9.4: https needs a client made with TLS settings (the JVM's trust store); 10/11 have them by default. */
    private static Object newJetty9Client() throws ReflectiveOperationException {
        Class<?> clientType = Class.forName("org.eclipse.jetty.client.HttpClient");
        Class<?> tlsType = Class.forName("org.eclipse.jetty.util.ssl.SslContextFactory$Client");
        try {
            return clientType.getConstructor(tlsType.getSuperclass()).newInstance(tlsType.getConstructor().newInstance());
        } catch (NoSuchMethodException tenOrLater) {
            return clientType.getConstructor().newInstance();
        }
    }

    /**
     * Jetty's HttpClient 9.4-11 with its defaults (9.4 made with TLS settings), blocking {@code send()}: run with that Jetty's jars on the class
     * path and this jar's Jetty 12 kept off it, as the fidelity matrix's {@code jetty9} and {@code jetty11} families do
     * (with a copy of this jar without Jetty 12). The testapp compiles against Jetty 12, whose API packages differ, so the calls go through reflection; they
     * are the ordinary ones ({@code newRequest(url).method(m).header(n, v).send().getStatus()}). No request body.
     */
    private static Send jetty9() {
        try {
            Object client = newJetty9Client();
            client.getClass().getMethod("start").invoke(client);
            java.lang.reflect.Method newRequest = client.getClass().getMethod("newRequest", String.class);
            Class<?> requestType = Class.forName("org.eclipse.jetty.client.api.Request");
            java.lang.reflect.Method method = requestType.getMethod("method", String.class);
            java.lang.reflect.Method header = requestType.getMethod("header", String.class, String.class);
            java.lang.reflect.Method send = requestType.getMethod("send");
            java.lang.reflect.Method status = Class.forName("org.eclipse.jetty.client.api.Response")
                    .getMethod("getStatus");
            return request -> {
                if (request.body() != null) {
                    throw new IllegalArgumentException("the jetty9 client sends no request body");
                }
                try {
                    Object jetty = method.invoke(newRequest.invoke(client, request.url()), request.method());
                    for (String[] h : request.headers()) {
                        header.invoke(jetty, h[0], h[1]);
                    }
                    return (Integer) status.invoke(send.invoke(jetty));
                } catch (java.lang.reflect.InvocationTargetException e) {
                    Throwable cause = e.getCause() instanceof java.util.concurrent.ExecutionException
                            ? e.getCause().getCause() : e.getCause();
                    throw cause instanceof IOException ? (IOException) cause : new IOException(cause);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            };
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Jetty 9.4-11's HttpClient is not on the class path ahead of Jetty 12", e);
        }
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
