package io.zero429.rules;

import java.security.SecureRandom;
import java.util.Locale;

/**
 * {@code key = header:NAME}: requests are partitioned by the value of that header (one budget per API key or
 * account). Values are hashed with a secret per-process key and never kept or shown in clear.
 */
public final class PartitionKey {
    private static final SipHash PROCESS_HASH = newProcessHash();

    private final String header;

    private PartitionKey(String header) {
        this.header = header;
    }

    private static SipHash newProcessHash() {
        SecureRandom random = new SecureRandom();
        return new SipHash(random.nextLong(), random.nextLong());
    }

    static PartitionKey parse(String text) {
        String s = text.trim();
        int colon = s.indexOf(':');
        if (colon < 0 || !s.substring(0, colon).trim().equalsIgnoreCase("header")) {
            throw new IllegalArgumentException("bad key '" + Text.shorten(text) + "': expected header:NAME");
        }
        String name = s.substring(colon + 1).trim();
        if (name.isEmpty() || !name.chars().allMatch(c -> c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0)) {
            throw new IllegalArgumentException("bad header name '" + Text.shorten(name) + "' in key '"
                    + Text.shorten(text) + "'");
        }
        return new PartitionKey(name);
    }

    /** The header whose value partitions the budget (compare case-insensitively). */
    public String header() {
        return header;
    }

    /** The partition of a header value: a keyed hash, stable within this process only. */
    public long hash(CharSequence headerValue) {
        return PROCESS_HASH.hash(headerValue);
    }

    /** How a partition is shown: {@code #} and 16 hex digits. */
    public static String display(long hash) {
        return String.format(Locale.ROOT, "#%016x", hash);
    }

    @Override
    public String toString() {
        return "header:" + header;
    }
}
