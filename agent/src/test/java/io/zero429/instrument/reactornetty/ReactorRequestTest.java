package io.zero429.instrument.reactornetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.zero429.instrument.testing.MutatedText;
import org.junit.jupiter.api.Test;

class ReactorRequestTest {
    private static String describe(ReactorRequest r) {
        return r == null ? null : r.method + " " + r.scheme + " " + r.host + " " + r.port + " " + r.rawPath;
    }

    private static String parsed(String text) {
        return describe(ReactorRequest.parse(text));
    }

    @Test
    void readsTheHandlersDescriptionAsReactorNettyWritesIt() {
        assertEquals("GET http 127.0.0.1 8080 /v1/orders", parsed("{uri=http://127.0.0.1:8080/v1/orders, method=GET}"));
        assertEquals("POST https api.upbit.com -1 /v1/orders",
                parsed("{uri=https://api.upbit.com/v1/orders?market=KRW-BTC&state=wait, method=POST}"),
                "the default port is left out by Reactor Netty; the query is not part of the path");
        assertEquals("GET https [::1] 8443 /a%20b", parsed("{uri=https://[::1]:8443/a%20b, method=GET}"));
        assertEquals("GET http [::1] -1 /", parsed("{uri=http://[::1]/, method=GET}"));
        assertEquals("GET http example.com -1 ", parsed("{uri=http://example.com?x=1, method=GET}"),
                "no path: matched as /");
        assertEquals("GET https stream.binance.com 9443 /ws", parsed("{uri=wss://stream.binance.com:9443/ws, method=GET}"),
                "a WebSocket handshake is matched as the HTTP request it is");
    }

    @Test
    void aQueryThatLooksLikeTheMethodDoesNotFoolIt() {
        assertEquals("DELETE http h 1 /p", parsed("{uri=http://h:1/p?x=, method=GET, method=DELETE}"));
    }

    @Test
    void anythingElseIsNotARequest() {
        for (String text : new String[] {"", "{}", "{uri=, method=GET}", "{uri=/relative, method=GET}",
                "{uri=http://h:99999999999/p, method=GET}", "{uri=http://h:x/p, method=GET}",
                "{uri=http://h/p, method=}", "uri=http://h/p, method=GET", "{uri=http://h/p method=GET}",
                "reactor.netty.http.client.HttpClientConnect$HttpClientHandler@1f"}) {
            assertNull(ReactorRequest.parse(text), text);
        }
    }

    /** Whatever the text, the parser answers or says no: it never throws (the agent would log it as a fault). */
    @Test
    void fuzzedDescriptionsNeverThrow() {
        String alphabet = "{}=:/?[], .%@#-_aZ09\u00e9";
        String[] seeds = {"{uri=http://127.0.0.1:8080/v1/orders, method=GET}", "{uri=https://[::1]:8443/a, method=PUT}"};
        MutatedText.forEach(429, 200_000, seeds, alphabet, ReactorRequest::parse);
    }
}
