package io.zero429.instrument.testing;

import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The test server's self-signed certificate ({@code tls/localhost.p12}, subject alternative names
 * {@code IP:127.0.0.1} and {@code DNS:localhost}) and a TLS context that trusts exactly it. Clients keep their normal
 * hostname verification: the certificate names 127.0.0.1.
 *
 * <p>Made with {@code keytool -genkeypair -alias localhost -keyalg EC -groupname secp256r1 -validity 36500
 * -dname CN=127.0.0.1 -ext san=ip:127.0.0.1,dns:localhost -storetype PKCS12 -storepass zero429}.
 */
public final class TestTls {
    public static final String PASSWORD = "zero429";
    private static final String RESOURCE = "/tls/localhost.p12";

    private TestTls() {
    }

    public static String keystorePath() {
        try {
            return Paths.get(TestTls.class.getResource(RESOURCE).toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Trusts the test certificate only. */
    public static X509TrustManager trustManager() {
        try (InputStream in = TestTls.class.getResourceAsStream(RESOURCE)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD.toCharArray());
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager) {
                    return (X509TrustManager) manager;
                }
            }
            throw new IllegalStateException("no X509 trust manager");
        } catch (java.io.IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static SSLContext sslContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustManager()}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
