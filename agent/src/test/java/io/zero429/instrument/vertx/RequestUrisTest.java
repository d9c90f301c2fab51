package io.zero429.instrument.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zero429.instrument.testing.MutatedText;
import org.junit.jupiter.api.Test;

class RequestUrisTest {
    @Test
    void theOriginFormIsThePathWithoutQueryOrFragment() {
        assertEquals("/v1/orders", RequestUris.rawPath("/v1/orders?market=KRW-BTC&state=wait"));
        assertEquals("/a%20b/c", RequestUris.rawPath("/a%20b/c#top"));
        assertEquals("/v1/ticker", RequestUris.rawPath("/v1/ticker"));
    }

    @Test
    void theAbsoluteFormVertxWritesForAProxyIsReducedToItsPath() {
        assertEquals("/v1/orders", RequestUris.rawPath("http://api.upbit.com:8080/v1/orders?x=1"));
        assertEquals("/p", RequestUris.rawPath("https://[::1]:8443/p"));
        assertNull(RequestUris.rawPath("http://api.upbit.com"), "no path: matched as /");
        assertNull(RequestUris.rawPath("http://api.upbit.com?x=/y"), "no path: matched as /");
    }

    @Test
    void aSchemeLookalikeInThePathOrQueryIsNotAScheme() {
        assertEquals("/redirect", RequestUris.rawPath("/redirect?to=http://elsewhere/x"));
        assertEquals("/a/http://b", RequestUris.rawPath("/a/http://b"));
    }

    @Test
    void noPathIsTheRoot() {
        assertNull(RequestUris.rawPath(null));
        assertNull(RequestUris.rawPath(""));
        assertNull(RequestUris.rawPath("?x=1"));
    }

    /** Whatever the text, the path is a part of it or null, and nothing is thrown (the agent would log a fault). */
    @Test
    void fuzzedUrisNeverThrowAndGiveAPartOfTheText() {
        String alphabet = ":/?#[]@%.+-aZ09 \u00e9";
        String[] samples = {"/v1/orders?market=KRW-BTC", "http://h:1/p?q#f", "https://[::1]:8443/a%20b"};
        MutatedText.forEach(429, 200_000, samples, alphabet, uri -> {
            String path = RequestUris.rawPath(uri);
            assertTrue(path == null || (uri.contains(path) && path.indexOf('?') < 0 && path.indexOf('#') < 0), uri);
        });
    }
}
