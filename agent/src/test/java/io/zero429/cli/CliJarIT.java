package io.zero429.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command-line tool as users run it: {@code java -jar zero429-agent.jar ...} on the real shaded jar. */
class CliJarIT {
    @TempDir
    Path dir;

    static Path agentJar() {
        String path = System.getProperty("zero429.agent.jar");
        assertTrue(path != null && Files.isRegularFile(Paths.get(path)), "the shaded jar is built first: " + path);
        return Paths.get(path);
    }

    /** Exit code, stdout, stderr. */
    private static String[] java(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(agentJar().toString());
        command.addAll(Arrays.asList(args));
        Path out = Files.createTempFile("cli", ".out");
        Path err = Files.createTempFile("cli", ".err");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the CLI finished");
        return new String[] {String.valueOf(process.exitValue()), Files.readString(out), Files.readString(err)};
    }

    @Test
    void checkAcceptsTheExample() throws Exception {
        String[] r = java("check", MainTest.example());
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("kis: 18/s (window)"), r[1]);
    }

    @Test
    void matchNamesUpbitQuoteForACandleRequest() throws Exception {
        String[] r = java("match", MainTest.example(), "GET", "https://api.upbit.com/v1/candles/minutes/1");
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("upbit-quote") && r[1].contains("upbit-market"), r[1]);
    }

    @Test
    void threeMistakesGiveThreeFileLineMessagesAndExit2() throws Exception {
        Path bad = dir.resolve("bad.properties");
        Files.writeString(bad, "limiter.kis.limts = 18/s\nlimiter.kis.limits = 18/x\nrule.kis.match = a.com\n"
                + "rule.kis.limiter = kiss\n", StandardCharsets.UTF_8);
        String[] r = java("check", bad.toString());
        assertEquals("2", r[0]);
        List<String> located = Arrays.stream(r[2].split("\\R")).filter(l -> l.startsWith(bad + ":"))
                .collect(Collectors.toList());
        assertEquals(3, located.size(), r[2]);
    }

    @Test
    void thePresetsShipInTheJar() throws Exception {
        String[] list = java("presets");
        assertEquals("0", list[0], list[2]);
        assertTrue(list[1].contains("binance-spot") && list[1].contains("deepseek"), list[1]);
        Path rules = dir.resolve("rules.properties");
        Files.writeString(rules, "preset = upbit, kis\n", StandardCharsets.UTF_8);
        String[] check = java("check", rules.toString());
        assertEquals("0", check[0], check[2]);
        assertTrue(check[1].contains("upbit-order: 12/s burst 12") && check[1].contains("kis-real: 18/s (window)"),
                check[1]);
    }

    @Test
    void anUnknownCommandIsExplained() throws Exception {
        String[] r = java("frobnicate");
        assertEquals("1", r[0]);
        assertTrue(r[2].contains("unknown command 'frobnicate'"), r[2]);
    }

    @Test
    void theJarCarriesOnlyZero429ClassesWithDependenciesRelocated() throws Exception {
        try (JarFile jar = new JarFile(agentJar().toFile())) {
            List<String> outside = jar.stream().map(e -> e.getName())
                    .filter(n -> n.endsWith(".class") && !n.startsWith("io/zero429/")
                            && !n.matches("META-INF/versions/\\d+/io/zero429/.*"))
                    .collect(Collectors.toList());
            assertEquals(List.of(), outside.subList(0, Math.min(10, outside.size())));
            assertTrue(jar.getEntry("io/zero429/shaded/net/bytebuddy/ByteBuddy.class") != null);
            assertTrue(jar.getEntry("io/zero429/shaded/org/slf4j/LoggerFactory.class") != null);
            assertEquals("io.zero429.cli.Main", jar.getManifest().getMainAttributes().getValue("Main-Class"));
            assertTrue(jar.getEntry("META-INF/services/io.zero429.shaded.org.slf4j.spi.SLF4JServiceProvider") != null,
                    "the logging binding's service file is relocated with slf4j");
        }
        assertTrue(agentJar().toFile().length() > 0 && File.separatorChar != 0);
    }
}
