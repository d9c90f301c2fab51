package io.zero429;

import java.io.File;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.net.URL;
import java.util.Enumeration;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The {@code Premain-Class} and {@code Agent-Class}. It only puts the agent jar on the bootstrap class path, so
 * that advice woven into JDK classes and into any application class loader reaches the same engine, and hands over
 * to {@link AgentInstaller} there. Nothing else may be referenced from this class: it is the one agent class the
 * application class loader defines.
 */
public final class Agent {
    private Agent() {
    }

    public static void premain(String args, Instrumentation instrumentation) {
        start(args, instrumentation);
    }

    public static void agentmain(String args, Instrumentation instrumentation) {
        start(args, instrumentation);
    }

    private static void start(String args, Instrumentation instrumentation) {
        try {
            applyLogLevel(args);
            File jar = agentJar();
            instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(jar));
            Class<?> installer = Class.forName("io.zero429.AgentInstaller", true, null);
            installer.getMethod("install", String.class, Instrumentation.class, File.class)
                    .invoke(null, args, instrumentation, jar);
        } catch (Throwable e) {
            // The agent must never break the application: say why, and let it run unthrottled.
            System.err.println("[zero429] ERROR could not start the agent; the application runs without it: " + e);
        }
    }

    /**
     * {@code log.level=...} among the agent arguments: the agent's loggers take their level when first created,
     * before the rest of the arguments are read, so it goes to the system property they read (arguments win over
     * {@code -D}, as for every flag).
     */
    private static void applyLogLevel(String args) {
        if (args == null) {
            return;
        }
        for (String part : args.split(",")) {
            String trimmed = part.trim();
            if (trimmed.startsWith("log.level=")) {
                System.setProperty("zero429.log.level", trimmed.substring("log.level=".length()).trim());
            }
        }
    }

    /**
     * The jar given to {@code -javaagent}: the class path entry whose manifest names this class as Premain-Class.
     * Not simply this class's code source, which is a directory when the same classes are also on the class path
     * (as in the agent's own tests).
     */
    private static File agentJar() throws Exception {
        Enumeration<URL> manifests = ClassLoader.getSystemClassLoader().getResources(JarFile.MANIFEST_NAME);
        while (manifests.hasMoreElements()) {
            URL url = manifests.nextElement();
            try (InputStream in = url.openStream()) {
                String premain = new Manifest(in).getMainAttributes().getValue("Premain-Class");
                String spec = url.toString();
                if (Agent.class.getName().equals(premain) && spec.startsWith("jar:file:")) {
                    return new File(new URL(spec.substring(4, spec.indexOf("!/"))).toURI());
                }
            }
        }
        return new File(Agent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
