package io.zero429.testapp.drive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zero429.testapp.demo.DemoHosts;
import io.zero429.testapp.exchange.GroupSnapshot;
import io.zero429.testapp.exchange.MockExchange;
import io.zero429.testapp.exchange.TimeScale;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What the server says, through every client that reads it, in forked JVMs with the built agent and the shipped
 * presets, against the mock exchange: Upbit's Remaining-Req keeps two processes that share one per-IP budget at
 * zero 429 (header sync); Binance's used weight keeps a process clear of another one's spending, and a 418 ban stops
 * it sending; KIS EGW00201 and Gemini RESOURCE_EXHAUSTED (retryDelay) in the body bring the rate down. Each against a
 * control run identical but for the signal, which must fail, or the test could not.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SignalsIT {
    private static final Path AGENT = Paths.get(System.getProperty("zero429.agent.jar"));
    private static final Path TESTAPP = Paths.get(System.getProperty("zero429.testapp.jar"));
    private static final String WAIT_TIMEOUT = "Zero429WaitTimeoutException";

    private static MockExchange exchange;
    private static Path work;
    private static Path hosts;

    @BeforeAll
    static void start() throws Exception {
        assertTrue(Files.isRegularFile(AGENT), "built agent jar " + AGENT);
        exchange = new MockExchange(0, TimeScale.REAL);
        work = Files.createDirectories(Paths.get("target", "signals"));
        hosts = DemoHosts.write(work);
    }

    @AfterAll
    static void stop() {
        exchange.close();
    }

    /**
     * A rules file. The circuit breaker (5 consecutive limited answers stop a limiter for a minute) is off in every
     * scenario: it would cap a control run's refusals and hide a signal that failed; each test measures its signal
     * alone.
     */
    private static Path rules(String name, String... lines) throws IOException {
        return Files.writeString(work.resolve(name + ".properties"), "defaults.breaker = off\n"
                + String.join("\n", lines) + "\n");
    }

    /** A scenario's rules: its base lines, then a control run's overrides. */
    private static Path rules(String name, List<String> base, String... overrides) throws IOException {
        List<String> lines = new ArrayList<>(base);
        lines.addAll(List.of(overrides));
        return rules(name, lines.toArray(new String[0]));
    }

    private static PacerProcess pacer(String label, Path rules, String url, String clients, int threads, double rate,
            double seconds, String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of("--url", url, "--client", clients, "--threads",
                String.valueOf(threads), "--rate", String.valueOf(rate), "--seconds", String.valueOf(seconds)));
        args.addAll(List.of(more));
        return PacerProcess.start(label, AGENT, rules, TESTAPP, hosts, work, args);
    }

    private static String base(String host) {
        return "http://" + host + ":" + exchange.port();
    }

    private static GroupSnapshot group(String name) {
        return exchange.exchange().snapshot().stream().filter(g -> g.name().equals(name)).findFirst().orElseThrow();
    }

    private static String describe(GroupSnapshot g) {
        return g.name() + ": ok " + g.ok() + " limited " + g.limited() + " banned " + g.banned();
    }

    private static void report(String scenario, String text) {
        System.out.println("[SignalsIT] " + scenario + ": " + text);
    }

    // ---- Upbit: two processes, one per-IP ticker budget (10/s burst 10), 7/s of demand each ----

    /** Two JVMs, the second 1.5 s after the first, each at 7/s from two threads (two clients each): all four clients. */
    private static PacerProcess.Result[] twoUpbitProcesses(String label, Path rules, double seconds)
            throws Exception {
        exchange.exchange().reset();
        String url = base("api.upbit.com") + "/v1/ticker?markets=KRW-BTC";
        PacerProcess first = pacer(label + "-1", rules, url, "jdk,urlconnection", 2, 7, seconds);
        Thread.sleep(1500);
        PacerProcess second = pacer(label + "-2", rules, url, "okhttp,apache5", 2, 7, seconds);
        return new PacerProcess.Result[] {first.result(), second.result()};
    }

    @Test
    @Order(1)
    void upbitTwoProcessesSharingTheTickerBudgetGetNo429WithHeaderSync() throws Exception {
        PacerProcess.Result[] runs = twoUpbitProcesses("upbit-sync", rules("upbit-sync", "preset = upbit"), 10);
        GroupSnapshot ticker = group("upbit ticker");
        long from = Math.max(runs[0].startMillis(), runs[1].startMillis());
        long to = Math.min(runs[0].endMillis(), runs[1].endMillis());
        double together = together(runs, from, to);
        // Once both have slowed down (the server's bucket of 10 is spent by then): what they share for good.
        double settled = together(runs, from + 3000, to);
        String text = String.format(Locale.ROOT, "%s; together %.1f/s over the %.1f s both ran, %.1f/s from 3 s "
                + "after the second started (limit 10/s)%n  %s%n  %s", describe(ticker), together, (to - from) / 1000.0,
                settled, runs[0].summary(), runs[1].summary());
        report("upbit, header sync", text);
        assertEquals(0, ticker.limited(), "429 with header sync\n" + text);
        assertEquals(0, ticker.banned(), "418 with header sync\n" + text);
        // Per-second counts of two processes on their own second boundaries: half a request of slack above 10/s.
        assertTrue(settled >= 8.0 && settled <= 10.5, "a sensible share of 10/s\n" + text);
    }

    /** The processes' accepted rates added, each over its own whole seconds within [from, to). */
    private static double together(PacerProcess.Result[] runs, long from, long to) {
        double sum = 0;
        for (PacerProcess.Result run : runs) {
            sum += run.ratePerSecondWithin("200", from, to);
        }
        return sum;
    }

    @Test
    @Order(2)
    void upbitWithoutListeningToRemainingReqTheSameTwoProcessesGet429() throws Exception {
        PacerProcess.Result[] runs = twoUpbitProcesses("upbit-control", rules("upbit-control", "preset = upbit",
                "limiter.upbit-ticker.signals = 429, retry-after"), 8);
        GroupSnapshot ticker = group("upbit ticker");
        String text = describe(ticker) + "\n  " + runs[0].summary() + "\n  " + runs[1].summary();
        report("upbit, control without header sync", text);
        assertTrue(ticker.limited() > 0, "the control run must be limited, or the test could not fail\n" + text);
    }

    // ---- Binance: request weight 6000 per minute per IP, shared with another process on the same IP ----

    /** The other process on the same IP: the test itself, unthrottled, over HTTP. */
    private static final OkHttpClient OTHER_PROCESS = new OkHttpClient.Builder()
            .dns(host -> List.of(InetAddress.getLoopbackAddress())).build();

    /** Sends one request as the other process; returns the status. */
    private static int otherProcess(String pathAndQuery) throws IOException {
        try (Response response = OTHER_PROCESS.newCall(new Request.Builder()
                .url(base("api.binance.com") + pathAndQuery).build()).execute()) {
            response.body().string();
            return response.code();
        }
    }

    /** Binance counts per wall-clock minute: a run must fit in one, or its budget starts again halfway. */
    private static void waitForRoomInTheMinute(long millis) throws InterruptedException {
        long intoMinute = System.currentTimeMillis() % 60_000;
        if (intoMinute + millis > 60_000) {
            Thread.sleep(60_000 - intoMinute + 200);
        }
    }

    private static final String DEPTH = "/api/v3/depth?symbol=BTCUSDT&limit=100"; // weight 5
    private static final String HEAVY_DEPTH = "/api/v3/depth?symbol=BTCUSDT&limit=5000"; // weight 250
    private static final String ALL_CLIENTS = "jdk,urlconnection,okhttp,apache5";

    private static final List<String> BINANCE = List.of("preset = binance-spot",
            "limiter.binance-spot-weight.max-wait = 1s");

    /**
     * The other process spends 5750 of the minute's 6000, then the agent's JVM asks for 100 weight/s (depth, 5 each,
     * from four threads, one per client) for 4 s: 250 are left.
     */
    private static PacerProcess.Result binanceAfterTheOtherProcess(String label, Path rules) throws Exception {
        waitForRoomInTheMinute(9_000);
        exchange.exchange().reset();
        for (int i = 0; i < 23; i++) {
            assertEquals(200, otherProcess(HEAVY_DEPTH));
        }
        return pacer(label, rules, base("api.binance.com") + DEPTH, ALL_CLIENTS, 4, 20, 4).result();
    }

    @Test
    @Order(3)
    void binanceAProcessThatAdoptsTheServersUsedWeightGetsNo429() throws Exception {
        PacerProcess.Result run = binanceAfterTheOtherProcess("binance-sync", rules("binance-sync", BINANCE));
        GroupSnapshot weight = group("binance request-weight");
        String text = describe(weight) + " weight " + weight.okWeight() + "\n  " + run.summary();
        report("binance, used weight", text);
        assertEquals(0, weight.limited(), "429 while listening to X-MBX-USED-WEIGHT-1M\n" + text);
        assertTrue(run.count("200") >= 40 && run.count("200") <= 50, "the 250 left, 5 each\n" + text);
        assertTrue(run.count(WAIT_TIMEOUT) > 0, "then the application is told at once, not left waiting\n" + text);
    }

    @Test
    @Order(4)
    void binanceWithoutTheUsedWeightTheSameProcessGets429() throws Exception {
        PacerProcess.Result run = binanceAfterTheOtherProcess("binance-control", rules("binance-control", BINANCE,
                "limiter.binance-spot-weight.signals = 429, retry-after"));
        GroupSnapshot weight = group("binance request-weight");
        String text = describe(weight) + "\n  " + run.summary();
        report("binance, control without the used weight", text);
        assertTrue(weight.limited() > 0, "the control run must be limited\n" + text);
    }

    @Test
    @Order(5)
    void binanceAfterA418BanTheAgentSendsNothingUntilItEnds() throws Exception {
        exchange.exchange().reset();
        int status = 0;
        for (int i = 0; i < 200 && status != 418; i++) {
            status = otherProcess(HEAVY_DEPTH); // 24 accepted, then 20 refusals within a minute: a 2-minute ban
        }
        assertEquals(418, status, "the other process got the IP banned");
        long bannedBefore = group("binance request-weight").banned();
        PacerProcess.Result run = pacer("binance-ban", rules("binance-ban", BINANCE), base("api.binance.com") + DEPTH,
                ALL_CLIENTS, 4, 4, 3).result();
        GroupSnapshot weight = group("binance request-weight");
        String text = describe(weight) + " (banned before the run: " + bannedBefore + ")\n  " + run.summary();
        report("binance, 418", text);
        assertTrue(weight.banned() - bannedBefore <= 1, "one request learns of the ban, no more\n" + text);
        assertTrue(run.count(WAIT_TIMEOUT) >= 8, "the others fail at once (max-wait 1s)\n" + text);
        assertTrue(run.output().contains("BANNED"), "logged at ERROR\n" + run.output());
    }

    // ---- Body codes (HttpURLConnection, JDK HttpClient, Apache HttpClient 5 classic) ----

    private static final String BODY_CLIENTS = "jdk,urlconnection,apache5";

    /** KIS allows 18 in any second per appkey; the limiter says 30/s: 30/s of demand for 6 s, three threads. */
    private static PacerProcess.Result kis(String label, String... overrides) throws Exception {
        exchange.exchange().reset();
        return pacer(label, rules(label, List.of("preset = kis", "limiter.kis-real.limits = 30/s"), overrides),
                base("openapi.koreainvestment.com")
                + "/uapi/domestic-stock/v1/quotations/inquire-price?FID_INPUT_ISCD=005930", BODY_CLIENTS, 3, 30, 6,
                "--header", "appkey: signals-it").result();
    }

    @Test
    @Order(6)
    void kisEgw00201InTheBodyBringsATooHighRateDown() throws Exception {
        PacerProcess.Result signal = kis("kis-body");
        GroupSnapshot withSignal = group("kis rest");
        PacerProcess.Result control = kis("kis-control", "limiter.kis-real.signals = 429");
        GroupSnapshot without = group("kis rest");
        long late = signal.countFromSecond("500", 3);
        long lateControl = control.countFromSecond("500", 3);
        String text = "EGW00201 from 3 s on: " + late + " listening to kis-body, " + lateControl + " without\n  "
                + describe(withSignal) + "\n  " + signal.summary() + "\n  " + describe(without) + "\n  "
                + control.summary();
        report("kis, EGW00201", text);
        assertTrue(lateControl >= 20, "the control run must keep being refused\n" + text);
        assertTrue(late * 5 <= lateControl, "the rate came down\n" + text);
        assertTrue(withSignal.limited() * 3 <= without.limited(), text);
    }

    /** Gemini free tier allows 5 per minute; the limiter says 60/m: 3 requests/s for 4 s, three threads. */
    private static PacerProcess.Result gemini(String label, String... overrides) throws Exception {
        exchange.exchange().reset();
        return pacer(label, rules(label, List.of("preset = gemini-free", "limiter.gemini-free-pro.limits = 60/m",
                "limiter.gemini-free-pro.max-wait = 1s"), overrides), base("generativelanguage.googleapis.com")
                + "/v1beta/models/gemini-2.5-pro:generateContent", BODY_CLIENTS, 3, 3, 4, "--method", "POST",
                "--header", "x-goog-api-key: signals-it", "--header", "Content-Type: application/json",
                "--body", "{\"contents\":[{\"parts\":[{\"text\":\"advice?\"}]}]}").result();
    }

    @Test
    @Order(7)
    void geminiRetryDelayInTheBodyPausesTheLimiter() throws Exception {
        PacerProcess.Result signal = gemini("gemini-body");
        GroupSnapshot withSignal = group("gemini generate");
        PacerProcess.Result control = gemini("gemini-control", "limiter.gemini-free-pro.signals = 429, retry-after");
        GroupSnapshot without = group("gemini generate");
        String text = "RESOURCE_EXHAUSTED: " + withSignal.limited() + " listening to gemini-body, " + without.limited()
                + " without\n  " + signal.summary() + "\n  " + control.summary();
        report("gemini, RetryInfo", text);
        assertEquals(5, withSignal.ok(), text);
        // One per thread at most can be on its way when the first answer comes back; Apache HttpClient 5 retries a
        // 429 once by itself, reading that first body itself (the agent does not see it).
        assertTrue(withSignal.limited() >= 1 && withSignal.limited() <= 4, "paused after the first\n" + text);
        assertTrue(signal.count(WAIT_TIMEOUT) > 0, "the pause is longer than max-wait\n" + text);
        assertTrue(without.limited() >= 2 * withSignal.limited() && without.limited() >= 6, text);
    }
}
