package io.zero429.testapp.demo;

import io.zero429.testapp.exchange.GroupSnapshot;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** The demo's table: per API group, what the exchange saw without and with the agent. */
final class SideBySide {
    private SideBySide() {
    }

    static void print(PrintStream out, List<GroupSnapshot> without, List<GroupSnapshot> with) {
        out.println("Rate = accepted per second after the opening burst (weight per second for Binance); "
                + "% = share of the allowed rate.");
        String header = String.format(Locale.ROOT, "%-22s %-36s | %7s %7s %7s %6s %8s %6s | %7s %7s %7s %6s %8s %6s",
                "API group", "allowed", "req", "ok", "limited", "banned", "rate", "%", "req", "ok", "limited",
                "banned", "rate", "%");
        out.printf(Locale.ROOT, "%-59s | %-48s | %-48s%n", "", "WITHOUT zero429", "WITH zero429");
        out.println(header);
        out.println("-".repeat(header.length()));
        long limitedWithout = 0;
        long limitedWith = 0;
        long bannedWithout = 0;
        long bannedWith = 0;
        for (int i = 0; i < without.size(); i++) {
            GroupSnapshot a = without.get(i);
            GroupSnapshot b = with.get(i);
            if (a.requests() == 0 && b.requests() == 0) {
                continue;
            }
            out.printf(Locale.ROOT, "%-22s %-36s | %s | %s%n", a.name(), a.limit(), cells(a), cells(b));
            limitedWithout += a.limited();
            limitedWith += b.limited();
            bannedWithout += a.banned();
            bannedWith += b.banned();
        }
        out.println("-".repeat(header.length()));
        out.printf(Locale.ROOT, "Without zero429: %d limited responses, %d refused while banned. "
                + "With zero429: %d limited, %d banned.%n", limitedWithout, bannedWithout, limitedWith, bannedWith);
    }

    private static String cells(GroupSnapshot g) {
        double share = g.shareOfAllowed();
        return String.format(Locale.ROOT, "%7d %7d %7d %6d %8.2f %6s", g.requests(), g.ok(), g.limited(), g.banned(),
                g.sustainedRate(), Double.isNaN(share) ? "-" : String.format(Locale.ROOT, "%.1f", share * 100));
    }
}
