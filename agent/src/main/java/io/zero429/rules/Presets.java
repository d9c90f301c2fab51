package io.zero429.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The shipped presets: rules files for real APIs, kept as resources ({@code io/zero429/presets/NAME.properties}).
 * Each begins with {@code # description:}, {@code # source:} and {@code # checked:} comment lines, which
 * {@code java -jar zero429-agent.jar presets} shows.
 */
public final class Presets {
    /** Every shipped preset, in the order they are listed. */
    public static final List<String> NAMES = Collections.unmodifiableList(Arrays.asList("upbit", "kis",
            "gemini-free", "binance-spot", "openai", "deepseek"));
    private static final String RESOURCE_DIR = "/io/zero429/presets/";

    private Presets() {
    }

    public static boolean exists(String name) {
        return NAMES.contains(name);
    }

    /** What a preset's problems are located in: {@code preset upbit:12: ...}. */
    static String sourceName(String name) {
        return "preset " + name;
    }

    static boolean isPresetSource(String source) {
        return source.startsWith("preset ");
    }

    /** The text of a shipped preset, as written (comments included). */
    public static String text(String name) {
        if (!exists(name)) {
            throw new IllegalArgumentException("unknown preset '" + Text.shorten(name) + "'");
        }
        try (InputStream in = Presets.class.getResourceAsStream(RESOURCE_DIR + name + ".properties")) {
            if (in == null) {
                throw new IllegalStateException("preset '" + name + "' is missing from the agent jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The preset's settings, each located in the preset ({@code preset upbit}, line). */
    static RulesFile.Read read(String name) {
        return RulesFile.settings(sourceName(name), text(name));
    }

    /** The one-line description from the preset's {@code # description:} comment. */
    public static String description(String name) {
        List<String> values = header(name, "description");
        return values.isEmpty() ? "" : values.get(0);
    }

    /** The preset's {@code # source:} lines: where its figures come from. */
    public static List<String> sources(String name) {
        return header(name, "source");
    }

    /** The date the figures were last checked against their sources ({@code # checked:}). */
    public static String checked(String name) {
        List<String> values = header(name, "checked");
        return values.isEmpty() ? "" : values.get(0);
    }

    private static List<String> header(String name, String field) {
        String prefix = "# " + field + ":";
        List<String> values = new ArrayList<>();
        for (String line : text(name).split("\\R")) {
            if (line.startsWith(prefix)) {
                values.add(line.substring(prefix.length()).trim());
            }
        }
        return values;
    }
}
