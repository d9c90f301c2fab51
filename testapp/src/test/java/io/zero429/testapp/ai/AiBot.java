package io.zero429.testapp.ai;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An AI trading assistant, written as such applications are, knowing nothing of zero429: several threads ask one
 * AI API for advice through its official SDK, as fast as the answers come, with the SDK's default settings (its own
 * retries on 429 included). The host names are the real ones; the demo and the tests map them to the mock exchange
 * ({@code -Djdk.net.hosts.file}), and the bot talks plain HTTP to the port given.
 *
 * <p>{@code java -cp <the testapp's test class path> io.zero429.testapp.ai.AiBot --port N
 * --api openai|anthropic|gemini [--requests N] [--threads T]} (the SDKs are test dependencies: {@link AiSdksIT} runs
 * it).
 *
 * <p>Prints one line: {@code AI <api>: ok=N failed={Type=count, ...}}, a failure counted by its exception's class and
 * the class of its innermost cause ("RateLimitException", "OpenAIIoException<Zero429WaitTimeoutException").
 */
public final class AiBot {
    static final String QUESTION = "BTC is up 3% in an hour. Buy, sell or hold?";

    private AiBot() {
    }

    public static void main(String[] args) throws Exception {
        int port = 0;
        String api = null;
        int requests = 20;
        int threads = 4;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--api" -> api = args[i + 1];
                case "--requests" -> requests = Integer.parseInt(args[i + 1]);
                case "--threads" -> threads = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; usage: AiBot --port N --api openai|anthropic|gemini [--requests N] [--threads T]");
            }
        }
        if (api == null || port == 0) {
            throw new IllegalArgumentException("usage: AiBot --port N --api openai|anthropic|gemini "
                    + "[--requests N] [--threads T]");
        }
        try (Advisor advisor = advisor(api, port)) {
            System.out.println("AI " + api + ": " + run(advisor, requests, threads));
        }
        System.exit(0);
    }

    static Advisor advisor(String api, int port) {
        return switch (api) {
            case "openai" -> new OpenAiAdvisor("http://api.openai.com:" + port);
            case "anthropic" -> new AnthropicAdvisor("http://api.anthropic.com:" + port);
            case "gemini" -> new GeminiSdkAdvisor("http://generativelanguage.googleapis.com:" + port);
            default -> throw new IllegalArgumentException("unknown api " + api + ": openai, anthropic or gemini");
        };
    }

    /** Asks {@code requests} times from {@code threads} threads; returns what came of it. */
    static String run(Advisor advisor, int requests, int threads) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger ok = new AtomicInteger();
        Map<String, Integer> failed = new TreeMap<>();
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            workers[t] = new Thread(() -> {
                while (next.getAndIncrement() < requests) {
                    try {
                        advisor.ask(QUESTION);
                        ok.incrementAndGet();
                    } catch (Exception e) {
                        synchronized (failed) {
                            failed.merge(describe(e), 1, Integer::sum);
                        }
                    }
                }
            }, "advisor-" + t);
            workers[t].start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        return "ok=" + ok.get() + " failed=" + failed;
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return e.getClass().getSimpleName() + (root == e ? "" : "<" + root.getClass().getSimpleName() + ">");
    }
}
