package io.zero429.instrument.testing;

/** Which OkHttp the test class path holds: the failsafe executions swap 3.x and 5.x in (agent/pom.xml). */
public final class OkHttpVersion {
    /** Set by each OkHttp failsafe execution to the version it put on the class path. */
    public static final String EXPECTED = "zero429.it.okhttp.version";

    private OkHttpVersion() {
    }

    /** Read reflectively: {@code OkHttp.VERSION} is a constant that javac would copy here from the compile-time jar. */
    public static String onTheClassPath() throws ReflectiveOperationException {
        try {
            return (String) Class.forName("okhttp3.OkHttp").getField("VERSION").get(null);
        } catch (ClassNotFoundException before4) {
            String userAgent = (String) Class.forName("okhttp3.internal.Version").getMethod("userAgent").invoke(null);
            return userAgent.substring(userAgent.indexOf('/') + 1);
        }
    }
}
