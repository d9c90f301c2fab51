package io.zero429.cli;

import io.zero429.instrument.ClientInstrumentation;
import io.zero429.instrument.Instrumentations;
import io.zero429.instrument.UnhookedClients;
import io.zero429.limit.Durations;
import io.zero429.limit.LimiterSpec;
import io.zero429.rules.Problem;
import io.zero429.rules.Rule;
import io.zero429.rules.RulesConfig;
import java.io.PrintStream;
import java.util.stream.Collectors;

/** Renders a configuration for people: limiters with their effective settings, then rules in the order tried. */
final class RulesSummary {
    private RulesSummary() {
    }

    static void print(RulesConfig config, PrintStream out) {
        out.println(config.source() + ": OK (" + config.limiters().size() + " limiters, " + config.rules().size()
                + " rules; mode " + config.mode().name().toLowerCase(java.util.Locale.ROOT)
                + (config.enabled() ? "" : "; DISABLED") + ")");
        if (!config.presets().isEmpty()) {
            out.println("Presets: " + String.join(", ", config.presets())
                    + " (beneath the file's own keys; the file's rules are tried first)");
        }
        out.println();
        out.println("Limiters:");
        for (LimiterSpec spec : config.limiters()) {
            out.println("  " + spec.name() + ": " + spec.describeLimits());
            out.println("      margin " + spec.marginBasisPoints() / 100.0 + "%, jitter "
                    + Durations.format(spec.jitterMinNanos()) + "-" + Durations.format(spec.jitterMaxNanos())
                    + ", max-wait " + Durations.format(spec.maxWaitNanos()));
            out.println("      adjust: " + spec.adjuster());
            out.println("      listens to: " + config.listening(spec.name()));
            if (spec.concurrency() > 0) {
                out.println("      concurrency: at most " + spec.concurrency() + " in flight");
            }
        }
        out.println();
        out.println("Rules (first match decides):");
        int index = 1;
        for (Rule rule : config.rules()) {
            out.println("  " + index++ + ". " + rule.name() + " -> " + rule.limiters().stream()
                    .map(Object::toString).collect(Collectors.joining(", "))
                    + (rule.key() == null ? "" : "  (one budget per " + rule.key() + ")") + "  [" + rule.where() + "]");
            for (Object pattern : rule.patterns()) {
                out.println("       " + pattern);
            }
        }
        out.println();
        out.println("Clients hooked: " + Instrumentations.all().stream().map(ClientInstrumentation::name)
                .collect(Collectors.joining(", ")) + " (the log names each when the application loads it)");
        out.println("Not hooked, their requests neither limited nor counted (the log warns when the application loads "
                + "one): " + String.join(", ", UnhookedClients.all()));
        if (!config.warnings().isEmpty()) {
            out.println();
            out.println("Warnings:");
            for (Problem warning : config.warnings()) {
                out.println("  " + warning);
            }
        }
    }
}
