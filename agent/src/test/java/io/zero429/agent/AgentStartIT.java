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

    /** Exit code, stdout, stderr of {@code java [jvmArgs] Hello.java}. */
    private String[] run(String... jvmArgs) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xshare:off"); // keeps the JVM's class-sharing notice out of the output checked here
        command.addAll(Arrays.asList(jvmArgs));
        command.add(app().toString());
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new String[] {String.valueOf(p.exitValue()), Files.readString(out), Files.readString(err)};
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
}
