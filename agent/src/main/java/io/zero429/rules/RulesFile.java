package io.zero429.rules;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a rules file into {@link Setting}s with their line numbers. */
public final class RulesFile {
    /** Largest rules file read: a real one is a few KB; anything near this is not a rules file. */
    static final long MAX_BYTES = 4L * 1024 * 1024;

    private RulesFile() {
    }

    /** The settings read, and what was wrong with the text itself (duplicate keys, bad escapes). */
    public static final class Read {
        private final List<Setting> settings;
        private final List<Problem> problems;

        Read(List<Setting> settings, List<Problem> problems) {
            this.settings = Collections.unmodifiableList(settings);
            this.problems = Collections.unmodifiableList(problems);
        }

        public List<Setting> settings() {
            return settings;
        }

        public List<Problem> problems() {
            return problems;
        }

        /** The same settings with {@code overrides} replacing keys they name and adding the others at the end. */
        public Read with(List<Setting> overrides) {
            Map<String, Setting> merged = new LinkedHashMap<>();
            for (Setting s : settings) {
                merged.put(s.key(), s);
            }
            for (Setting s : overrides) {
                merged.put(s.key(), s);
            }
            return new Read(new ArrayList<>(merged.values()), problems);
        }
    }

    public static Read read(Path file) {
        String name = file.toString();
        try {
            if (Files.size(file) > MAX_BYTES) {
                return failed(name, "is larger than " + MAX_BYTES / 1024 / 1024 + " MB: not a rules file");
            }
            byte[] bytes = Files.readAllBytes(file);
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            return settings(name, text);
        } catch (CharacterCodingException e) {
            return failed(name, "is not UTF-8 text");
        } catch (IOException | SecurityException e) {
            return failed(name, "cannot be read (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
    }

    private static Read failed(String name, String what) {
        List<Problem> problems = new ArrayList<>();
        problems.add(new Problem(name, 0, "the rules file " + what, null));
        return new Read(new ArrayList<>(), problems);
    }

    /** Settings from the text of a rules file called {@code name}. */
    public static Read settings(String name, String text) {
        List<Problem> problems = new ArrayList<>();
        Map<String, Setting> byKey = new LinkedHashMap<>();
        for (PropertiesReader.Entry entry : new PropertiesReader(name, problems).read(text)) {
            Setting earlier = byKey.get(entry.key);
            if (earlier != null) {
                problems.add(new Problem(name, entry.line, "'" + Text.shorten(entry.key) + "' is given twice (also on line "
                        + earlier.line() + "); keep one", null));
                continue;
            }
            byKey.put(entry.key, new Setting(entry.key, entry.value, name, entry.line));
        }
        return new Read(new ArrayList<>(byKey.values()), problems);
    }
}
