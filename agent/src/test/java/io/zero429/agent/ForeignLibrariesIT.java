package io.zero429.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application with its own, different Byte Buddy, slf4j and logback ({@code src/test/resources/foreign-app},
 * libraries copied to {@code target/foreign-app/lib} by the build) runs with the agent in a fresh JVM: its libraries
 * work and are its own, its logging stays in logback, the agent's stays on standard error with its prefix, and
 * its requests are throttled.
 */
class ForeignLibrariesIT {
    private static final Path APP_LIBS = Paths.get("target", "foreign-app", "lib");

    @TempDir
    Path dir;

    @Test
    void anApplicationWithItsOwnByteBuddySlf4jAndLogbackRunsThrottledAndUndisturbed() throws Exception {
        Path rules = dir.resolve("rules.properties");
        Files.writeString(rules, "limiter.app.limits = 10/s burst 10\nlimiter.child.limits = 10/s burst 10\n"
                + "rule.app.match = 127.0.0.1/huc/**\nrule.app.limiter = app\n"
                + "rule.child.match = 127.0.0.1/child/**\nrule.child.limiter = child\n");
        Path source = Paths.get(getClass().getResource("/foreign-app/ForeignApp.java").toURI());
        Path child = childClasses();
        List<String> command = new ArrayList<>(Arrays.asList(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-Xshare:off",
                "-javaagent:" + System.getProperty("zero429.agent.jar") + "=rules=" + rules,
                "-cp", APP_LIBS.toAbsolutePath() + File.separator + "*", source.toString(), child.toString(),
                "ChildCalls"));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the application finished");
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), stdout + stderr);

        assertTrue(stdout.contains("made by the application's Byte Buddy"), stdout);
        assertTrue(stdout.contains("byte-buddy from ") && stdout.contains("byte-buddy-1.14.18.jar"), stdout);
        assertTrue(stdout.contains("INFO foreign-app -- logging through ch.qos.logback.classic.LoggerContext"),
                "the application's slf4j is bound to its logback: " + stdout);
        assertFalse(stdout.contains("zero429"), "nothing of the agent in the application's log: " + stdout);
        assertTrue(stderr.contains("[zero429] INFO zero429 "), stderr);
        assertTrue(stderr.contains("[zero429] INFO HttpURLConnection loaded: hooked")
                && stderr.contains("[zero429] INFO Apache HttpClient 4 loaded: hooked"), "each client named once it "
                + "is loaded, the child loader's too: " + stderr);
        assertFalse(stderr.contains("[zero429] WARN") || stderr.contains("[zero429] ERROR"), stderr);
        assertFalse(stderr.contains("sun.misc.Unsafe"), "no JVM warning caused by the agent's Byte Buddy: " + stderr);

        Matcher huc = Pattern.compile("huc millis (\\d+)").matcher(stdout);
        assertTrue(huc.find(), stdout);
        // 10 at once, then two more at ~102 ms each.
        assertTrue(Long.parseLong(huc.group(1)) >= 190, "12 requests at 10/s burst 10 took " + huc.group(1) + " ms");
        Matcher childRun = Pattern.compile("child loader URLClassLoader millis (\\d+)").matcher(stdout);
        assertTrue(childRun.find(), "Apache HttpClient loaded by a child URLClassLoader ran: " + stdout);
        assertTrue(Long.parseLong(childRun.group(1)) >= 190, "12 requests through Apache HttpClient in a child loader "
                + "took " + childRun.group(1) + " ms: not throttled");
    }

    /**
     * A directory with Apache HttpClient 4.5's jars (copied by the build) and {@code ChildCalls}, compiled against
     * them: what ForeignApp loads through its child URLClassLoader.
     */
    private Path childClasses() throws Exception {
        Path childDir = Files.createDirectories(dir.resolve("child"));
        Path libs = Paths.get("target", "foreign-app", "child-lib").toAbsolutePath();
        StringBuilder classPath = new StringBuilder();
        try (java.util.stream.Stream<Path> jars = Files.list(libs)) {
            for (Path jar : (Iterable<Path>) jars::iterator) {
                Files.copy(jar, childDir.resolve(jar.getFileName()));
                classPath.append(classPath.length() == 0 ? "" : File.pathSeparator).append(jar);
            }
        }
        Path source = Paths.get(getClass().getResource("/foreign-child/ChildCalls.java").toURI());
        int compiled = javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, "-cp",
                classPath.toString(), "-d", childDir.toString(), source.toString());
        assertEquals(0, compiled, "ChildCalls compiles against Apache HttpClient 4.5");
        return childDir;
    }
}
