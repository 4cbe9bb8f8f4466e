package dev.modvault.web.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modvault.testkit.FixtureModule;
import dev.modvault.testkit.StaticGoProxy;
import dev.modvault.web.ModvaultServer;
import java.io.RandomAccessFile;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.http11.Http11Nio2Protocol;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.tomcat.TomcatWebServer;

/**
 * The serving fast path end to end: zips above the memory cache's object size go out from their checked file byte for
 * byte and are still refused once changed in storage, copied by Modvault or, with {@code modvault.serving.zero-copy},
 * sent by the connector itself (Tomcat's NIO2, on its own virtual threads); small answers come from memory and a
 * purge is visible at once.
 */
class ServingFastPathTest {

    static final FixtureModule BIG = big("fast.example/big", "v1.0.0", 1);
    static final FixtureModule FLIPPED = big("fast.example/flipped", "v1.0.0", 2);
    static final FixtureModule SMALL = FixtureModule.builder("fast.example/small", "v1.0.0")
            .file("small.go", "package small\n").build();

    @TempDir
    static Path dataDir;
    @TempDir
    static Path zeroCopyDataDir;
    static StaticGoProxy upstream;
    static ModvaultServer modvault;
    static ModvaultServer zeroCopy;

    static FixtureModule big(String path, String version, long seed) {
        byte[] noise = new byte[300 * 1024];
        new Random(seed).nextBytes(noise);
        return FixtureModule.builder(path, version).file("data.txt", Base64.getEncoder().encodeToString(noise)).build();
    }

    @BeforeAll
    static void start() throws Exception {
        upstream = StaticGoProxy.start(BIG, FLIPPED, SMALL);
        // 300 KiB zips: above this object size, so they are copied from their file (VerifiedFileCopy)
        modvault = ModvaultServer.start(dataDir, upstream.uri(),
                Map.of("modvault.serving.memory-cache-max-object-size", "64KB"));
        zeroCopy = ModvaultServer.start(zeroCopyDataDir, upstream.uri(),
                Map.of("modvault.serving.memory-cache-max-object-size", "64KB", "modvault.serving.zero-copy", "true"));
    }

    @AfterAll
    static void stop() {
        zeroCopy.close();
        modvault.close();
        upstream.close();
    }

    @Test
    void aLargeZipIsSentWholeOnMissAndOnHit() {
        assertThat(BIG.zipBytes().length).as("too large for the memory cache").isGreaterThan(100_000);
        HttpResponse<byte[]> miss = modvault.get(BIG.proxyPath("zip"));
        HttpResponse<byte[]> hit = modvault.get(BIG.proxyPath("zip"));
        HttpResponse<byte[]> again = modvault.get(BIG.proxyPath("zip"));

        assertThat(miss.statusCode()).isEqualTo(200);
        assertThat(miss.body()).isEqualTo(BIG.zipBytes());
        assertThat(hit.headers().firstValue("X-Modvault-Cache")).contains("hit");
        assertThat(hit.headers().firstValueAsLong("Content-Length")).hasValue(BIG.zipBytes().length);
        assertThat(hit.body()).isEqualTo(BIG.zipBytes());
        assertThat(again.body()).isEqualTo(BIG.zipBytes());
    }

    @Test
    void requestsRunBehindTomcatsNio2ConnectorOnItsOwnVirtualThreads() throws Exception {
        Connector connector = ((TomcatWebServer) modvault.webServer()).getTomcat().getConnector();
        assertThat(connector.getProtocolHandler()).isInstanceOf(Http11Nio2Protocol.class);
        CompletableFuture<Thread> thread = new CompletableFuture<>();
        connector.getProtocolHandler().getExecutor().execute(() -> thread.complete(Thread.currentThread()));
        Thread handler = thread.get(5, TimeUnit.SECONDS);
        assertThat(handler.isVirtual()).isTrue();
        assertThat(handler.getName()).as("Tomcat's executor, not Spring Boot's").startsWith("http-nio2-");
    }

    @Test
    void withZeroCopyALargeZipIsSentWholeByTheConnector() {
        for (int i = 0; i < 3; i++) {
            HttpResponse<byte[]> response = zeroCopy.get(BIG.proxyPath("zip"));
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("X-Modvault-Cache")).contains(i == 0 ? "miss" : "hit");
            assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(BIG.zipBytes().length);
            assertThat(response.body()).isEqualTo(BIG.zipBytes());
        }
    }

    @Test
    void aLargeZipChangedInStorageIsRefusedNotSent() throws Exception {
        assertFlippedZipRefused(modvault);
    }

    @Test
    void withZeroCopyALargeZipChangedInStorageIsRefusedNotSent() throws Exception {
        assertFlippedZipRefused(zeroCopy);
    }

    private static void assertFlippedZipRefused(ModvaultServer server) throws Exception {
        assertThat(server.get(FLIPPED.proxyPath("zip")).body()).isEqualTo(FLIPPED.zipBytes());
        assertThat(server.get(FLIPPED.proxyPath("zip")).body()).isEqualTo(FLIPPED.zipBytes());
        Path file = server.storageRoot().resolve("fast.example/flipped/@v/v1.0.0.zip%o");
        FileTime mtime = Files.getLastModifiedTime(file);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(FLIPPED.zipBytes().length / 2);
            int b = raf.read();
            raf.seek(FLIPPED.zipBytes().length / 2);
            raf.write(b ^ 1);
        }
        Files.setLastModifiedTime(file, mtime);

        HttpResponse<byte[]> response = server.get(FLIPPED.proxyPath("zip"));
        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("checksum mismatch");
    }

    @Test
    void smallAnswersComeFromMemoryAndAPurgeIsVisibleAtOnce() {
        ServingCache cache = modvault.bean(ServingCache.class);
        assertThat(modvault.get(SMALL.proxyPath("info")).statusCode()).isEqualTo(200);
        long hits = cache.store().hits();
        HttpResponse<byte[]> hit = modvault.get(SMALL.proxyPath("info"));
        assertThat(hit.headers().firstValue("X-Modvault-Cache")).contains("hit");
        assertThat(hit.body()).isEqualTo(SMALL.infoJson());
        assertThat(cache.store().hits()).isGreaterThan(hits);
        int fetched = upstream.requests(SMALL.proxyPath("info"));

        assertThat(modvault.admin("DELETE", "/api/v1/catalog/versions?module=" + SMALL.path() + "&version="
                + SMALL.version(), null).statusCode()).isEqualTo(200);
        HttpResponse<byte[]> afterPurge = modvault.get(SMALL.proxyPath("info"));
        assertThat(afterPurge.statusCode()).isEqualTo(200);
        assertThat(afterPurge.headers().firstValue("X-Modvault-Cache")).contains("miss");
        assertThat(upstream.requests(SMALL.proxyPath("info"))).isEqualTo(fetched + 1);
    }
}
