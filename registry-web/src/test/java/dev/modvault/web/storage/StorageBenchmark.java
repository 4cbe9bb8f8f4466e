package dev.modvault.web.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modvault.storage.azure.AzuriteServer;
import dev.modvault.storage.s3.S3ProxyServer;
import dev.modvault.testkit.FixtureModule;
import dev.modvault.testkit.StaticGoProxy;
import dev.modvault.web.ModvaultServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cached-artifact throughput of Modvault per storage backend on this machine, the figures in docs/storage.md. Off
 * by default; run it with
 * <pre>
 * ./mvnw -o -pl registry-web surefire:test -Dtest=StorageBenchmark -Dbenchmark=true
 * </pre>
 * For each backend (disk, S3 on S3Proxy, Azure Blob on Azurite, all on loopback) it caches a 32 MiB zip and an .info,
 * then measures zip downloads (MB/s, one client and four) and .info requests per second (eight clients). The table
 * is printed and appended to {@code target/storage-benchmark.md}. Loopback emulators are not the real services: the
 * figures compare the backends' overhead in Modvault, not S3 or Azure themselves.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class StorageBenchmark {

    private static final int ZIP_MIB = 32;
    private static final Duration INFO_DURATION = Duration.ofSeconds(5);
    private static final FixtureModule BIG = big();
    private static final FixtureModule SMALL = FixtureModule.builder("mod.example/bench/small", "v1.0.0")
            .file("small.go", "package small\n").build();
    private static final List<String> rows = new ArrayList<>();

    static StaticGoProxy upstream;

    @BeforeAll
    static void startUpstream() throws IOException {
        upstream = StaticGoProxy.start(BIG, SMALL);
    }

    @AfterAll
    static void report() throws IOException {
        upstream.close();
        List<String> table = new ArrayList<>(List.of(
                "| backend | cached zip, 1 client | cached zip, 4 clients | cached .info, 8 clients |",
                "|---|---|---|---|"));
        table.addAll(rows);
        String text = String.join("\n", table) + "\n";
        System.out.println(text);
        Files.writeString(Path.of("target/storage-benchmark.md"), text, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void disk(@TempDir Path dataDir) throws Exception {
        measure("disk", dataDir, Map.of());
    }

    @Test
    void s3(@TempDir Path dataDir) throws Exception {
        try (S3ProxyServer s3 = S3ProxyServer.start()) {
            String bucket = s3.createBucket();
            measure("s3 (S3Proxy)", dataDir, Map.of("modvault.storage.type", "s3",
                    "modvault.storage.s3.bucket", bucket, "modvault.storage.s3.endpoint", s3.endpoint().toString(),
                    "modvault.storage.s3.path-style", "true", "modvault.storage.s3.region", "us-east-1",
                    "modvault.storage.s3.access-key", S3ProxyServer.ACCESS_KEY,
                    "modvault.storage.s3.secret-key", S3ProxyServer.SECRET_KEY));
        }
    }

    @Test
    void azure(@TempDir Path dataDir) throws Exception {
        try (AzuriteServer azurite = AzuriteServer.start()) {
            String container = azurite.createContainer();
            measure("azure (Azurite)", dataDir, Map.of("modvault.storage.type", "azure",
                    "modvault.storage.azure.container", container,
                    "modvault.storage.azure.endpoint", azurite.endpoint().toString(),
                    "modvault.storage.azure.account-name", AzuriteServer.ACCOUNT,
                    "modvault.storage.azure.account-key", AzuriteServer.ACCOUNT_KEY));
        }
    }

    private static void measure(String backend, Path dataDir, Map<String, String> properties) throws Exception {
        try (ModvaultServer modvault = ModvaultServer.start(dataDir, upstream.uri(), properties);
             HttpClient http = HttpClient.newBuilder().build()) {
            URI zip = modvault.uri().resolve(BIG.proxyPath("zip"));
            URI info = modvault.uri().resolve(SMALL.proxyPath("info"));
            assertThat(get(http, zip)).as("caching the zip").isEqualTo(BIG.zipBytes().length);
            assertThat(get(http, info)).as("caching the info").isPositive();

            double oneClient = zipThroughput(http, zip, 1, 6);
            double fourClients = zipThroughput(http, zip, 4, 3);
            double infoRate = infoRate(http, info, 8);
            rows.add(String.format("| %s | %.0f MB/s | %.0f MB/s | %.0f requests/s |", backend, oneClient,
                    fourClients, infoRate));
        }
    }

    /** MB/s (10^6 bytes) of {@code clients} clients each downloading the zip {@code each} times. */
    private static double zipThroughput(HttpClient http, URI zip, int clients, int each) throws Exception {
        AtomicLong bytes = new AtomicLong();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<?>> runs = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                runs.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        bytes.addAndGet(get(http, zip));
                    }
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(bytes.get()).isEqualTo((long) clients * each * BIG.zipBytes().length);
        return bytes.get() / 1e6 / seconds;
    }

    /** Requests per second of {@code clients} clients asking for the cached .info for {@link #INFO_DURATION}. */
    private static double infoRate(HttpClient http, URI info, int clients) throws Exception {
        AtomicLong requests = new AtomicLong();
        long end = System.nanoTime() + INFO_DURATION.toNanos();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<?>> runs = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                runs.add(pool.submit(() -> {
                    while (System.nanoTime() < end) {
                        get(http, info);
                        requests.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get();
            }
        }
        return requests.get() / ((System.nanoTime() - start) / 1e9);
    }

    /** GETs a URI, reads the body, returns its length; fails on any status but 200. */
    private static long get(HttpClient http, URI uri) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        long count = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = response.body()) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                count += n;
            }
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException(uri + ": HTTP " + response.statusCode());
        }
        return count;
    }

    private static FixtureModule big() {
        byte[] payload = new byte[ZIP_MIB * 1024 * 1024];
        new SplittableRandom(7).nextBytes(payload);
        return FixtureModule.builder("mod.example/bench/big", "v1.0.0")
                .file("big.go", "package big\n").file("payload.bin", payload).build();
    }
}
