package io.zero429.rules;

import io.zero429.store.RedisAddress;

import io.zero429.signal.SignalKind;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Set;
import io.zero429.limit.LimitMode;
import io.zero429.limit.LimitSpec;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Parses the values of a rules file. Each method throws {@link IllegalArgumentException} with a message fit for
 * the user ("bad duration '3x': ..."), which the parser turns into a {@code FILE:LINE:} problem.
 */
final class Values {
    private static final String UNITS = "ns, us, ms, s, m, h, d";

    private Values() {
    }

    /** {@code 30s}, {@code 2m}, {@code 500ms}, {@code 1.5s}, {@code 0}. */
    static long duration(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.equals("0")) {
            return 0;
        }
        int unitStart = 0;
        while (unitStart < s.length() && (Character.isDigit(s.charAt(unitStart)) || s.charAt(unitStart) == '.')) {
            unitStart++;
        }
        if (unitStart == 0) {
            throw new IllegalArgumentException("bad duration '" + Text.shorten(text) + "': expected a number and a unit ("
                    + UNITS + "), e.g. 30s");
        }
        String unit = s.substring(unitStart).trim();
        if (unit.isEmpty()) {
            throw new IllegalArgumentException("bad duration '" + Text.shorten(text) + "': missing unit (" + UNITS
                    + "), e.g. " + s + "s");
        }
        long unitNanos = unitNanos(unit, text);
        return scaled(s.substring(0, unitStart), unitNanos, text);
    }

    private static long unitNanos(String unit, String text) {
        switch (unit) {
            case "ns":
                return 1;
            case "us":
                return TimeUnit.MICROSECONDS.toNanos(1);
            case "ms":
                return TimeUnit.MILLISECONDS.toNanos(1);
            case "s":
                return TimeUnit.SECONDS.toNanos(1);
            case "m":
                return TimeUnit.MINUTES.toNanos(1);
            case "h":
                return TimeUnit.HOURS.toNanos(1);
            case "d":
                return TimeUnit.DAYS.toNanos(1);
            default:
                throw new IllegalArgumentException("bad duration '" + Text.shorten(text) + "': unknown unit '"
                        + Text.shorten(unit) + "' (use " + UNITS + ")");
        }
    }

    private static long scaled(String number, long unitNanos, String text) {
        try {
            BigDecimal nanos = new BigDecimal(number).multiply(BigDecimal.valueOf(unitNanos));
            if (nanos.compareTo(BigDecimal.valueOf(TimeUnit.DAYS.toNanos(3650))) > 0) {
                throw new IllegalArgumentException("duration '" + Text.shorten(text) + "' is too long");
            }
            if (nanos.signum() > 0 && nanos.compareTo(BigDecimal.ONE) < 0) {
                throw new IllegalArgumentException("duration '" + Text.shorten(text) + "' is below 1ns");
            }
            return nanos.setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("bad number in duration '" + Text.shorten(text) + "'");
        }
    }

    /**
     * {@code 10/s burst 10, 600/m, 1/2s}: count per window, optional burst, comma-separated. A window is a unit or a
     * number with a unit.
     */
    static List<LimitSpec> limits(String text) {
        List<LimitSpec> limits = new ArrayList<>();
        if (text.trim().isEmpty()) {
            throw new IllegalArgumentException("no limits given: expected e.g. '10/s burst 10, 600/m'");
        }
        for (String part : text.split(",", -1)) {
            limits.add(limit(part.trim()));
        }
        return limits;
    }

    private static LimitSpec limit(String text) {
        String[] words = text.split("\\s+");
        int slash = words[0].indexOf('/');
        boolean burstShape = words.length == 1 || (words.length == 3 && words[1].equalsIgnoreCase("burst"));
        if (text.isEmpty() || slash <= 0 || !burstShape) {
            throw new IllegalArgumentException("bad limit '" + Text.shorten(text)
                    + "': expected COUNT/WINDOW [burst B], e.g. '10/s burst 10' or '1/2s'");
        }
        long count = positiveLong(words[0].substring(0, slash), "count in limit '" + Text.shorten(text) + "'");
        String windowText = words[0].substring(slash + 1);
        long window = windowText.isEmpty() || Character.isDigit(windowText.charAt(0))
                ? duration(windowText) : duration("1" + windowText);
        if (window <= 0) {
            throw new IllegalArgumentException("the window of limit '" + Text.shorten(text) + "' must be positive");
        }
        int burst = 1;
        if (words.length == 3) {
            long b = positiveLong(words[2], "burst in limit '" + Text.shorten(text) + "'");
            if (b > count) {
                throw new IllegalArgumentException("burst " + b + " is larger than the count " + count + " in limit '"
                        + Text.shorten(text) + "': a burst can never exceed what the window allows");
            }
            burst = (int) b;
        }
        return new LimitSpec(count, window, burst);
    }

    static long positiveLong(String text, String what) {
        try {
            long value = Long.parseLong(text.trim());
            if (value < 1) {
                throw new IllegalArgumentException(what + " must be at least 1, was " + Text.shorten(text));
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad " + what + ": '" + Text.shorten(text) + "' is not a whole number");
        }
    }

    /** {@code 429, retry-after, upbit}: the signals a limiter listens to ({@code none}: nothing). */
    static Set<SignalKind> signals(String text) {
        Set<SignalKind> kinds = EnumSet.noneOf(SignalKind.class);
        if (text.trim().equalsIgnoreCase("none")) {
            return kinds;
        }
        List<String> known = new ArrayList<>();
        for (SignalKind kind : SignalKind.values()) {
            known.add(kind.configName());
        }
        for (String part : text.split(",", -1)) {
            SignalKind kind = SignalKind.byConfigName(part);
            if (kind == null) {
                String suggestion = Suggestions.closest(part.trim(), known);
                throw new IllegalArgumentException("unknown signal '" + Text.shorten(part.trim()) + "'"
                        + (suggestion == null ? "" : " (did you mean '" + suggestion + "'?)") + "; known: "
                        + String.join(", ", known) + ", or none");
            }
            kinds.add(kind);
        }
        return kinds;
    }

    /** {@code 418, 403}: HTTP statuses that mean the server banned the client. */
    static int[] statuses(String text, String what) {
        String[] parts = text.split(",", -1);
        int[] statuses = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i].trim();
            int status;
            try {
                status = Integer.parseInt(part);
            } catch (NumberFormatException e) {
                status = -1;
            }
            if (status < 100 || status > 599) {
                throw new IllegalArgumentException("bad " + what + " '" + Text.shorten(part)
                        + "': expected HTTP statuses 100..599, separated by commas (e.g. 418)");
            }
            statuses[i] = status;
        }
        return statuses;
    }

    /**
     * {@code store = file:PATH}: the file through which processes of one host share a limiter's schedule. The value is
     * never repeated in a message (a store address may carry a password).
     */
    static String storeFile(String text) {
        if (RedisAddress.isRedis(text)) {
            return null;
        }
        String s = text.trim();
        String lower = s.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("file:")) {
            String path = s.substring("file:".length()).trim();
            if (path.isEmpty()) {
                throw new IllegalArgumentException("store file: names no file: expected file:PATH");
            }
            return path;
        }
        throw new IllegalArgumentException("bad store: expected file:PATH or redis://HOST:PORT");
    }

    static int positiveInt(String text, String what) {
        long value = positiveLong(text, what);
        if (value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(what + " is too large: " + value);
        }
        return (int) value;
    }

    /** {@code 0-5ms}, {@code 1ms-3ms}, {@code 2ms} (= 0-2ms), {@code 0}/{@code off}: min and max in nanos. */
    static long[] jitter(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.equals("off") || s.equals("none") || s.equals("0")) {
            return new long[] {0, 0};
        }
        int dash = s.indexOf('-');
        if (dash < 0) {
            return new long[] {0, duration(s)};
        }
        String low = s.substring(0, dash).trim();
        String high = s.substring(dash + 1).trim();
        if (!low.isEmpty() && low.chars().allMatch(c -> Character.isDigit(c) || c == '.')) {
            low = low + high.replaceAll("^[0-9.]+", ""); // "0-5ms": the first number takes the second's unit
        }
        long min = duration(low);
        long max = duration(high);
        if (min > max) {
            throw new IllegalArgumentException("bad jitter '" + Text.shorten(text) + "': the minimum is above the maximum");
        }
        return new long[] {min, max};
    }

    /** {@code 2%}, {@code 0.5%}, {@code 0}: basis points. */
    static int percentBasisPoints(String text) {
        String s = text.trim();
        if (s.equals("0")) {
            return 0;
        }
        if (!s.endsWith("%")) {
            throw new IllegalArgumentException("bad percentage '" + Text.shorten(text) + "': expected e.g. 2%");
        }
        try {
            BigDecimal bp = new BigDecimal(s.substring(0, s.length() - 1).trim()).movePointRight(2);
            if (bp.signum() < 0 || bp.compareTo(BigDecimal.valueOf(5000)) > 0) {
                throw new IllegalArgumentException("percentage '" + Text.shorten(text) + "' must be 0%..50%");
            }
            return bp.setScale(0, java.math.RoundingMode.HALF_UP).intValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("bad percentage '" + Text.shorten(text) + "': expected e.g. 2%");
        }
    }

    static LimitMode limitMode(String text) {
        switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "gcra":
                return LimitMode.GCRA;
            case "window":
                return LimitMode.WINDOW;
            default:
                throw new IllegalArgumentException("bad mode '" + Text.shorten(text) + "': expected gcra or window");
        }
    }

    static boolean onOff(String text) {
        switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "on":
            case "true":
            case "yes":
                return true;
            case "off":
            case "false":
            case "no":
                return false;
            default:
                throw new IllegalArgumentException("bad switch '" + Text.shorten(text) + "': expected on or off");
        }
    }

    /** A ratio in (0, 1]: {@code 0.8}. */
    static double ratio(String text, String what) {
        try {
            double value = Double.parseDouble(text.trim());
            if (!(value > 0 && value <= 1)) {
                throw new IllegalArgumentException(what + " must be above 0 and at most 1, was " + Text.shorten(text));
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad " + what + " '" + Text.shorten(text) + "': expected e.g. 0.8");
        }
    }

    /**
     * {@code store = redis://HOST:PORT[/DB]} (or {@code rediss://}): the address, normalised, or null if the store is
     * not Redis. Never repeated in a message.
     */
    static String storeRedis(String text) {
        return RedisAddress.isRedis(text) ? RedisAddress.parse(text).canonical() : null;
    }

    /** {@code store.fallback-share}: {@code 1/4} or {@code 0.25}, more than 0 and at most 1; in ppm. */
    static long sharePpm(String text) {
        String s = text.trim();
        double value;
        try {
            int slash = s.indexOf('/');
            value = slash < 0 ? Double.parseDouble(s)
                    : Double.parseDouble(s.substring(0, slash).trim()) / Double.parseDouble(s.substring(slash + 1).trim());
        } catch (NumberFormatException e) {
            value = Double.NaN;
        }
        long ppm = Double.isNaN(value) ? 0 : (long) Math.floor(value * 1_000_000);
        if (!(value > 0 && value <= 1) || ppm < 1) {
            throw new IllegalArgumentException("bad store.fallback-share '" + Text.shorten(text)
                    + "': expected a share of the budget such as 1/4 or 0.25");
        }
        return ppm;
    }

    /** A fraction in [0, 1]: {@code 0.05}. */
    static double fraction(String text, String what) {
        try {
            double value = Double.parseDouble(text.trim());
            if (!(value >= 0 && value <= 1)) {
                throw new IllegalArgumentException(what + " must be between 0 and 1, was " + Text.shorten(text));
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad " + what + " '" + Text.shorten(text) + "': expected e.g. 0.05");
        }
    }
}
