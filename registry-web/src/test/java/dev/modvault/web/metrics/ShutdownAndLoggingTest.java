package dev.modvault.web.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modvault.persistence.EmbeddedPostgresConfiguration;
import dev.modvault.testkit.FixtureModule;
import dev.modvault.testkit.StaticGoProxy;
import dev.modvault.web.ModvaultApplication;
import dev.modvault.web.ModvaultServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Graceful shutdown lets an in-flight download finish, and a stopped process writes its audit events before its
 * embedded database stops; logs carry request ids and never a secret, and a client hanging up is not an error.
 */
@ExtendWith(OutputCaptureExtension.class)
class ShutdownAndLoggingTest {

    @Test
    void aZipDownloadInFlightWhenShutdownStartsCompletes(@TempDir Path dir) throws Exception {
        byte[] payload = new byte[24 << 20];
        new Random(7).nextBytes(payload);
        FixtureModule big = FixtureModule.builder("shutdown.example/big", "v1.0.0")
                .file("big.go", "package big\n").file("payload.bin", payload).build();
        try (StaticGoProxy upstream = StaticGoProxy.start(big)) {
            ModvaultServer modvault = ModvaultServer.start(Files.createDirectory(dir.resolve("data")), upstream.uri());
            assertThat(modvault.get(big.proxyPath("zip")).statusCode()).isEqualTo(200); // cached now

            try (Socket socket = new Socket("127.0.0.1", modvault.uri().getPort())) {
                socket.setReceiveBufferSize(64 * 1024);
                OutputStream out = socket.getOutputStream();
                out.write(("GET " + big.proxyPath("zip") + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                InputStream in = socket.getInputStream();
                String headers = readHeaders(in);
                assertThat(headers).startsWith("HTTP/1.1 200");

                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                byte[] buffer = new byte[256 * 1024];
                long read = in.readNBytes(buffer, 0, buffer.length);
                sha.update(buffer, 0, (int) read);
                CompletableFuture<Void> shutdown = CompletableFuture.runAsync(modvault::close);
                Thread.sleep(300); // shutdown has begun while most of the body is still to be sent
                assertThat(shutdown).isNotDone();
                for (int n; (n = in.read(buffer)) > 0; ) {
                    sha.update(buffer, 0, n);
                    read += n;
                    Thread.sleep(2); // a slow client
                }
                shutdown.join();
                assertThat(read).isEqualTo(big.zipBytes().length);
                assertThat(HexFormat.of().formatHex(sha.digest())).isEqualTo(
                        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(big.zipBytes())));
            }
        }
    }

    /**
     * A real process and a real SIGTERM: the JVM's shutdown hooks run only then. The audit linger is long, so the
     * download's event is still held when the signal comes.
     */
    @Test
    void aTerminatedProcessWritesItsHeldAuditEventsBeforeItsEmbeddedDatabaseStops(@TempDir Path dir)
            throws Exception {
        FixtureModule module = FixtureModule.builder("shutdown.example/audited", "v1.0.0")
                .file("a.go", "package a\n").build();
        Path data = Files.createDirectory(dir.resolve("data"));
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (StaticGoProxy upstream = StaticGoProxy.start(module)) {
            Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), ModvaultApplication.class.getName(),
                    "--server.address=127.0.0.1", "--server.port=" + port, "--modvault.data-dir=" + data,
                    "--modvault.upstream.proxies=" + upstream.uri(), "--modvault.sumdb.verify=false",
                    "--modvault.audit.linger=10s")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("modvault.log").toFile()).start();
            try {
                HttpClient http = HttpClient.newHttpClient();
                URI base = URI.create("http://127.0.0.1:" + port);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (!ready(http, base)) {
                    assertThat(process.isAlive())
                            .as(() -> "Modvault exited: " + tail(dir.resolve("modvault.log"))).isTrue();
                    assertThat(System.nanoTime()).as("Modvault not ready in 120 s").isLessThan(deadline);
                    Thread.sleep(200);
                }
                HttpResponse<String> info = http.send(HttpRequest.newBuilder(base.resolve(module.proxyPath("info")))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(info.statusCode()).isEqualTo(200);

                process.destroy(); // SIGTERM
                assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s").isTrue();
            } finally {
                process.destroyForcibly();
            }
        }
        try (EmbeddedPostgres postgres = EmbeddedPostgresConfiguration.start(data.resolve("postgres"), 0);
             Connection connection = postgres.getPostgresDatabase().getConnection();
             ResultSet rows = connection.createStatement().executeQuery(
                     "SELECT count(*) FROM audit_events WHERE action = 'DOWNLOAD'"
                             + " AND module = 'shutdown.example/audited' AND artifact = 'info' AND status = 200")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getLong(1)).as("the download's audit row").isEqualTo(1);
        }
    }

    private static String tail(Path log) {
        try {
            String text = Files.readString(log);
            return text.substring(Math.max(0, text.length() - 4000));
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    private static boolean ready(HttpClient http, URI base) throws InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(base.resolve("/actuator/health/readiness")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    void logsCarryARequestIdAndNeverASecret(@TempDir Path dir, CapturedOutput output) throws Exception {
        String basicSecret = "not-issued-yet";
        String querySecret = "query-s3cr3t-value";
        FixtureModule lib = FixtureModule.builder("logs.example/lib", "v1.0.0").file("lib.go", "package lib\n").build();
        try (StaticGoProxy upstream = StaticGoProxy.start(lib);
             ModvaultServer modvault = ModvaultServer.start(Files.createDirectory(dir.resolve("data")), upstream.uri(),
                     Map.of("spring.datasource.password", "db-s3cr3t-password"))) {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> issued = modvault.admin("POST", "/api/v1/tokens",
                    "{\"owner\":\"alice\",\"kind\":\"user\",\"scopes\":[\"read\"],\"groups\":[]}");
            assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
            java.util.regex.Matcher secret = java.util.regex.Pattern.compile("\"(mvt_[^\"]+)\"").matcher(issued.body());
            assertThat(secret.find()).as(issued.body()).isTrue();
            basicSecret = secret.group(1);
            String basic = "Basic " + Base64.getEncoder().encodeToString(("alice:" + basicSecret).getBytes());
            HttpResponse<String> served = http.send(HttpRequest.newBuilder(
                    URI.create(modvault.uri() + lib.proxyPath("info") + "?token=" + querySecret))
                    .header("Authorization", basic).header("X-Request-Id", "trace-42").build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> admin = modvault.admin("GET", "/api/v1/policy/rules?token=" + querySecret, null);
            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(modvault.uri() + "/api/v1/audit"))
                    .header("Authorization", "Bearer wrong-" + querySecret).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(served.statusCode()).isEqualTo(200);
            assertThat(served.headers().firstValue("X-Request-Id")).hasValue("trace-42");
            assertThat(admin.headers().firstValue("X-Request-Id")).hasValueSatisfying(id -> assertThat(id).isNotBlank());
            assertThat(refused.statusCode()).isEqualTo(401);
        }
        // Spring Boot's console line (application.properties spells it out without the colour converters)
        assertThat(output.getAll().lines().filter(line -> line.contains(" modvault.access ")))
                .anySatisfy(line -> assertThat(line).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}"
                        + "(Z|[+-]\\d{2}:\\d{2})  INFO \\d+ --- \\[modvault\\] \\[.{15}\\] modvault\\.access {26}: GET "
                        + java.util.regex.Pattern.quote(lib.proxyPath("info")) + " 200 \\d+ms \\d+B (hit|miss)"))
                .allSatisfy(line -> assertThat(line).doesNotContain("\u001b"));
        assertThat(output.getAll())
                .contains("GET " + lib.proxyPath("info") + " 200")
                .doesNotContain(basicSecret)
                .doesNotContain(querySecret)
                .doesNotContain(ModvaultServer.ADMIN_TOKEN)
                .doesNotContain("db-s3cr3t-password")
                .doesNotContain(Base64.getEncoder().encodeToString(("alice:" + basicSecret).getBytes()));
    }

    @Test
    void aClientHangingUpMidDownloadLeavesNoErrorInTheLog(@TempDir Path dir, CapturedOutput output) throws Exception {
        byte[] noise = new byte[12 * 1024 * 1024];
        new Random(7).nextBytes(noise);
        // a zip far larger than what the socket buffers hold, so the server is still writing when the client resets
        FixtureModule big = FixtureModule.builder("logs.example/big", "v1.0.0")
                .file("data.txt", Base64.getEncoder().encodeToString(noise)).build();
        String path = big.proxyPath("zip");
        try (StaticGoProxy upstream = StaticGoProxy.start(big);
             ModvaultServer modvault = ModvaultServer.start(Files.createDirectory(dir.resolve("data")), upstream.uri())) {
            assertThat(modvault.get(path).body()).isEqualTo(big.zipBytes());
            for (int i = 0; i < 3; i++) {
                try (Socket socket = new Socket()) {
                    socket.setReceiveBufferSize(4096);
                    socket.connect(new InetSocketAddress("127.0.0.1", modvault.uri().getPort()));
                    socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: modvault\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    assertThat(readHeaders(socket.getInputStream())).startsWith("HTTP/1.1 200");
                    socket.setSoLinger(true, 0); // close with a reset, as a killed process's connection ends
                }
            }
            HttpResponse<byte[]> after = modvault.get(path);
            assertThat(after.statusCode()).isEqualTo(200);
            assertThat(after.body()).isEqualTo(big.zipBytes());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (output.getAll().lines().filter(line -> line.contains("GET " + path + " 200")).count() < 5) {
                assertThat(System.nanoTime()).as("access lines of the five downloads").isLessThan(deadline);
                Thread.sleep(20);
            }
        }
        assertThat(output.getAll()).doesNotContain("ClientAbortException").doesNotContain("Exception Processing")
                .doesNotContain("Connection reset by peer");
    }

    private static String readHeaders(InputStream in) throws Exception {
        StringBuilder headers = new StringBuilder();
        while (!headers.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            headers.append((char) b);
        }
        return headers.toString();
    }
}
