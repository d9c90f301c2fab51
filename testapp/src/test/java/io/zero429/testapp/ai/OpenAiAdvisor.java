package io.zero429.testapp.ai;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletionCreateParams;

/** {@code com.openai:openai-java}: chat completions, the SDK's defaults (2 retries, honouring Retry-After). */
final class OpenAiAdvisor implements Advisor {
    private final OpenAIClient client;

    OpenAiAdvisor(String baseUrl) {
        client = OpenAIOkHttpClient.builder().baseUrl(baseUrl + "/v1").apiKey("sk-zero429-demo").build();
    }

    @Override
    public String ask(String question) {
        return client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model(ChatModel.GPT_4O_MINI)
                .addUserMessage(question)
                .build()).choices().get(0).message().content().orElse("");
    }

    @Override
    public void close() {
        client.close();
    }
}
