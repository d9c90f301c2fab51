package io.zero429.testapp.ai;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.MessageCreateParams;

/** {@code com.anthropic:anthropic-java}: messages, the SDK's defaults (2 retries, honouring Retry-After). */
final class AnthropicAdvisor implements Advisor {
    private final AnthropicClient client;

    AnthropicAdvisor(String baseUrl) {
        client = AnthropicOkHttpClient.builder().baseUrl(baseUrl).apiKey("sk-ant-zero429-demo").build();
    }

    @Override
    public String ask(String question) {
        StringBuilder text = new StringBuilder();
        for (ContentBlock block : client.messages().create(MessageCreateParams.builder()
                .model("claude-sonnet-4-5")
                .maxTokens(256)
                .addUserMessage(question)
                .build()).content()) {
            block.text().ifPresent(t -> text.append(t.text()));
        }
        return text.toString();
    }

    @Override
    public void close() {
        client.close();
    }
}
