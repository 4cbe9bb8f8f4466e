package dev.modvault.git.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.modvault.core.checksum.DirHash;
import dev.modvault.core.error.ArtifactTooLargeException;
import dev.modvault.core.error.ChecksumMismatchException;
import dev.modvault.core.error.NotFoundException;
import dev.modvault.git.GitHttpServer;
import dev.modvault.git.GitMirror;
import dev.modvault.git.TestRepo;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GOPROXY paths answered from git: templates, discovery, limits, moved tags, mirror eviction. */
class GitUpstreamClientTest {

    private static final String MODULE = "corp.example.com/lib";

    @TempDir
    Path tmp;

    private TestRepo work;
    private Path srv;
    private GitHttpServer git;
    private HttpServer vanity;
    private final AtomicInteger vanityRequests = new AtomicInteger();
    private volatile String goImport;
    private final Map<String, String> ledger = new ConcurrentHashMap<>();
    private final List<TagMove> moves = new CopyOnWriteArrayList<>();
    private GitMirror mirror;

    @BeforeEach
    void setUp() throws IOException {
        srv = Files.createDirectories(tmp.resolve("srv"));
        work = TestRepo.init(tmp.resolve("work/lib"));
        work.write("go.mod", "module " + MODULE + "\n\ngo 1.19\n").write("lib.go", "package lib\n");
        work.commit("one", "2024-01-02T03:04:05Z");
        work.tag("v1.0.0");
        work.write("lib.go", "package lib\n\n// two\n").commit("two", "2024-02-02T03:04:05Z");
        work.tag("v1.1.0");
        work.publish(srv.resolve("lib"));
        git = new GitHttpServer(srv);
        vanity = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        vanity.createContext("/", ex -> {
            vanityRequests.incrementAndGet();
            byte[] body = ("<html><head><meta name=\"go-import\" content=\"" + goImport + "\"></head></html>")
                    .getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        vanity.start();
    }

    @AfterEach
    void tearDown() {
        if (mirror != null) {
            mirror.close();
        }
        git.close();
        vanity.stop(0);
    }

    private GitUpstreamClient client(boolean allowPrivate, GitMirror.Settings settings, GitSource... sources) {
        mirror = new GitMirror(settings);
        HostGuard guard = new HostGuard(List.of("127.0.0.1"), List.of("127.0.0.1"), allowPrivate);
        GoImportDiscovery discovery = new GoImportDiscovery(HttpClient.newHttpClient(), Duration.ofSeconds(5), guard,
                host -> null);
        OriginLedger recorded = (m, v) -> Optional.ofNullable(ledger.get(m + "@" + v));
        return new GitUpstreamClient(List.of(sources), mirror, discovery, guard, recorded, moves::add,
                tmp.resolve("spool"));
    }

    private GitMirror.Settings settings() {
        return GitMirror.Settings.defaults(tmp.resolve("mirrors")).withRefreshInterval(Duration.ofMinutes(10))
                .withMinFetchInterval(Duration.ZERO).withTimeout(Duration.ofSeconds(20));
    }

    private GitSource template() {
        return GitSource.template("corp.example.com/{repo}", git.baseUrl() + "{repo}");
    }

    private static String text(GitUpstreamClient client, String path) {
        return client.get(path, 1 << 20, in -> new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void answersEveryProtocolPathFromTheRepository() throws IOException {
        GitUpstreamClient client = client(false, settings(), template());
        assertThat(text(client, MODULE + "/@v/list")).isEqualTo("v1.0.0\nv1.1.0\n");
        assertThat(text(client, MODULE + "/@latest")).startsWith("{\"Version\":\"v1.1.0\",\"Time\":\"2024-02-02T03:04:05Z\"");
        assertThat(text(client, MODULE + "/@v/v1.0.0.info")).isEqualTo("{\"Version\":\"v1.0.0\","
                + "\"Time\":\"2024-01-02T03:04:05Z\",\"Origin\":{\"VCS\":\"git\",\"URL\":\"" + git.baseUrl() + "lib\","
                + "\"Ref\":\"refs/tags/v1.0.0\",\"Hash\":\"" + work.hash("v1.0.0") + "\"}}");
        assertThat(text(client, MODULE + "/@v/main.info")).contains("\"Version\":\"v1.1.0\"");
        assertThat(text(client, MODULE + "/@v/v1.0.0.mod")).isEqualTo("module " + MODULE + "\n\ngo 1.19\n");
        Path zip = client.get(MODULE + "/@v/v1.0.0.zip", 1 << 20, in -> {
            Path p = tmp.resolve("got.zip");
            Files.copy(in, p);
            return p;
        });
        assertThat(DirHash.hashZip(zip)).startsWith("h1:");
        try (Stream<Path> left = Files.list(tmp.resolve("spool"))) {
            assertThat(left).as("the zip spool file is removed").isEmpty();
        }
        assertThatThrownBy(() -> client.get(MODULE + "/@v/v1.0.0.zip", 100, InputStream::readAllBytes))
                .isInstanceOf(ArtifactTooLargeException.class);
        assertThat(git.sessions("lib")).as("one clone for everything").isEqualTo(1);
        assertThatThrownBy(() -> text(client, MODULE + "/@v/v9.0.0.info")).isInstanceOf(NotFoundException.class);
        assertThat(git.sessions("lib")).as("an unknown version fetches once").isEqualTo(2);
        assertThatThrownBy(() -> text(client, "other.example.com/x/@v/list")).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("no git source maps other.example.com/x");
    }

    @Test
    void discoveryFollowsAnAllowedGoImport() {
        goImport = "go.corp.example.com/lib git " + git.baseUrl() + "lib";
        GitUpstreamClient client = client(true, settings(),
                GitSource.discovery("go.corp.example.com", URI.create("http://127.0.0.1:" + vanity.getAddress().getPort())));
        // the repository's go.mod says corp.example.com/lib, but a module path's go.mod is only checked by the go
        // command: the list comes from tags
        assertThat(text(client, "go.corp.example.com/lib/@v/list")).isEqualTo("v1.0.0\nv1.1.0\n");
        assertThat(vanityRequests).hasValue(1);
    }

    @Test
    void discoveryRefusesLoopbackAndMetadataAnswersWithoutContactingThem() {
        GitUpstreamClient client = client(false, settings(),
                GitSource.discovery("go.corp.example.com", URI.create("http://127.0.0.1:" + vanity.getAddress().getPort())));
        goImport = "go.corp.example.com/lib git " + git.baseUrl() + "lib";
        assertThatThrownBy(() -> text(client, "go.corp.example.com/lib/@v/list")).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("go-import repository URL for go.corp.example.com/lib refused")
                .hasMessageContaining("loopback address 127.0.0.1");
        goImport = "go.corp.example.com/lib git https://metadata.evil.example/lib";
        assertThatThrownBy(() -> text(client, "go.corp.example.com/lib/@v/list"))
                .hasMessageContaining("host metadata.evil.example is not in modvault.git.allowed-hosts");
        assertThat(git.requests("lib")).isZero();
    }

    @Test
    void aTagMovedAfterCachingIsRefusedAndReported() {
        GitUpstreamClient client = client(false, settings(), template());
        assertThat(text(client, MODULE + "/@v/list")).contains("v1.0.0");
        String original = work.hash("v1.0.0");
        ledger.put(MODULE + "@v1.0.0", original); // as if Modvault had cached v1.0.0 then
        assertThat(text(client, MODULE + "/@v/v1.0.0.mod")).startsWith("module");

        // someone force-moves v1.0.0; the next fetch notices it
        work.write("lib.go", "package lib\n\n// moved\n").commit("moved", "2024-03-01T00:00:00Z");
        work.git("tag", "-f", "v1.0.0");
        work.pushTo(srv.resolve("lib"));
        assertThat(mirror.repository(git.baseUrl() + "lib")).isNotNull();
        try {
            mirror.repository(git.baseUrl() + "lib").fetch();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertThat(moves).singleElement().satisfies(m -> {
            assertThat(m.module()).isEqualTo(MODULE);
            assertThat(m.version()).isEqualTo("v1.0.0");
            assertThat(m.recordedHash()).isEqualTo(original);
            assertThat(m.currentHash()).isEqualTo(work.hash("v1.0.0")).isNotEqualTo(original);
            assertThat(m.noticedBy()).isEqualTo("fetch");
        });
        assertThatThrownBy(() -> client.get(MODULE + "/@v/v1.0.0.zip", 1 << 20, InputStream::readAllBytes))
                .isInstanceOf(ChecksumMismatchException.class)
                .hasMessageContaining("tag refs/tags/v1.0.0 moved from commit " + original);
        assertThat(moves).as("reported once").hasSize(1);
        // an uncached tagged version is served as it is now
        assertThat(text(client, MODULE + "/@v/v1.1.0.mod")).startsWith("module");
    }

    @Test
    void mirrorsBeyondTheTotalSizeAreEvictedLeastRecentlyUsedFirst() throws IOException {
        work.publish(srv.resolve("other"));
        GitMirror.Settings settings = settings().withMaxTotalBytes(1);
        GitUpstreamClient client = client(false, settings, template());
        text(client, MODULE + "/@v/list");
        Path mirrors = tmp.resolve("mirrors");
        try (Stream<Path> s = Files.list(mirrors)) {
            // age the first mirror beyond the minimum idle time
            s.filter(p -> p.toString().endsWith(".used")).forEach(p -> {
                try {
                    Files.setLastModifiedTime(p, java.nio.file.attribute.FileTime.fromMillis(0));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
        text(client, "corp.example.com/other/@v/list");
        try (Stream<Path> s = Files.list(mirrors)) {
            assertThat(s.filter(p -> p.getFileName().toString().matches("[0-9a-f]{64}"))).hasSize(1);
        }
        // the evicted one comes back with a new clone
        assertThat(text(client, MODULE + "/@v/list")).isEqualTo("v1.0.0\nv1.1.0\n");
        assertThat(git.sessions("lib")).isEqualTo(2);
    }
}
