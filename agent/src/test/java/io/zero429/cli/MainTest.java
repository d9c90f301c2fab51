package io.zero429.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    static String example() {
        try {
            return Paths.get(MainTest.class.getResource("/rules/example.properties").toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void checkSummarisesAValidFile() {
        assertEquals(0, run("check", example()));
        String text = out();
        assertTrue(text.contains("OK (6 limiters, 7 rules; mode enforce)"), text);
        assertTrue(text.contains("kis: 18/s (window)"), text);
        assertTrue(text.contains("binance-depth -> binance-weight:5"), text);
        assertTrue(text.contains("max-wait 2m"), text);
        assertTrue(text.contains("Clients hooked: java.net.http.HttpClient, HttpURLConnection, OkHttp, "
                + "Apache HttpClient 4, Apache HttpClient 5, Reactor Netty HttpClient, Jetty HttpClient 12, Jetty HttpClient 9.4-11, "
                + "Vert.x HttpClient"), text);
        String notHooked = text.lines().filter(line -> line.startsWith("Not hooked")).findFirst().orElse("");
        assertTrue(notHooked.contains("their requests neither limited nor counted") && notHooked.contains("OkHttp 2.x")
                && notHooked.contains("AsyncHttpClient") && !notHooked.contains("Jetty"), text);
        assertEquals("", err());
    }

    @Test
    void checkReportsEveryProblemAndExits2() throws Exception {
        Path bad = dir.resolve("bad.properties");
        Files.writeString(bad, "limiter.kis.limts = 18/s\nlimiter.kis.limits = 18/x\nrule.kis.match = a.com\n"
                + "rule.kis.limiter = kiss\n");
        assertEquals(2, run("check", bad.toString()));
        String[] lines = err().split("\\R");
        assertEquals(bad + ":1: unknown key 'limiter.kis.limts'; did you mean limiter.kis.limits?", lines[0]);
        assertTrue(lines[1].startsWith(bad + ":2: "), lines[1]);
        assertTrue(lines[2].startsWith(bad + ":4: unknown limiter 'kiss'"), lines[2]);
        assertEquals("3 problems in " + bad, lines[3]);
    }

    @Test
    void matchNamesTheRuleLimitersAndCosts() {
        assertEquals(0, run("match", example(), "GET", "https://api.upbit.com/v1/candles/minutes/1"));
        assertTrue(out().contains("rule:     upbit-quote"), out());
        assertTrue(out().contains("limiter:  upbit-market  cost 1"), out());
        out.reset();
        assertEquals(0, run("match", example(), "GET", "https://api.binance.com/api/v3/depth?symbol=BTCUSDT"));
        assertTrue(out().contains("limiter:  binance-weight  cost 5"), out());
    }

    @Test
    void matchShowsTheHashedPartitionNeverTheValue() {
        assertEquals(0, run("match", example(), "GET", "https://api.upbit.com/v1/accounts", "-H",
                "Authorization: Bearer very-secret"));
        assertTrue(out().contains("key:      header:Authorization  partition #"), out());
        assertTrue(!out().contains("very-secret"), out());
    }

    @Test
    void matchSaysWhenNoRuleMatches() {
        assertEquals(0, run("match", example(), "GET", "https://example.com/x"));
        assertTrue(out().startsWith("no rule matches GET https://example.com/x"), out());
    }

    @Test
    void usageErrorsAreClear() {
        assertEquals(1, run("match", example(), "GET", "not a url"));
        assertTrue(err().contains("bad URL"), err());
        assertEquals(1, run("frobnicate"));
        assertTrue(err().contains("unknown command 'frobnicate'"), err());
        assertEquals(1, run("chek", "x"));
        assertTrue(err().contains("did you mean 'check'?"), err());
        assertEquals(2, run("check", dir.resolve("missing.properties").toString()));
        assertTrue(err().contains("no such rules file"), err());
        assertEquals(1, run());
        assertEquals(0, run("--help"));
        assertTrue(out().contains("check FILE"), out());
        assertTrue(out().contains("presets NAME"), out());
    }

    @Test
    void presetsListsEveryPresetWithItsSourceAndDate() {
        assertEquals(0, run("presets"));
        for (String name : io.zero429.rules.Presets.NAMES) {
            assertTrue(out().contains("\n  " + name + "  "), name + " in " + out());
        }
        assertTrue(out().contains("source: https://docs.upbit.com/kr/reference/rate-limits"), out());
        assertTrue(out().contains("checked: 2026-11-27"), out());
    }

    @Test
    void presetsNamePrintsARulesFileAndUnknownNamesAreSuggested() throws Exception {
        assertEquals(0, run("presets", "kis"));
        assertTrue(out().startsWith("# zero429 preset \"kis\""), out());
        assertTrue(out().contains("limiter.kis-real.limits  = 18/s"), out());
        Path copy = dir.resolve("kis.properties");
        Files.writeString(copy, out());
        out.reset();
        assertEquals(0, run("check", copy.toString()), err());
        assertTrue(out().contains("OK (4 limiters, 4 rules"), "a printed preset is a valid rules file: " + out());
        assertEquals(1, run("presets", "upbti"));
        assertTrue(err().contains("unknown preset 'upbti'; did you mean 'upbit'?"), err());
    }

    @Test
    void checkShowsWhatAPresetExpandedToWithListeningAndConcurrency() throws Exception {
        Path file = dir.resolve("rules.properties");
        Files.writeString(file, "preset = binance-spot, deepseek\nlimiter.deepseek.concurrency = 20\n");
        assertEquals(0, run("check", file.toString()), err());
        String text = out();
        assertTrue(text.contains("OK (3 limiters, 10 rules"), text);
        assertTrue(text.contains("Presets: binance-spot, deepseek"), text);
        assertTrue(text.contains("listens to: signals 429, retry-after, binance-weight, binance-body; ban status 418"),
                text);
        assertTrue(text.contains("concurrency: at most 20 in flight"), text);
        assertTrue(text.contains("binance-spot-depth -> binance-spot-weight:5  [preset binance-spot:"), text);
    }

    @Test
    void checkPresetWithoutAFile() {
        assertEquals(0, run("check", "--preset", "gemini-free"));
        assertTrue(out().startsWith("--preset gemini-free: OK (4 limiters, 4 rules"), out());
        assertTrue(out().contains("gemini-free-pro: 5/m, 100/d (window)"), out());
        assertEquals(2, run("check", "--preset", "gemni-free"));
        assertTrue(err().contains("--preset: unknown preset 'gemni-free'; did you mean 'gemini-free'?"), err());
    }
}
