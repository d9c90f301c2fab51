package io.zero429.testapp.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A hosts file (for {@code -Djdk.net.hosts.file}) that sends the real API host names to 127.0.0.1. */
public final class DemoHosts {
    private DemoHosts() {
    }

    public static Path write(Path dir) throws IOException {
        return Files.writeString(dir.resolve("hosts"), "127.0.0.1 api.upbit.com openapi.koreainvestment.com "
                + "generativelanguage.googleapis.com api.binance.com api.openai.com api.anthropic.com\n");
    }
}
