package dev.modvault.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StaticGoProxyTest {

    private static final Fixtures FIXTURES = Fixtures.standard();
    private static final FixtureModule UPPER_100 = FIXTURES.get(Fixtures.UPPER_CASE, "v1.0.0");

    private StaticGoProxy proxy;
    private HttpClient http;

    @BeforeEach
    void start() throws IOException {
        proxy = StaticGoProxy.start(FIXTURES);
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterEach
    void stop() {
        proxy.stop();
        http.close();
    }

    private HttpResponse<byte[]> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(proxy.uri() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<byte[]> head(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(proxy.uri() + path))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    private static long contentLength(HttpResponse<?> r) {
        return r.headers().firstValueAsLong("Content-Length").orElseThrow(() -> new AssertionError("no Content-Length"));
    }

    @Test
    void uriIsLoopbackWithoutTrailingSlash() {
        assertThat(proxy.uri().getHost()).isEqualTo("127.0.0.1");
        assertThat(proxy.uri().getPort()).isPositive();
        assertThat(proxy.uri().toString()).doesNotEndWith("/");
    }

    @Test
    void servesInfoModZipAndListUnderTheEscapedPath() throws Exception {
        HttpResponse<byte[]> info = get("/mod.example/!upper/!case/@v/v1.0.0.info");
        assertThat(info.statusCode()).isEqualTo(200);
        assertThat(text(info)).isEqualTo("{\"Version\":\"v1.0.0\",\"Time\":\"2024-01-02T03:04:05Z\"}");
        assertThat(contentLength(info)).isEqualTo(info.body().length);

        HttpResponse<byte[]> mod = get(UPPER_100.proxyPath("mod"));
        assertThat(text(mod)).isEqualTo("module mod.example/Upper/Case\n\ngo 1.19\n");

        HttpResponse<byte[]> zip = get(UPPER_100.proxyPath("zip"));
        assertThat(zip.statusCode()).isEqualTo(200);
        assertThat(zip.body()).isEqualTo(UPPER_100.zipBytes());
        assertThat(contentLength(zip)).isEqualTo(UPPER_100.zipBytes().length);
        assertThat(zip.headers().firstValue("Content-Type")).hasValue("application/zip");

        HttpResponse<byte[]> list = get("/mod.example/!upper/!case/@v/list");
        assertThat(text(list)).isEqualTo("v1.0.0\nv1.1.0\n");
        assertThat(list.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
    }

    @Test
    void acceptsPercentEncodedBangAsTheGoCommandSendsIt() throws Exception {
        HttpResponse<byte[]> info = get("/mod.example/%21upper/%21case/@v/v1.1.0.info");
        assertThat(info.statusCode()).isEqualTo(200);
        assertThat(proxy.requestLog()).containsExactly("/mod.example/!upper/!case/@v/v1.1.0.info");
    }

    @Test
    void incompatibleVersionHasSynthesizedModAndIsListed() throws Exception {
        assertThat(text(get("/mod.example/incompat/@v/v2.0.0+incompatible.mod")))
                .isEqualTo("module mod.example/incompat\n");
        assertThat(text(get("/mod.example/incompat/@v/list"))).isEqualTo("v1.0.0\nv2.0.0+incompatible\n");
    }

    @Test
    void pseudoOnlyModuleHasEmptyListAndLatestIsThePseudoVersion() throws Exception {
        HttpResponse<byte[]> list = get("/mod.example/pseudo/@v/list");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).isEmpty();
        assertThat(contentLength(list)).isZero();

        HttpResponse<byte[]> latest = get("/mod.example/pseudo/@latest");
        assertThat(latest.statusCode()).isEqualTo(200);
        assertThat(text(latest)).isEqualTo(
                "{\"Version\":\"v0.0.0-20240102030405-abcdef123456\",\"Time\":\"2024-01-02T03:04:05Z\"}");
    }

    @Test
    void latestOfTaggedModuleIsHighestRelease() throws Exception {
        assertThat(text(get("/mod.example/pre/@latest"))).contains("\"Version\":\"v1.0.0\"");
        assertThat(text(get("/mod.example/major/v2/@latest"))).contains("\"Version\":\"v2.1.0\"");
    }

    @Test
    void everythingElseIsA404WithAOneLineTextBody() throws Exception {
        for (String path : List.of("/mod.example/@v/list", "/mod.example/app/@latest", "/",
                "/mod.example/Upper/Case/@v/list", // unescaped uppercase is not a valid proxy path
                "/mod.example/pre/@v/v9.9.9.info", "/mod.example/pre/@v/v1.0.0.tar", "/mod.example/pre/@v/",
                "/mod.example/pre/@v/v1.0.0", "/nope")) {
            HttpResponse<byte[]> r = get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(r.headers().firstValue("Content-Type").orElseThrow()).as(path).startsWith("text/plain");
            assertThat(text(r)).as(path).startsWith("not found: ").endsWith("\n");
            assertThat(text(r).strip()).as(path).doesNotContain("\n");
            assertThat(contentLength(r)).as(path).isEqualTo(r.body().length);
        }
    }

    @Test
    void headHasTheFullContentLengthAndNoBody() throws Exception {
        HttpResponse<byte[]> r = head(UPPER_100.proxyPath("zip"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(contentLength(r)).isEqualTo(UPPER_100.zipBytes().length);
        assertThat(r.body()).isEmpty();

        HttpResponse<byte[]> missing = head("/mod.example/@v/list");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(contentLength(missing)).isPositive();
    }

    @Test
    void otherMethodsAreRefused() throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(proxy.uri() + UPPER_100.proxyPath("zip")))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(405);
    }

    @Test
    void countsRequestsExactlyUnderConcurrency() throws Exception {
        String zip = UPPER_100.proxyPath("zip");
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                results.add(pool.submit(() -> get(zip).statusCode()));
            }
            for (Future<Integer> f : results) {
                assertThat(f.get()).isEqualTo(200);
            }
        }
        get("/mod.example/pre/@v/list");
        assertThat(proxy.requests(zip)).isEqualTo(40);
        assertThat(proxy.requests("/@v/v1.0.0.zip")).isEqualTo(40);
        assertThat(proxy.requests("/@v/list")).isEqualTo(1);
        assertThat(proxy.requestsForModule(Fixtures.UPPER_CASE)).isEqualTo(40);
        assertThat(proxy.requestsForModule(Fixtures.PRE)).isEqualTo(1);
        assertThat(proxy.requestsForModule(Fixtures.PSEUDO)).isZero();
        assertThat(proxy.requestLog()).hasSize(41).last().isEqualTo("/mod.example/pre/@v/list");
        proxy.clearRequestLog();
        assertThat(proxy.requestLog()).isEmpty();
    }

    @Test
    void addModuleAtRuntime() throws Exception {
        assertThat(get("/mod.example/late/@v/list").statusCode()).isEqualTo(404);
        proxy.addModule(FixtureModule.builder("mod.example/late", "v0.1.0").file("late.go", "package late\n").build());
        assertThat(text(get("/mod.example/late/@v/list"))).isEqualTo("v0.1.0\n");
        assertThat(get("/mod.example/late/@v/v0.1.0.zip").statusCode()).isEqualTo(200);
    }

    // ---- faults ----

    @Test
    void closeAfterGivesHttpClientAnIOException() throws Exception {
        String zip = UPPER_100.proxyPath("zip");
        proxy.closeAfter(zip, 10);
        assertThatThrownBy(() -> get(zip)).isInstanceOf(IOException.class);
        // a streaming reader sees the declared length, then the stream dies after exactly the bytes sent
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(proxy.uri() + zip)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(contentLength(r)).isEqualTo(UPPER_100.zipBytes().length);
        byte[] got = new byte[UPPER_100.zipBytes().length];
        try (InputStream in = r.body()) {
            assertThatThrownBy(() -> {
                int total = 0;
                int k;
                while ((k = in.read(got, total, got.length - total)) > 0) {
                    total += k;
                }
                throw new AssertionError("read " + total + " bytes without error");
            }).isInstanceOf(IOException.class);
        }
        assertThat(proxy.requests(zip)).isEqualTo(2);
        proxy.clearFaults();
        assertThat(get(zip).body()).isEqualTo(UPPER_100.zipBytes());
    }

    @Test
    void closeAfterGivesHttpUrlConnectionAShortRead() throws Exception {
        String zip = UPPER_100.proxyPath("zip");
        proxy.closeAfter(zip, 10);
        HttpURLConnection c = (HttpURLConnection) URI.create(proxy.uri() + zip).toURL().openConnection();
        assertThat(c.getResponseCode()).isEqualTo(200);
        assertThat(c.getContentLengthLong()).isEqualTo(UPPER_100.zipBytes().length);
        byte[] buf = new byte[UPPER_100.zipBytes().length];
        int[] total = {0};
        try (InputStream in = c.getInputStream()) {
            assertThatThrownBy(() -> {
                int k;
                while ((k = in.read(buf, total[0], buf.length - total[0])) > 0) {
                    total[0] += k;
                }
            }).isInstanceOf(IOException.class);
        }
        assertThat(total[0]).isEqualTo(10);
    }

    @Test
    void shortBodyGivesAClientVisibleFailure() throws Exception {
        String mod = UPPER_100.proxyPath("mod");
        proxy.shortBody(mod, 5);
        assertThatThrownBy(() -> get(mod)).isInstanceOf(IOException.class);

        HttpURLConnection c = (HttpURLConnection) URI.create(proxy.uri() + mod).toURL().openConnection();
        assertThat(c.getContentLengthLong()).isEqualTo(UPPER_100.modBytes().length);
        byte[] buf = new byte[UPPER_100.modBytes().length];
        int[] total = {0};
        try (InputStream in = c.getInputStream()) {
            assertThatThrownBy(() -> {
                int k;
                while ((k = in.read(buf, total[0], buf.length - total[0])) > 0) {
                    total[0] += k;
                }
            }).isInstanceOf(IOException.class);
        }
        assertThat(total[0]).isEqualTo(5);
        assertThat(new String(buf, 0, 5, StandardCharsets.UTF_8)).isEqualTo("modul");
    }

    @Test
    void faultsApplyToTheExactPathOnly() throws Exception {
        proxy.shortBody(UPPER_100.proxyPath("zip"), 3);
        proxy.failWith("/mod.example/pre/@v/list", 503);
        assertThat(get(UPPER_100.proxyPath("mod")).statusCode()).isEqualTo(200);
        assertThat(get(FIXTURES.get(Fixtures.UPPER_CASE, "v1.1.0").proxyPath("zip")).statusCode()).isEqualTo(200);
        assertThat(get("/mod.example/pre/@v/list?x=1").statusCode()).isEqualTo(503); // query is not part of the path
        assertThat(get("/mod.example/pre/@latest").statusCode()).isEqualTo(200);
    }

    @Test
    void failWithAnswersTheStatusUntilCleared() throws Exception {
        String list = "/mod.example/pre/@v/list";
        proxy.failWith(list, 500);
        HttpResponse<byte[]> r = get(list);
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(text(r)).contains("injected");
        assertThat(get(list).statusCode()).isEqualTo(500);
        proxy.failWith(list, 410);
        assertThat(get(list).statusCode()).isEqualTo(410);
        proxy.clearFault(list);
        assertThat(text(get(list))).isEqualTo("v1.0.0\nv1.1.0-beta.1\n");
    }

    @Test
    void delayHoldsTheAnswer() throws Exception {
        String info = UPPER_100.proxyPath("info");
        proxy.delay(info, Duration.ofMillis(700));
        long t0 = System.nanoTime();
        assertThat(get(info).statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(700));

        assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(URI.create(proxy.uri() + info))
                .timeout(Duration.ofMillis(100)).build(), HttpResponse.BodyHandlers.ofByteArray()))
                .isInstanceOf(HttpTimeoutException.class);

        proxy.clearFaults();
        long t1 = System.nanoTime();
        assertThat(get(info).statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - t1)).isLessThan(Duration.ofMillis(700));
    }

    @Test
    void stopClosesTheListener() throws Exception {
        URI base = proxy.uri();
        proxy.stop();
        assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(URI.create(base + "/mod.example/pre/@v/list"))
                .build(), HttpResponse.BodyHandlers.ofByteArray())).isInstanceOf(IOException.class);
    }
}
