package dev.modvault.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed TLS certificate for 127.0.0.1 made with the JDK's keytool: a PKCS12 key store for Modvault's
 * {@code server.ssl.*} and the certificate as PEM, for the go command ({@code SSL_CERT_FILE}) and Java clients.
 */
public final class TestCertificate {

    public static final String PASSWORD = "changeit";
    public static final String ALIAS = "modvault";

    private final Path keyStore;
    private final Path pem;

    private TestCertificate(Path keyStore, Path pem) {
        this.keyStore = keyStore;
        this.pem = pem;
    }

    /** Makes the key pair and certificate in {@code dir}. */
    public static TestCertificate create(Path dir) throws IOException, InterruptedException {
        Path keyStore = dir.resolve("modvault.p12");
        Path pem = dir.resolve("modvault.pem");
        keytool("-genkeypair", "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1", "-keystore", keyStore.toString(),
                "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", ALIAS, "-keystore", keyStore.toString(), "-storepass", PASSWORD,
                "-file", pem.toString());
        return new TestCertificate(keyStore, pem);
    }

    /** The PKCS12 key store (password {@link #PASSWORD}, alias {@link #ALIAS}). */
    public Path keyStore() {
        return keyStore;
    }

    /** The certificate as PEM: the go command trusts it with {@code SSL_CERT_FILE}. */
    public Path pem() {
        return pem;
    }

    /** Spring Boot properties that serve HTTPS with this certificate. */
    public java.util.Map<String, String> serverProperties() {
        return java.util.Map.of(
                "server.ssl.enabled", "true",
                "server.ssl.key-store", keyStore.toString(),
                "server.ssl.key-store-type", "PKCS12",
                "server.ssl.key-store-password", PASSWORD,
                "server.ssl.key-alias", ALIAS);
    }

    /** A client context that trusts this certificate (and nothing else). */
    public SSLContext clientContext() throws Exception {
        return clientContext(keyStore);
    }

    /** A client context that trusts the certificate of a key store made by {@link #create}. */
    public static SSLContext clientContext(Path keyStore) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            trust.load(in, PASSWORD.toCharArray());
        }
        KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
        anchors.load(null, null);
        anchors.setCertificateEntry(ALIAS, trust.getCertificate(ALIAS));
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(anchors);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }
}
