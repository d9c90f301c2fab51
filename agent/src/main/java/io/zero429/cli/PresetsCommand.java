package io.zero429.cli;

import io.zero429.rules.Presets;
import io.zero429.rules.Suggestions;
import java.io.PrintStream;

/** {@code presets}: lists the shipped presets with their sources; {@code presets NAME} prints one. */
final class PresetsCommand {
    private PresetsCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 1) {
            list(out);
            return Main.OK;
        }
        if (args.length != 2) {
            err.println("usage: presets [NAME]");
            return Main.USAGE;
        }
        String name = args[1];
        if (!Presets.exists(name)) {
            String suggestion = Suggestions.closest(name, Presets.NAMES);
            err.println("zero429: unknown preset '" + name + "'"
                    + (suggestion == null ? "; known: " + String.join(", ", Presets.NAMES)
                            : "; did you mean '" + suggestion + "'?"));
            return Main.USAGE;
        }
        out.print(Presets.text(name));
        return Main.OK;
    }

    private static void list(PrintStream out) {
        out.println("Presets (use: preset = NAME[, NAME] in a rules file, or -Dzero429.preset=NAME;"
                + " your own keys win, key by key):");
        for (String name : Presets.NAMES) {
            out.println();
            out.println("  " + name + "  " + Presets.description(name));
            for (String source : Presets.sources(name)) {
                out.println("      source: " + source);
            }
            out.println("      checked: " + Presets.checked(name));
        }
        out.println();
        out.println("'presets NAME' prints one; 'check --preset NAME' shows what it defines.");
    }
}
