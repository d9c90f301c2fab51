package io.zero429.testapp.bot;

import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** Places Upbit limit orders as fast as it can over OkHttp; {@link #canceller} cancels all open orders every second. */
final class UpbitOrders extends Worker {
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    private final Endpoints endpoints;
    private final OkHttpClient client = new OkHttpClient.Builder().readTimeout(60, TimeUnit.SECONDS).build();

    UpbitOrders(Endpoints endpoints) {
        super("upbit-orders", 20);
        this.endpoints = endpoints;
    }

    @Override
    int call(long i) throws Exception {
        return send(new Request.Builder().url(endpoints.base(Endpoints.UPBIT) + "/v1/orders").post(RequestBody.create(
                "{\"market\":\"KRW-BTC\",\"side\":\"bid\",\"volume\":\"0.0001\",\"price\":\"140000000\","
                        + "\"ord_type\":\"limit\"}", JSON)));
    }

    private int send(Request.Builder request) throws Exception {
        try (Response response = client.newCall(request.header("Authorization", "Bearer demo-access-key").build())
                .execute()) {
            return response.code();
        }
    }

    /** Cancels every open order once a second, on the same client. */
    Worker canceller() {
        return new Worker("upbit-cancel-all", 1000) {
            @Override
            int call(long i) throws Exception {
                return send(new Request.Builder().url(endpoints.base(Endpoints.UPBIT) + "/v1/orders/open").delete());
            }
        };
    }
}
