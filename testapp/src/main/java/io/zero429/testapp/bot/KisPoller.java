package io.zero429.testapp.bot;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/** Polls a KIS stock price over Apache HttpClient 5, as fast as it can. */
final class KisPoller extends Worker {
    private static final String[] STOCKS = {"005930", "000660", "035420", "005380"};
    private final Endpoints endpoints;
    private final int index;
    private final CloseableHttpClient client = HttpClients.createDefault();

    KisPoller(Endpoints endpoints, int index) {
        super("kis-price-" + index, 20);
        this.endpoints = endpoints;
        this.index = index;
    }

    @Override
    int call(long i) throws Exception {
        HttpGet get = new HttpGet(endpoints.base(Endpoints.KIS)
                + "/uapi/domestic-stock/v1/quotations/inquire-price?FID_COND_MRKT_DIV_CODE=J&FID_INPUT_ISCD="
                + STOCKS[(int) ((i + index) % STOCKS.length)]);
        get.setHeader("appkey", "PSdemoappkey");
        get.setHeader("appsecret", "demo-secret");
        get.setHeader("tr_id", "FHKST01010100");
        return client.execute(get, response -> {
            EntityUtils.consume(response.getEntity());
            return response.getCode();
        });
    }
}
