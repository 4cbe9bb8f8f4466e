package dev.modvault.web.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modvault.testkit.FixtureModule;
import dev.modvault.testkit.StaticGoProxy;
import dev.modvault.web.ModvaultServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upstream faults never leave a partial artifact in the store, and the next request after the fault heals fetches
 * and stores the artifact correctly. The faults come from the loopback upstream's fault injection: a real,
 * well-behaved server cannot be made to drop a connection mid-body or send less than its Content-Length.
 */
class UpstreamFaultTest {

    private static final FixtureModule FIXTURE = FixtureModule.builder("mod.example/faulty", "v1.0.0")
            .file("faulty.go", "package faulty\n")
            .file("payload.txt", "x".repeat(200_000))
            .build();

    @TempDir
    Path dataDir;
    StaticGoProxy upstream;
    ModvaultServer modvault;
    String zip = FIXTURE.proxyPath("zip");

    @BeforeEach
    void start() throws IOException {
        upstream = StaticGoProxy.start(FIXTURE);
        modvault = ModvaultServer.start(dataDir, upstream.uri(), Map.of("modvault.upstream.max-attempts", "2"));
    }

    @AfterEach
    void stop() {
        modvault.close();
        upstream.close();
    }

    @Test
    void connectionClosedMidZipStoresNothingAndTheNextRequestHeals() throws IOException {
        upstream.closeAfter(zip, 50_000);
        assertFailsAndStoresNothing(502);

        upstream.clearFaults();
        assertServedCorrectlyAfterwards();
    }

    @Test
    void bodyShorterThanContentLengthStoresNothingAndTheNextRequestHeals() throws IOException {
        upstream.shortBody(zip, 1_000);
        assertFailsAndStoresNothing(502);

        upstream.clearFaults();
        assertServedCorrectlyAfterwards();
    }

    @Test
    void upstreamServerErrorGives502WithTheReason() throws IOException {
        upstream.failWith(zip, 500);
        var response = modvault.get(zip);

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("HTTP 500");
        assertThat(storedFiles()).isEmpty();
    }

    @Test
    void slowUpstreamGives504() throws IOException {
        upstream.delay(zip, Duration.ofSeconds(4));
        var response = modvault.get(zip);

        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("timed out");
        assertThat(storedFiles()).isEmpty();
    }

    @Test
    void unreachableUpstreamGives502AndNothingIsStored() throws IOException {
        upstream.close();
        var response = modvault.get(zip);

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("text/plain"));
        assertThat(storedFiles()).isEmpty();
    }

    private void assertFailsAndStoresNothing(int status) throws IOException {
        var response = modvault.get(zip);
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("faulty");
        assertThat(storedFiles()).isEmpty();
        assertThat(spoolFiles()).isEmpty();
    }

    private void assertServedCorrectlyAfterwards() {
        int before = upstream.requests(zip);
        var healed = modvault.get(zip);
        assertThat(healed.statusCode()).isEqualTo(200);
        assertThat(healed.body()).isEqualTo(FIXTURE.zipBytes());
        assertThat(upstream.requests(zip)).isEqualTo(before + 1);

        var cached = modvault.get(zip);
        assertThat(cached.headers().firstValue("X-Modvault-Cache")).hasValue("hit");
        assertThat(cached.body()).isEqualTo(FIXTURE.zipBytes());
    }

    private Stream<Path> walk(Path root) throws IOException {
        return Files.exists(root) ? Files.walk(root).filter(Files::isRegularFile) : Stream.empty();
    }

    /** Files in the store that belong to the faulty module (the start-up write probe is not one). */
    private java.util.List<Path> storedFiles() throws IOException {
        try (Stream<Path> files = walk(modvault.storageRoot())) {
            return files.filter(p -> p.toString().contains("faulty")).toList();
        }
    }

    private java.util.List<Path> spoolFiles() throws IOException {
        try (Stream<Path> files = walk(dataDir.resolve("spool"))) {
            return files.toList();
        }
    }
}
