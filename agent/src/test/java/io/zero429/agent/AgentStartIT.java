package io.zero429.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the agent starts, in a fresh JVM with the real jar: what it says, and when it stops the JVM. */
class AgentStartIT {
    @TempDir
    Path dir;

    /** A program that prints one line, so the test can tell whether the application ran. */
    private Path app() throws Exception {
        Path source = dir.resolve("Hello.java");
        Files.writeString(source, "public class Hello { public static void main(String[] a) { "
                + "System.out.println(\"application ran\"); } }");
        return source;
    }

    /**
     * A program that serves itself on 127.0.0.1 and sends five GETs to {@code /api} with the JDK HttpClient,
     * printing each status (or exception) and the total time.
     */
    private Path fiveRequestsApp() throws Exception {
        return fiveRequestsApp(false);
    }

    /** @param withBody the server answers {@code ok} (a body the agent may watch), else no body */
    private Path fiveRequestsApp(boolean withBody) throws Exception {
        Path source = dir.resolve("FiveRequests.java");
        Files.writeString(source, String.join("\n",
                "import com.sun.net.httpserver.HttpServer;",
                "import java.net.InetSocketAddress;",
                "import java.net.URI;",
                "import java.net.http.*;",
                "public class FiveRequests {",
                "  public static void main(String[] a) throws Exception {",
                "    HttpServer server = HttpServer.create(new InetSocketAddress(\"127.0.0.1\", 0), 0);",
                withBody ? "    server.createContext(\"/\", e -> { e.sendResponseHeaders(200, 2); "
                        + "e.getResponseBody().write(\"ok\".getBytes()); e.close(); });"
                        : "    server.createContext(\"/\", e -> { e.sendResponseHeaders(200, -1); e.close(); });",
                "    server.start();",
                "    HttpClient client = HttpClient.newHttpClient();",
                "    URI uri = URI.create(\"http://127.0.0.1:\" + server.getAddress().getPort() + \"/api\");",
                "    long start = System.nanoTime();",
                "    for (int i = 0; i < 5; i++) {",
                "      try {",
                "        System.out.println(\"status \" + client.send(HttpRequest.newBuilder(uri).build(),",
                "            HttpResponse.BodyHandlers.ofString()).statusCode());",
                "      } catch (java.io.IOException e) {",
                "        System.out.println(\"failed \" + e.getClass().getSimpleName());",
                "      }",
                "    }",
                "    System.out.println(\"millis \" + (System.nanoTime() - start) / 1000000);",
                "    server.stop(0);",
                "  }",
                "}"));
        return source;
    }

    /** Exit code, stdout, stderr of {@code java [jvmArgs] Hello.java}. */
    private String[] run(String... jvmArgs) throws Exception {
        return run(app(), jvmArgs);
    }

    private String[] run(Path program, String... jvmArgs) throws Exception {
        Process p = start(program, jvmArgs);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new String[] {String.valueOf(p.exitValue()), Files.readString(dir.resolve("out.txt")),
            Files.readString(dir.resolve("err.txt"))};
    }

    /** Starts {@code java [jvmArgs] program}, its output going to out.txt and err.txt. */
    private Process start(Path program, String... jvmArgs) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xshare:off"); // keeps the JVM's class-sharing notice out of the output checked here
        command.addAll(Arrays.asList(jvmArgs));
        command.add(program.toString());
        return new ProcessBuilder(command).redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile()).start();
    }

    /** Waits until the process's standard error contains {@code text}; false after 20 s. */
    private boolean awaitErr(String text) throws Exception {
        for (int i = 0; i < 200; i++) {
            if (Files.readString(dir.resolve("err.txt")).contains(text)) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    @Test
    void aFaultInsideAnyHookNeverReachesTheApplication() throws Exception {
        Path rules = rules("limiter.a.limits = 10/s\nlimiter.a.signals = 429, retry-after, kis-body\n"
                + "rule.a.match = 127.0.0.1/api\nrule.a.limiter = a\n");
        Path app = fiveRequestsApp(true);
        for (String point : new String[] {"match", "admission", "response", "metrics", "body"}) {
            String[] r = run(app, "-Dzero429.inject-faults=" + point, agent("rules=" + rules));
            assertEquals("0", r[0], point + ": " + r[2]);
            assertEquals(5, r[1].split("status 200", -1).length - 1, point + ": every request went on\n" + r[1]);
            assertEquals(1, r[2].split("internal fault in", -1).length - 1, point + ": logged once\n" + r[2]);
            assertTrue(r[2].contains("java.lang.IllegalStateException (message withheld)"), point + ": " + r[2]);
        }
    }

    @Test
    void theRulesFileIsWatchedAndABadNewOneIsRejected() throws Exception {
        Path rules = rules("limiter.a.limits = 10/s\nrule.a.match = api.example.com\nrule.a.limiter = a\n");
        Path sleeper = dir.resolve("Sleeper.java");
        Files.writeString(sleeper, "public class Sleeper { public static void main(String[] a) throws Exception { "
                + "Thread.sleep(60000); } }");
        Process app = start(sleeper, agent("rules=" + rules + ",reload.interval=100ms"));
        try {
            assertTrue(awaitErr("instrumenting"), "started");
            rules("limiter.a.limits = 10/s\nlimiter.b.limits = 1/s\nrule.a.match = api.example.com\n"
                    + "rule.a.limiter = a\nrule.b.match = b.example.com\nrule.b.limiter = b\n");
            assertTrue(awaitErr("rules reloaded from " + rules + ": 2 limiters (1 kept with their state), 2 rules"),
                    Files.readString(dir.resolve("err.txt")));
            rules("limiter.a.limits = 10/x\nrule.a.match = api.example.com\nrule.a.limiter = a\n");
            assertTrue(awaitErr(rules + ":1: "), Files.readString(dir.resolve("err.txt")));
            assertTrue(Files.readString(dir.resolve("err.txt")).contains("rules reload REJECTED (1 problem(s) below); "
                    + "the last good configuration stays in force"));
            assertTrue(app.isAlive(), "a bad new file never stops the application");
        } finally {
            app.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String agent(String args) {
        String jar = System.getProperty("zero429.agent.jar");
        return "-javaagent:" + jar + (args == null ? "" : "=" + args);
    }

    private Path rules(String text) throws Exception {
        Path file = dir.resolve("rules.properties");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void startUpPrintsOneInfoLine() throws Exception {
        Path rules = rules("limiter.a.limits = 10/s\nrule.a.match = api.example.com\nrule.a.limiter = a\n");
        String[] r = run(agent("rules=" + rules));
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("application ran"));
        String[] lines = r[2].trim().split("\\R");
        assertEquals(1, lines.length, r[2]);
        assertTrue(lines[0].startsWith("[zero429] INFO zero429 ") && lines[0].contains("1 limiters, 1 rules, mode enforce")
                && lines[0].contains("instrumenting java.net.http.HttpClient"), lines[0]);
    }

    @Test
    void theLogNamesEachClientInUseOnceHookedOrNot() throws Exception {
        // The program's own class bears the name of OkHttp 2.x's client (the launcher compiles it into that package),
        // and it creates two JDK HttpClients: one INFO line for the JDK client, one WARN line for OkHttp 2.x.
        // Where its package says it is: the launcher of JDK 22+ insists.
        Path source = Files.createDirectories(dir.resolve("com/squareup/okhttp")).resolve("OkHttpClient.java");
        Files.writeString(source, "package com.squareup.okhttp; public class OkHttpClient { public static void "
                + "main(String[] a) { java.net.http.HttpClient.newHttpClient(); java.net.http.HttpClient.newHttpClient(); "
                + "System.out.println(\"application ran\"); } }");
        Path rules = rules("limiter.a.limits = 10/s\nrule.a.match = api.example.com\nrule.a.limiter = a\n");
        String[] r = run(source, agent("rules=" + rules));
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("application ran"), r[1]);
        assertEquals(1, count(r[2], "[zero429] INFO java.net.http.HttpClient loaded: hooked"), r[2]);
        assertEquals(1, count(r[2], "[zero429] WARN OkHttp 2.x (com.squareup.okhttp) loaded, and zero429 does not hook it: its "
                + "requests are neither limited nor counted"), r[2]);
    }

    @Test
    void presetsLoadFromTheJarOnTheBootClassPathWithTheFilesOwnRulesFirst() throws Exception {
        Path rules = rules("preset = upbit\nlimiter.a.limits = 1/m\nlimiter.a.max-wait = 1s\n"
                + "rule.a.match = 127.0.0.1/api\nrule.a.limiter = a\n");
        String[] r = run(fiveRequestsApp(), "-Dzero429.preset=upbit, deepseek", agent("rules=" + rules));
        assertEquals("0", r[0], r[2]);
        assertTrue(r[2].contains("10 limiters, 10 rules"), r[2]);
        assertEquals(1, count(r[1], "status 200"), r[1]);
        assertEquals(4, count(r[1], "failed Zero429WaitTimeoutException"), r[1]);
    }

    @Test
    void theLogLevelMayBeGivenAmongTheAgentArguments() throws Exception {
        Path rules = rules("limiter.a.limits = 10/s\nrule.a.match = 127.0.0.1/api\nrule.a.limiter = a\n");
        String[] r = run(fiveRequestsApp(), agent("rules=" + rules + ",log.level=debug"));
        assertEquals("0", r[0], r[2]);
        assertTrue(r[2].contains("[zero429] DEBUG hooked jdk.internal.net.http.HttpClientImpl"), r[2]);
    }

    @Test
    void withoutRulesOrDisabledItInstallsNothingAndSaysSo() throws Exception {
        String[] none = run(agent(null));
        assertEquals("0", none[0]);
        assertTrue(none[2].contains("no rules given") && none[2].contains("nothing installed"), none[2]);
        String[] off = run("-Dzero429.enabled=false", agent("rules=/does/not/matter"));
        assertEquals("0", off[0]);
        assertTrue(off[2].contains("disabled") && off[1].contains("application ran"), off[2]);
    }

    @Test
    void aBadRulesFileStopsTheJvmWithEveryProblem() throws Exception {
        Path rules = rules("limiter.a.limts = 10/s\nlimiter.a.limits = 10/x\nrule.a.match = api.example.com\n"
                + "rule.a.limiter = b\n");
        String[] r = run(agent("rules=" + rules));
        assertEquals("2", r[0]);
        assertFalse(r[1].contains("application ran"), "the application must not run unprotected");
        assertTrue(r[2].contains(rules + ":1: unknown key 'limiter.a.limts'; did you mean limiter.a.limits?"), r[2]);
        assertTrue(r[2].contains(rules + ":2: ") && r[2].contains(rules + ":4: unknown limiter 'b'"), r[2]);
        assertTrue(r[2].contains("-Dzero429.on-bad-rules=continue"), r[2]);
    }

    @Test
    void theOperatorMayChooseToContinueWithoutTheAgent() throws Exception {
        Path rules = rules("limiter.a.limits = fast\n");
        String[] r = run("-Dzero429.on-bad-rules=continue", agent("rules=" + rules));
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("application ran"));
        assertTrue(r[2].contains("continuing WITHOUT zero429"), r[2]);
    }

    @Test
    void aBadOverrideIsNamedByItsFlag() throws Exception {
        Path rules = rules("limiter.a.limits = 10/s\nrule.a.match = api.example.com\nrule.a.limiter = a\n");
        String[] r = run("-Dzero429.limiter.a.mode=sliding", agent("rules=" + rules));
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("-Dzero429.limiter.a.mode: bad mode 'sliding'"), r[2]);
    }

    @Test
    void observeModeDelaysNothingAndSaysWhatItWouldHaveDone() throws Exception {
        Path rules = rules("limiter.a.limits = 1/m\nlimiter.a.max-wait = 1s\nrule.a.match = 127.0.0.1/api\n"
                + "rule.a.limiter = a\n");
        String[] enforced = run(fiveRequestsApp(), agent("rules=" + rules));
        assertEquals("0", enforced[0], enforced[2]);
        assertEquals(1, count(enforced[1], "status 200"), enforced[1]);
        assertEquals(4, count(enforced[1], "failed Zero429WaitTimeoutException"), enforced[1]);

        String[] observed = run(fiveRequestsApp(), agent("rules=" + rules + ",mode=observe"));
        assertEquals("0", observed[0], observed[2]);
        assertEquals(5, count(observed[1], "status 200"), observed[1]);
        assertTrue(observed[2].contains("mode observe"), observed[2]);
        assertEquals(1, count(observed[2], "observe mode: a request under rule 'a' would have waited"), observed[2]);
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
