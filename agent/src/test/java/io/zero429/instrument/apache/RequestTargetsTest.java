package io.zero429.instrument.apache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class RequestTargetsTest {
    @Test
    void originFormKeepsThePathAndDropsQueryAndFragment() {
        String plain = "/v1/orders/%2F42";
        assertSame(plain, RequestTargets.path(plain), "nothing to cut: no copy");
        assertEquals("/v1/ticker", RequestTargets.path("/v1/ticker?markets=KRW-BTC&x=/y"));
        assertEquals("/a", RequestTargets.path("/a#frag?not-a-query"));
        assertEquals("/", RequestTargets.path("/?q"));
    }

    @Test
    void absoluteFormSentToProxiesGivesThePathAfterTheAuthority() {
        assertEquals("/v1/ticker", RequestTargets.path("https://api.example.com:8443/v1/ticker?m=1"));
        assertEquals("/", RequestTargets.path("http://h/"));
        assertNull(RequestTargets.path("http://h"), "no path: matched as /");
        assertNull(RequestTargets.path("http://h?q=/x"), "a slash in the query is not a path");
        assertNull(RequestTargets.path("http://user@h#/x"));
    }

    @Test
    void targetsWithoutAPathAreMatchedAsTheRoot() {
        assertNull(RequestTargets.path(null));
        assertNull(RequestTargets.path(""));
        assertNull(RequestTargets.path("*"));
        assertNull(RequestTargets.path("api.example.com:443"));
    }
}
