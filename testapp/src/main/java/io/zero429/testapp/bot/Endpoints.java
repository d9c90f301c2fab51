package io.zero429.testapp.bot;

/**
 * Where the bot's APIs live. By default the real HTTPS hosts; with {@code --port N} the same host names over plain
 * HTTP on port N (the demo maps the names to 127.0.0.1, where the mock exchange listens).
 */
record Endpoints(Integer port) {
    static final String UPBIT = "api.upbit.com";
    static final String KIS = "openapi.koreainvestment.com";
    static final String GEMINI = "generativelanguage.googleapis.com";
    static final String BINANCE = "api.binance.com";

    String base(String host) {
        if (port == null) {
            return host.equals(KIS) ? "https://" + host + ":9443" : "https://" + host;
        }
        return "http://" + host + ":" + port;
    }
}
