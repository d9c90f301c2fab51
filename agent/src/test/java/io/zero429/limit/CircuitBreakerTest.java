package io.zero429.limit;

import static io.zero429.limit.LimiterTestSupport.SECOND;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Issue 6 §2: 5 consecutive failures open it for 60 s; half-open lets one trial through; 3 successes close it. */
class CircuitBreakerTest {
    private final CircuitBreaker breaker = new CircuitBreaker(BreakerSpec.DEFAULT);
    private long now = 1_000 * SECOND;

    private void fail(int times) {
        for (int i = 0; i < times; i++) {
            assertEquals(CircuitBreaker.PASS, breaker.pass(now));
            breaker.onFailure(now, now, false);
        }
    }

    @Test
    void fiveConsecutiveFailuresOpenItForSixtySeconds() {
        fail(4);
        breaker.onSuccess(false, now);
        fail(4);
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state(now), "a success in between starts the count again");
        fail(1);
        assertEquals(CircuitBreaker.State.OPEN, breaker.state(now));
        assertEquals(60 * SECOND, breaker.pass(now), "requests fail at once, told how long");
        now += 59 * SECOND;
        assertEquals(SECOND, breaker.pass(now));
        assertEquals(1, breaker.opened());
    }

    @Test
    void failuresOfRequestsThatWereInFlightTogetherAreOneOverload() {
        long departed = now;
        now += SECOND / 10;
        for (int i = 0; i < 8; i++) {
            breaker.onFailure(now, departed, false); // eight requests in flight come back limited together
        }
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state(now), "one overload, one failure");
        for (int i = 0; i < 4; i++) {
            long departure = now + 1; // left after the last counted failure was heard: the limiter had reacted
            now += SECOND / 10;
            assertEquals(CircuitBreaker.State.CLOSED, breaker.state(now), "failure " + (i + 1) + " of 5");
            breaker.onFailure(now, departure, false);
        }
        assertEquals(CircuitBreaker.State.OPEN, breaker.state(now), "the limiter's reactions failed five times");
    }

    @Test
    void aSuccessPlannedBeforeTheLastCountedFailureDoesNotStartTheCountAgain() {
        for (int i = 0; i < 4; i++) {
            long asked = now;
            now += SECOND / 10;
            breaker.onFailure(now, asked, false);
            breaker.onSuccess(false, asked); // in flight with the failure: says nothing about the limiter's reaction
        }
        long asked = now;
        now += SECOND / 10;
        breaker.onFailure(now, asked, false);
        assertEquals(CircuitBreaker.State.OPEN, breaker.state(now));
    }

    @Test
    void halfOpenLetsOneTrialAtATimeAndThreeSuccessesCloseIt() {
        fail(5);
        now += 60 * SECOND;
        assertEquals(CircuitBreaker.State.HALF_OPEN, breaker.state(now));
        for (int i = 0; i < 3; i++) {
            assertEquals(CircuitBreaker.PASS_AS_TRIAL, breaker.pass(now));
            assertEquals(0, breaker.pass(now), "one trial at a time: the others fail");
            breaker.onSuccess(false, now); // a request admitted before the breaker opened tells nothing about the trial
            assertEquals(CircuitBreaker.State.HALF_OPEN, breaker.state(now));
            breaker.onSuccess(true, now);
        }
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state(now));
        assertEquals(CircuitBreaker.PASS, breaker.pass(now));
    }

    @Test
    void aFailedTrialOpensItAgain() {
        fail(5);
        now += 60 * SECOND;
        assertEquals(CircuitBreaker.PASS_AS_TRIAL, breaker.pass(now));
        breaker.onFailure(now, now, true);
        assertEquals(CircuitBreaker.State.OPEN, breaker.state(now));
        assertEquals(60 * SECOND, breaker.pass(now));
        assertEquals(2, breaker.opened());
    }

    @Test
    void anAbandonedTrialLetsAnotherTry() {
        fail(5);
        now += 60 * SECOND;
        assertEquals(CircuitBreaker.PASS_AS_TRIAL, breaker.pass(now));
        breaker.onTrialAbandoned(true);
        assertEquals(CircuitBreaker.PASS_AS_TRIAL, breaker.pass(now));
    }

    @Test
    void offNeverOpens() {
        CircuitBreaker off = new CircuitBreaker(BreakerSpec.OFF);
        for (int i = 0; i < 100; i++) {
            assertEquals(CircuitBreaker.PASS, off.pass(now));
            off.onFailure(now, now, false);
        }
        assertEquals(CircuitBreaker.State.CLOSED, off.state(now));
    }
}
