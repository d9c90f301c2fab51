package io.zero429.testapp.bot;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** Upbit quotations over the JDK HttpClient: tickers across many markets, and one-minute candles. */
final class UpbitQuotes {
    private static final List<String> MARKETS = List.of("KRW-BTC", "KRW-ETH", "KRW-XRP", "KRW-SOL", "KRW-DOGE",
            "KRW-ADA", "KRW-AVAX", "KRW-TRX", "KRW-LINK", "KRW-DOT", "KRW-SUI", "KRW-BCH");

    private final Endpoints endpoints;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    UpbitQuotes(Endpoints endpoints) {
        this.endpoints = endpoints;
    }

    private int get(String pathAndQuery) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoints.base(Endpoints.UPBIT) + pathAndQuery))
                .header("Accept", "application/json").timeout(Duration.ofSeconds(60)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    /** What a bot does first: asks which markets exist (one request, in the {@code market} group). */
    int loadMarkets() throws Exception {
        return get("/v1/market/all?isDetails=false");
    }

    Worker tickerPoller(int index) {
        return new Worker("upbit-ticker-" + index, 20) {
            @Override
            int call(long i) throws Exception {
                return get("/v1/ticker?markets=" + MARKETS.get((int) ((i * 3 + index) % MARKETS.size())));
            }
        };
    }

    Worker candlePoller() {
        return new Worker("upbit-candles", 20) {
            @Override
            int call(long i) throws Exception {
                return get("/v1/candles/minutes/1?market=" + MARKETS.get((int) (i % MARKETS.size())) + "&count=1");
            }
        };
    }
}
