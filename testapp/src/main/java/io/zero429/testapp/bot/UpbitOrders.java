package io.zero429.testapp.bot;

import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** Places Upbit limit orders as fast as it can over OkHttp, and cancels all open orders every 10 orders. */
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
        Request.Builder request = new Request.Builder().header("Authorization", "Bearer demo-access-key");
        if (i % 10 == 9) {
            request.url(endpoints.base(Endpoints.UPBIT) + "/v1/orders/open").delete();
        } else {
            request.url(endpoints.base(Endpoints.UPBIT) + "/v1/orders").post(RequestBody.create(
                    "{\"market\":\"KRW-BTC\",\"side\":\"bid\",\"volume\":\"0.0001\",\"price\":\"140000000\","
                            + "\"ord_type\":\"limit\"}", JSON));
        }
        try (Response response = client.newCall(request.build()).execute()) {
            return response.code();
        }
    }
}
