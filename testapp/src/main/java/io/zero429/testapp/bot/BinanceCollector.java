package io.zero429.testapp.bot;

import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Collects Binance order books. It builds a new OkHttp client on every iteration, the way a strategy object that is
 * re-created each loop does: any limiter kept inside such an object would start afresh every time.
 */
final class BinanceCollector extends Worker {
    private static final String[] SYMBOLS = {"BTCUSDT", "ETHUSDT", "SOLUSDT", "XRPUSDT", "BNBUSDT"};
    private final Endpoints endpoints;
    private final int index;

    BinanceCollector(Endpoints endpoints, int index) {
        super("binance-depth-" + index, 20);
        this.endpoints = endpoints;
        this.index = index;
    }

    @Override
    int call(long i) throws Exception {
        OkHttpClient client = new OkHttpClient();
        Request request = new Request.Builder().url(endpoints.base(Endpoints.BINANCE) + "/api/v3/depth?symbol="
                + SYMBOLS[(int) ((i + index) % SYMBOLS.length)] + "&limit=100").build();
        try (Response response = client.newCall(request).execute()) {
            return response.code();
        } finally {
            client.connectionPool().evictAll();
        }
    }
}
