package io.zero429.testapp.exchange;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * openapi.koreainvestment.com (port 9443 in reality): at most 18 requests in any 1 s window per {@code appkey}
 * header, counted as a sliding log; above it HTTP 500 with body code {@code EGW00201}, as the real server answers.
 */
final class KisApi implements Api {
    static final String HOST = "openapi.koreainvestment.com";
    static final int PER_SECOND = 18;
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    static final String OVER_LIMIT = "{\"rt_cd\":\"1\",\"msg_cd\":\"EGW00201\",\"msg1\":\"초당 거래건수를 초과하였습니다.\"}";

    private final Map<String, SlidingLog> logs = new HashMap<>();
    private final GroupStats stats = new GroupStats("kis", "rest", PER_SECOND + " in any 1s per appkey", "requests",
            PER_SECOND, PER_SECOND, SECOND, "1000ms", SECOND);

    @Override
    public String host() {
        return HOST;
    }

    @Override
    public synchronized Reply handle(Call call, long now) {
        SlidingLog log = logs.computeIfAbsent(String.valueOf(call.header("appkey")),
                k -> new SlidingLog(PER_SECOND, SECOND));
        if (!log.tryTake(now)) {
            stats.limited(now);
            return Reply.json(500, OVER_LIMIT);
        }
        stats.accepted(now, 1);
        return Reply.json(200, "{\"rt_cd\":\"0\",\"msg_cd\":\"MCA00000\",\"msg1\":\"정상처리 되었습니다.\","
                + "\"output\":{\"stck_prpr\":\"71500\",\"prdy_vrss\":\"300\"}}");
    }

    @Override
    public synchronized List<GroupStats> stats() {
        return List.of(stats);
    }
}
