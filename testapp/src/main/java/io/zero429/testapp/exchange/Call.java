package io.zero429.testapp.exchange;

import java.util.Locale;
import java.util.Map;

/** One request as the exchange sees it: headers are looked up case-insensitively (stored lower-case). */
record Call(String method, String host, String path, String query, Map<String, String> headers, String clientIp) {
    String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** A query parameter's raw value, or null. */
    String param(String name) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return pair.substring(eq + 1);
            }
        }
        return null;
    }
}
