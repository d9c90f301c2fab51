package io.zero429.testapp.bot;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;

/** Asks Gemini for trading advice over HttpURLConnection, several times a second. */
final class GeminiAdvisor extends Worker {
    private final Endpoints endpoints;

    GeminiAdvisor(Endpoints endpoints) {
        super("gemini-advice", 200);
        this.endpoints = endpoints;
    }

    @Override
    int call(long i) throws Exception {
        URL url = new URL(endpoints.base(Endpoints.GEMINI)
                + "/v1beta/models/gemini-2.5-pro:generateContent?key=AIzaDemoKey");
        HttpURLConnection connection = (HttpURLConnection) url.openConnection();
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setReadTimeout(60_000);
        connection.setRequestProperty("Content-Type", "application/json");
        try (OutputStream body = connection.getOutputStream()) {
            body.write("{\"contents\":[{\"parts\":[{\"text\":\"BTC is up 3% in an hour. Buy, sell or hold?\"}]}]}"
                    .getBytes(StandardCharsets.UTF_8));
        }
        int status = connection.getResponseCode();
        try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
            if (in != null) {
                in.readAllBytes();
            }
        }
        return status;
    }
}
