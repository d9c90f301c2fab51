package io.zero429.testapp.exchange;

import java.util.LinkedHashMap;
import java.util.Map;

/** What the exchange answers: status, headers, a JSON body. */
record Reply(int status, Map<String, String> headers, String body) {
    static Reply json(int status, String body) {
        return new Reply(status, new LinkedHashMap<>(), body);
    }

    Reply with(String header, String value) {
        headers.put(header, value);
        return this;
    }
}
