package io.zero429.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zero429.agent.bootapp.BootApp;
import io.zero429.instrument.testing.LimitedServer;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Spring Boot 3 executable jar, laid out as Spring Boot's build plugins lay it out (its launcher at the root,
 * the application in {@code BOOT-INF/classes}, every library a stored jar in {@code BOOT-INF/lib}), run with
 * {@code java -jar}: the clients are loaded by Spring Boot's launcher class loader from nested jars. {@link BootApp}
 * sends a burst through {@code RestClient} (Apache HttpClient 5) and one through {@code WebClient} (Reactor Netty)
 * against a server that allows 10/s burst 10 exactly: throttled with the agent as on a flat class path, rejected
 * without it.
 */
class SpringBootJarIT {
    private static final int REQUESTS = 25;
    /** What the jar's {@code BOOT-INF/lib} takes from the test class path: the Spring, Reactor and HTTP client jars. */
    private static final List<String> LIBRARIES = List.of("spring-", "micrometer-", "reactor-", "reactive-streams-",
            "netty-", "httpclient5-", "httpcore5-", "slf4j-api-");

    @TempDir
    static Path dir;
    private static Path jar;

    @BeforeAll
    static void packTheJar() throws Exception {
        jar = dir.resolve("boot-app.jar");
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.put(Attributes.Name.MAIN_CLASS, "org.springframework.boot.loader.launch.JarLauncher");
        main.putValue("Start-Class", BootApp.class.getName());
        main.putValue("Spring-Boot-Classes", "BOOT-INF/classes/");
        main.putValue("Spring-Boot-Lib", "BOOT-INF/lib/");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            copyLoader(out);
            out.putNextEntry(new JarEntry("BOOT-INF/"));
            out.closeEntry();
            copyApplication(out);
            out.putNextEntry(new JarEntry("BOOT-INF/lib/"));
            out.closeEntry();
            for (Path library : libraries()) {
                stored(out, "BOOT-INF/lib/" + library.getFileName(), Files.readAllBytes(library));
            }
        }
    }

    /** Spring Boot's launcher, at the root of the jar as the build plugins put it. */
    private static void copyLoader(JarOutputStream out) throws IOException {
        Path loader = classPath().filter(p -> p.getFileName().toString().startsWith("spring-boot-loader-"))
                .findFirst().orElseThrow(() -> new IllegalStateException("spring-boot-loader on the test class path"));
        try (JarFile loaderJar = new JarFile(loader.toFile())) {
            for (JarEntry entry : java.util.Collections.list(loaderJar.entries())) {
                if (entry.getName().startsWith("org/") && !entry.isDirectory()) {
                    try (InputStream in = loaderJar.getInputStream(entry)) {
                        out.putNextEntry(new JarEntry(entry.getName()));
                        in.transferTo(out);
                        out.closeEntry();
                    }
                }
            }
        }
    }

    private static void copyApplication(JarOutputStream out) throws Exception {
        Path classes = Paths.get(BootApp.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String packagePath = BootApp.class.getPackageName().replace('.', '/');
        String directory = "BOOT-INF/classes/";
        out.putNextEntry(new JarEntry(directory));
        out.closeEntry();
        for (String part : packagePath.split("/")) {
            directory += part + "/";
            out.putNextEntry(new JarEntry(directory));
            out.closeEntry();
        }
        try (Stream<Path> files = Files.list(classes.resolve(packagePath))) {
            for (Path file : (Iterable<Path>) files::iterator) {
                out.putNextEntry(new JarEntry("BOOT-INF/classes/" + packagePath + "/" + file.getFileName()));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
    }

    private static List<Path> libraries() {
        List<Path> libraries = new ArrayList<>();
        classPath().filter(p -> p.toString().endsWith(".jar")).forEach(p -> {
            String name = p.getFileName().toString();
            if (!name.startsWith("spring-boot-loader-") && LIBRARIES.stream().anyMatch(name::startsWith)) {
                libraries.add(p);
            }
        });
        return libraries;
    }

    private static Stream<Path> classPath() {
        return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator)).map(Paths::get);
    }

    /** A nested jar is stored, not deflated, as Spring Boot's loader requires. */
    private static void stored(JarOutputStream out, String name, byte[] bytes) throws IOException {
        JarEntry entry = new JarEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(bytes.length);
        entry.setCompressedSize(bytes.length);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        entry.setCrc(crc.getValue());
        out.putNextEntry(entry);
        out.write(bytes);
        out.closeEntry();
    }

    @Test
    void restClientAndWebClientInsideTheJarAreThrottledAsOnAFlatClassPath() throws Exception {
        Path rules = dir.resolve("boot.properties");
        Files.writeString(rules, "limiter.boot.limits = 10/s burst 10\nrule.boot.match = 127.0.0.1/limited/boot/**\n"
                + "rule.boot.limiter = boot\n");
        try (LimitedServer server = new LimitedServer(10, 10)) {
            Run run = run(server.url("/limited/boot/x"), "-javaagent:" + System.getProperty("zero429.agent.jar")
                    + "=rules=" + rules);
            assertTrue(run.stdout.contains("loader org.springframework.boot.loader.launch.LaunchedClassLoader"),
                    "the clients came from Spring Boot's launcher class loader: " + run);
            assertTrue(run.stdout.contains("rest statuses {200=" + REQUESTS + "}"), run.toString());
            assertTrue(run.stdout.contains("web statuses {200=" + REQUESTS + "}"), run.toString());
            assertTrue(run.stderr.contains("[zero429] INFO Apache HttpClient 5 loaded: hooked")
                    && run.stderr.contains("[zero429] INFO Reactor Netty HttpClient loaded: hooked"), run.toString());
            assertFalse(run.stderr.contains("[zero429] WARN") || run.stderr.contains("[zero429] ERROR"), run.stderr);
            assertEquals(0, server.rejected(), "requests the server saw over its limit");
            assertEquals(2 * REQUESTS, server.accepted());
        }
    }

    /** The same jar without the agent: the server refuses part of each burst (the test can tell). */
    @Test
    void withoutTheAgentTheServerRejectsPartOfTheBursts() throws Exception {
        try (LimitedServer server = new LimitedServer(10, 10)) {
            Run run = run(server.url("/limited/boot/x"));
            assertTrue(run.stdout.contains("web statuses"), run.toString());
            System.out.println("without the agent: the server accepted " + server.accepted() + ", rejected "
                    + server.rejected() + "; " + run.stdout.replace('\n', ' '));
            assertTrue(server.rejected() > 0, "rejected " + server.rejected() + ": " + run);
        }
    }

    private static Run run(String url, String... jvmOptions) throws Exception {
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xshare:off"));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-jar", jar.toString(), url, String.valueOf(REQUESTS)));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(process.waitFor(180, TimeUnit.SECONDS), "the application finished");
        Run run = new Run(Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        assertEquals(0, process.exitValue(), run.toString());
        return run;
    }

    private static final class Run {
        final String stdout;
        final String stderr;

        Run(String stdout, String stderr) {
            this.stdout = stdout;
            this.stderr = stderr;
        }

        @Override
        public String toString() {
            return "stdout: " + stdout + "\nstderr: " + stderr;
        }
    }
}
