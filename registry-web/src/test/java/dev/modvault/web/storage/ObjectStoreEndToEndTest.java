package dev.modvault.web.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modvault.storage.ArtifactStore;
import dev.modvault.storage.StorageKey;
import dev.modvault.testkit.FixtureModule;
import dev.modvault.testkit.Fixtures;
import dev.modvault.testkit.GoCommand;
import dev.modvault.testkit.StaticGoProxy;
import dev.modvault.web.ModvaultServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Modvault on an object store chosen by configuration alone, driven by the real go command, and the store failing
 * under it. Subclasses start the store (S3Proxy, Azurite) and say which properties select it; Modvault reaches the
 * store through a {@link PausingTcpProxy}, so a fault test takes the store down at a byte it chooses: during the
 * upload of a large zip, or while a large cached zip is streamed to a client.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ObjectStoreEndToEndTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final int MIB = 1024 * 1024;
    /** Large enough that a transfer of it is still under way when the proxy holds it. */
    private static final int BIG = 24 * MIB;

    private final Fixtures fixtures = Fixtures.standard();
    private final FixtureModule bigUpload = big("mod.example/big/upload", 1);
    private final FixtureModule bigDownload = big("mod.example/big/download", 2);

    Path dataDir;
    StaticGoProxy upstream;
    PausingTcpProxy toStore;
    ModvaultServer modvault;
    GoCommand go;
    ArtifactStore direct;

    /** Starts the object store with an empty bucket or container. */
    abstract void startStore() throws Exception;

    /** The store's loopback port (the proxy forwards to it). */
    abstract int storePort();

    /** The properties that select the store for Modvault, which reaches it at 127.0.0.1:{@code port}. */
    abstract Map<String, String> storeProperties(int port);

    /** A store over the same bucket or container, directly (not through the proxy), to check what Modvault did. */
    abstract ArtifactStore directStore();

    /** Takes the store down (new connections are refused). */
    abstract void killStore() throws Exception;

    /** Brings the store back on the same port with the data it had. */
    abstract void restartStore() throws Exception;

    abstract void stopStore() throws Exception;

    private boolean storeDown;

    /** The store dies: it is taken down and every connection to it is cut at once. */
    private void storeDies() throws Exception {
        storeDown = true;
        killStore();
        toStore.cutConnections();
    }

    private void storeReturns() throws Exception {
        restartStore();
        storeDown = false;
    }

    /** A fault test that failed half-way still leaves the store running for the next test. */
    @AfterEach
    void storeIsBack() throws Exception {
        toStore.resume();
        if (storeDown) {
            storeReturns();
        }
    }

    @BeforeAll
    void start(@TempDir Path dataDir) throws Exception {
        this.dataDir = dataDir;
        startStore();
        List<FixtureModule> served = new ArrayList<>(fixtures.all());
        served.add(bigUpload);
        served.add(bigDownload);
        upstream = StaticGoProxy.start(served);
        toStore = new PausingTcpProxy(storePort());
        modvault = ModvaultServer.start(dataDir, upstream.uri(), storeProperties(toStore.port()));
        go = GoCommand.forProxy(modvault.uri());
        direct = directStore();
    }

    @AfterAll
    void stop() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[] {go, modvault, toStore, upstream}) {
            if (closeable != null) {
                closeable.close();
            }
        }
        stopStore();
    }

    // ----------------------------------------------------------------------------------------- the go command

    @Test
    void goModDownloadGetsEveryFixtureWithItsHashesAndTheArtifactsLandInTheObjectStore() throws IOException {
        for (FixtureModule fixture : fixtures.all()) {
            var result = go.runOk(GoCommand.DEFAULT_TIMEOUT, "mod", "download", "-json",
                    fixture.path() + "@" + fixture.version());
            JsonNode json = JSON.readTree(result.stdout());

            assertThat(json.has("Error")).as(result.stdout()).isFalse();
            assertThat(json.get("Sum").stringValue()).as(fixture.toString()).isEqualTo(fixture.zipHash());
            assertThat(json.get("GoModSum").stringValue()).as(fixture.toString()).isEqualTo(fixture.modHash());
        }

        FixtureModule lib = fixtures.get(Fixtures.APP_LIB, "v1.0.0");
        StorageKey versions = StorageKey.of(lib.escapedPath() + "/@v");
        assertThat(direct.list(versions)).contains(versions.resolve("v1.0.0.zip"), versions.resolve("v1.0.0.mod"),
                versions.resolve("v1.0.0.info"));
        try (InputStream in = direct.get(versions.resolve("v1.0.0.zip")).orElseThrow().open()) {
            assertThat(in.readAllBytes()).isEqualTo(lib.zipBytes());
        }
        assertThat(artifactsOnDisk()).as("files in the disk store's folder").isEmpty();
    }

    @Test
    void goModTidyResolvesAndHashesAProgramsDependencies(@TempDir Path project) {
        GoCommand.writeProgram(project, Fixtures.DEMO_PROGRAM_PATH, Fixtures.demoProgram());

        go.inDir(project).runOk(GoCommand.DEFAULT_TIMEOUT, "mod", "tidy");

        List<String> expected = fixtures.demoProgramModules().stream()
                .flatMap(m -> m.goSumLines().stream()).toList();
        assertThat(GoCommand.readGoSum(project)).containsExactlyInAnyOrderElementsOf(expected);
    }

    // ---------------------------------------------------------------------------------------------- faults

    @Test
    void aStoreDyingMidUploadGives503StoresNothingAndTheNextRequestAfterItsReturnHeals() throws Exception {
        String zip = bigUpload.proxyPath("zip");
        StorageKey key = StorageKey.of(bigUpload.escapedPath() + "/@v/v1.0.0.zip");
        toStore.pauseUploadAfter(6 * MIB);
        CompletableFuture<HttpResponse<byte[]>> response = CompletableFuture.supplyAsync(() -> modvault.get(zip));
        try {
            toStore.awaitUploadPaused();
            storeDies();
        } finally {
            toStore.resume();
        }

        HttpResponse<byte[]> failed = response.get(90, TimeUnit.SECONDS);
        assertOneLineError(failed, 503);
        storeReturns();
        assertThat(direct.get(key)).as("object after the failed upload").isEmpty();
        assertThat(direct.list(StorageKey.of(bigUpload.escapedPath() + "/@v"))).doesNotContain(key);

        HttpResponse<byte[]> healed = modvault.get(zip);
        assertThat(healed.statusCode()).isEqualTo(200);
        assertThat(healed.body()).isEqualTo(bigUpload.zipBytes());
        assertThat(direct.get(key)).as("object after the healing request").isPresent();
    }

    @Test
    void aStoreDownWhenACachedZipIsAskedForGives503UntilItIsBack() throws Exception {
        FixtureModule fixture = fixtures.get(Fixtures.MAJOR_V2, "v2.0.0");
        String zip = fixture.proxyPath("zip");
        assertThat(modvault.get(zip).statusCode()).isEqualTo(200);

        storeDies();
        assertOneLineError(modvault.get(zip), 503);
        storeReturns();

        HttpResponse<byte[]> back = modvault.get(zip);
        assertThat(back.statusCode()).isEqualTo(200);
        assertThat(back.body()).isEqualTo(fixture.zipBytes());
    }

    /**
     * Once a zip's 200 and Content-Length are on their way, a store dying mid-body can only cut the connection: the
     * client gets fewer bytes than announced (the go command reports the short body and retries), never other
     * bytes. The stored object is untouched and served whole once the store is back.
     */
    @Test
    void aStoreDyingWhileACachedZipIsStreamedCutsTheResponseShortAndTheZipIsServedWholeOnceItIsBack()
            throws Exception {
        String zip = bigDownload.proxyPath("zip");
        assertThat(modvault.get(zip).statusCode()).as("caching the zip").isEqualTo(200);
        toStore.pauseDownloadAfter(2 * MIB);
        CompletableFuture<Long> received = CompletableFuture.supplyAsync(() -> bytesReceived(zip));
        try {
            toStore.awaitDownloadPaused();
            storeDies();
        } finally {
            toStore.resume();
        }

        assertThat(received.get(90, TimeUnit.SECONDS)).as("bytes the client got")
                .isLessThan((long) bigDownload.zipBytes().length);
        storeReturns();

        HttpResponse<byte[]> back = modvault.get(zip);
        assertThat(back.statusCode()).isEqualTo(200);
        assertThat(back.body()).isEqualTo(bigDownload.zipBytes());
    }

    // ------------------------------------------------------------------------------------------- helpers

    private static void assertOneLineError(HttpResponse<byte[]> response, int status) {
        String body = new String(response.body(), StandardCharsets.UTF_8);
        assertThat(response.statusCode()).as(body).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain"));
        assertThat(body).endsWith("\n").contains("storage unavailable");
        assertThat(body.strip()).doesNotContain("\n");
    }

    /** GETs a path and reads the body to its end or its failure; returns how many bytes arrived. */
    private long bytesReceived(String path) {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(modvault.uri().resolve(path))
                    .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofInputStream());
            long count = 0;
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = response.body()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    count += n;
                }
            } catch (IOException cut) {
                // the connection was cut: count what arrived
            }
            return count;
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** Files Modvault would have written to a disk store: none when it uses an object store. */
    private List<Path> artifactsOnDisk() throws IOException {
        Path root = modvault.storageRoot();
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    /** A module whose zip holds {@link #BIG} bytes of incompressible data. */
    private static FixtureModule big(String path, long seed) {
        byte[] payload = new byte[BIG];
        new SplittableRandom(seed).nextBytes(payload);
        return FixtureModule.builder(path, "v1.0.0")
                .file("big.go", "package big\n")
                .file("payload.bin", payload)
                .build();
    }
}
