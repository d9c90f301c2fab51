package io.zero429;

import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Initializes the agent's own classes when it starts, before the application sends anything. The first request
 * to reach a class initializes it on an application thread, and every other thread reaching it meanwhile waits
 * for that initialization: a virtual thread waiting so pins its carrier (class initialization still pins on JDK
 * 25), and the wait delays a request the limiter has already released. Loading them all at start (a few hundred
 * small classes, some tens of milliseconds) removes both, without a list to keep up to date.
 *
 * <p>Left out: the shaded dependencies (loaded when the agent uses them, which is at start for most), the CLI,
 * and the advice classes, which Byte Buddy copies into the client's methods and which may name the client's
 * types, absent from the bootstrap class path.
 */
final class AgentClasses {
    private static final String ROOT = "io/zero429/";
    private static final String SUFFIX = ".class";

    private AgentClasses() {
    }

    /** Initializes every agent class of {@code jar} through {@code loader}; returns how many it initialized. */
    static int initialize(JarFile jar, ClassLoader loader) {
        int initialized = 0;
        for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
            String entry = entries.nextElement().getName();
            if (!onTheRequestPath(entry)) {
                continue;
            }
            String name = entry.substring(0, entry.length() - SUFFIX.length()).replace('/', '.');
            try {
                Class.forName(name, true, loader);
                initialized++;
            } catch (ClassNotFoundException | LinkageError e) {
                // Not needed to start: it loads when first used, as it would have without this.
            }
        }
        return initialized;
    }

    static boolean onTheRequestPath(String entry) {
        if (!entry.startsWith(ROOT) || !entry.endsWith(SUFFIX)) {
            return false;
        }
        String path = entry.substring(ROOT.length());
        String simpleName = path.substring(path.lastIndexOf('/') + 1);
        return !path.startsWith("shaded/") && !path.startsWith("cli/") && !simpleName.contains("Advice")
                && !path.equals("Agent" + SUFFIX);
    }
}
