package io.zero429.instrument.okhttp;

import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code RealConnection.isHealthy(boolean doExtensiveChecks)}: asks for the thorough check while a
 * limited attempt looks for a pooled connection (see {@link StaleConnections}).
 */
public final class HealthCheckAdvice {
    private HealthCheckAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.This Object connection,
            @Advice.Argument(value = 0, readOnly = false) boolean doExtensiveChecks) {
        if (!doExtensiveChecks && StaleConnections.checkThoroughly(connection)) {
            doExtensiveChecks = true;
        }
    }
}
