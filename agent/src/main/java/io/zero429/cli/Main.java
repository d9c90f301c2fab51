package io.zero429.cli;

import io.zero429.limit.Durations;
import io.zero429.rules.LimiterRef;
import io.zero429.rules.PartitionKey;
import io.zero429.rules.Problem;
import io.zero429.rules.Rule;
import io.zero429.rules.RulesConfig;
import io.zero429.rules.RulesException;
import io.zero429.rules.RulesFile;
import io.zero429.rules.RulesParser;
import io.zero429.rules.Setting;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code java -jar zero429-agent.jar COMMAND ...}: check a rules file, or see which rule a request matches.
 * Exit codes: 0 done, 1 bad usage, 2 bad rules file.
 */
public final class Main {
    static final int OK = 0;
    static final int USAGE = 1;
    static final int BAD_RULES = 2;
    private static final List<String> COMMANDS = Arrays.asList("check", "match", "presets", "help");

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            usage(err);
            return USAGE;
        }
        String command = args[0];
        switch (command) {
            case "help":
            case "--help":
            case "-h":
                usage(out);
                return OK;
            case "check":
                return check(args, out, err);
            case "match":
                return match(args, out, err);
            case "presets":
                return PresetsCommand.run(args, out, err);
            default:
                String suggestion = io.zero429.rules.Suggestions.closest(command, COMMANDS);
                err.println("zero429: unknown command '" + command + "'"
                        + (suggestion == null ? "" : "; did you mean '" + suggestion + "'?"));
                err.println("Run 'java -jar zero429-agent.jar --help' for the commands.");
                return USAGE;
        }
    }

    private static void usage(PrintStream out) {
        out.println("zero429 " + version() + " — keeps unmodified programs under the rate limits of the APIs they call");
        out.println();
        out.println("As an agent:  java -javaagent:zero429-agent.jar=rules=RULES.properties -jar app.jar");
        out.println();
        out.println("Commands:  java -jar zero429-agent.jar COMMAND");
        out.println("  check FILE                          validate a rules file and show what it defines (presets expanded)");
        out.println("  check --preset NAME[,NAME]          show what presets define, without a file");
        out.println("  match FILE METHOD URL [-H 'N: v']   show which rule, limiters, costs and partition a request gets");
        out.println("  presets                             list the presets for real APIs, with their sources");
        out.println("  presets NAME                        print a preset (a rules file: copy it to start your own)");
        out.println("  help                                this text");
        out.println();
        out.println("Exit codes: 0 ok, 1 bad usage, 2 bad rules file (every problem printed as FILE:LINE: ...).");
    }

    private static String version() {
        String v = Main.class.getPackage() == null ? null : Main.class.getPackage().getImplementationVersion();
        return v == null ? "(development build)" : v;
    }

    private static RulesConfig load(String file, PrintStream err) {
        Path path = Paths.get(file);
        if (!Files.isRegularFile(path)) {
            err.println(file + ": no such rules file");
            return null;
        }
        return parse(file, RulesFile.read(path), err);
    }

    /** The rules of {@code preset = NAMES} alone. */
    private static RulesConfig loadPresets(String names, PrintStream err) {
        String source = "--preset " + names;
        RulesFile.Read read = RulesFile.settings(source, "").with(List.of(new Setting("preset", names, "--preset", 0)));
        return parse(source, read, err);
    }

    private static RulesConfig parse(String source, RulesFile.Read read, PrintStream err) {
        try {
            return RulesParser.parse(source, read);
        } catch (RulesException e) {
            for (Problem problem : e.problems()) {
                err.println(problem);
            }
            err.println(e.problems().size() + (e.problems().size() == 1 ? " problem" : " problems") + " in " + source);
            return null;
        }
    }

    private static int check(String[] args, PrintStream out, PrintStream err) {
        boolean presetsOnly = args.length == 3 && args[1].equals("--preset");
        if (args.length != 2 && !presetsOnly) {
            err.println("usage: check FILE   or   check --preset NAME[,NAME]");
            return USAGE;
        }
        RulesConfig config = presetsOnly ? loadPresets(args[2], err) : load(args[1], err);
        if (config == null) {
            return BAD_RULES;
        }
        RulesSummary.print(config, out);
        return OK;
    }

    private static int match(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 4) {
            err.println("usage: match FILE METHOD URL [-H 'Name: value']...");
            return USAGE;
        }
        List<String[]> headers = new ArrayList<>();
        for (int i = 4; i < args.length; i++) {
            int colon = i + 1 < args.length ? args[i + 1].indexOf(':') : -1;
            if (!args[i].equals("-H") || colon <= 0) {
                err.println("match: expected -H 'Name: value', got '" + args[i] + "'");
                return USAGE;
            }
            headers.add(new String[] {args[i + 1].substring(0, colon).trim(), args[i + 1].substring(colon + 1).trim()});
            i++;
        }
        URI uri;
        try {
            uri = new URI(args[3]);
        } catch (URISyntaxException e) {
            err.println("match: bad URL '" + args[3] + "': " + e.getMessage());
            return USAGE;
        }
        if (uri.getHost() == null) {
            err.println("match: bad URL '" + args[3] + "': expected an absolute URL such as https://api.example.com/v1/x");
            return USAGE;
        }
        RulesConfig config = load(args[1], err);
        if (config == null) {
            return BAD_RULES;
        }
        String method = args[2].toUpperCase(Locale.ROOT);
        Rule rule = config.match(method, uri);
        if (rule == null) {
            out.println("no rule matches " + method + " " + uri + ": it is never delayed");
            return OK;
        }
        out.println("rule:     " + rule.name() + " (" + rule.where() + ")");
        for (LimiterRef ref : rule.limiters()) {
            config.limiters().stream().filter(l -> l.name().equals(ref.name())).findFirst().ifPresent(spec ->
                    out.println("limiter:  " + ref.name() + "  cost " + ref.cost() + "  (" + spec.describeLimits()
                            + ", max-wait " + Durations.format(spec.maxWaitNanos()) + ")"));
        }
        PartitionKey key = rule.key();
        if (key == null) {
            out.println("key:      none (all requests share these limiters)");
        } else {
            String value = null;
            for (String[] header : headers) {
                if (header[0].equalsIgnoreCase(key.header())) {
                    value = header[1];
                }
            }
            out.println("key:      " + key + (value == null ? "  (give -H '" + key.header() + ": ...' to see the partition)"
                    : "  partition " + PartitionKey.display(key.hash(value)) + " (hashed; the value is never kept)"));
        }
        return OK;
    }
}
