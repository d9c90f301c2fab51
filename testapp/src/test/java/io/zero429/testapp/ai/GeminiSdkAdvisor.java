package io.zero429.testapp.ai;

import com.google.genai.Client;
import com.google.genai.types.HttpOptions;

/**
 * {@code com.google.genai:google-genai}: generateContent on Gemini 2.5 Pro with an API key (Gemini API, not
 * Vertex), the SDK's defaults (its retry interceptor: up to 5 attempts on 408, 429, 5xx and I/O errors).
 */
final class GeminiSdkAdvisor implements Advisor {
    private final Client client;

    GeminiSdkAdvisor(String baseUrl) {
        client = Client.builder().apiKey("AIzaZero429Demo")
                .httpOptions(HttpOptions.builder().baseUrl(baseUrl).build())
                .build();
    }

    @Override
    public String ask(String question) {
        return client.models.generateContent("gemini-2.5-pro", question, null).text();
    }

    @Override
    public void close() {
        client.close();
    }
}
