package io.zero429;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentClassesTest {
    @TempDir
    Path dir;

    /** Stands for an agent class on the request path: its initialization is seen from outside. */
    static final class OnTheRequestPath {
        static {
            Initialized.onTheRequestPath = true;
        }
    }

    /** Stands for an advice class: Byte Buddy copies it into the client, nothing may initialize it here. */
    static final class SomeAdvice {
        static {
            Initialized.advice = true;
        }
    }

    static final class Initialized {
        static volatile boolean onTheRequestPath;
        static volatile boolean advice;
    }

    @Test
    void initializesTheAgentsClassesAndSkipsWhatCannotOrMustNotLoad() throws IOException {
        Path jar = dir.resolve("agent.jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            for (String entry : new String[] {"META-INF/MANIFEST.MF", "io/zero429/",
                    entry(OnTheRequestPath.class), entry(SomeAdvice.class),
                    "io/zero429/signal/NoSuchClass.class", // named in the jar, absent: skipped, nothing thrown
                    "io/zero429/shaded/net/bytebuddy/ByteBuddy.class", "io/zero429/cli/Main.class"}) {
                out.putNextEntry(new ZipEntry(entry));
                out.closeEntry();
            }
        }
        assertFalse(Initialized.onTheRequestPath);

        int initialized;
        try (JarFile file = new JarFile(jar.toFile())) {
            initialized = AgentClasses.initialize(file, AgentClassesTest.class.getClassLoader());
        }

        assertTrue(Initialized.onTheRequestPath, "the request-path class was initialized");
        assertFalse(Initialized.advice, "an advice class is never initialized");
        assertEquals(1, initialized);
    }

    @Test
    void choosesTheAgentsOwnClassesOnly() {
        assertTrue(AgentClasses.onTheRequestPath("io/zero429/signal/RetryAfter.class"));
        assertTrue(AgentClasses.onTheRequestPath("io/zero429/Engine$Ticket.class"));
        assertTrue(AgentClasses.onTheRequestPath("io/zero429/instrument/apache5/WatchedCallback.class"));
        assertFalse(AgentClasses.onTheRequestPath("io/zero429/instrument/jdkhttp/SendAdvice.class"));
        assertFalse(AgentClasses.onTheRequestPath("io/zero429/instrument/jdkhttp/SendAdvice$1.class"));
        assertFalse(AgentClasses.onTheRequestPath("io/zero429/shaded/org/slf4j/Logger.class"));
        assertFalse(AgentClasses.onTheRequestPath("io/zero429/cli/Main.class"));
        assertFalse(AgentClasses.onTheRequestPath("io/zero429/Agent.class"));
        assertFalse(AgentClasses.onTheRequestPath("io/zero429/rules/"));
        assertFalse(AgentClasses.onTheRequestPath("META-INF/versions/9/module-info.class"));
    }

    private static String entry(Class<?> type) {
        return type.getName().replace('.', '/') + ".class";
    }
}
