package dev.modvault.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modvault.core.checksum.DirHash;
import dev.modvault.core.error.ArtifactTooLargeException;
import dev.modvault.core.error.NotFoundException;
import dev.modvault.core.error.UpstreamException;
import dev.modvault.core.module.ModulePath;
import dev.modvault.core.module.Version;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GitMirror: one clone per repository, incremental fetches on misses and after the refresh interval, limits. */
class GitMirrorTest {

    private static final String MODULE = "gitsrv.example/solo.git";
    private static final String TOKEN = "s3cret-token-0123456789";

    @TempDir
    Path tmp;

    private TestRepo work;
    private Path srv;
    private GitHttpServer server;

    @BeforeEach
    void setUp() throws IOException {
        srv = Files.createDirectories(tmp.resolve("srv"));
        work = TestRepo.init(tmp.resolve("work/solo"));
        work.write("go.mod", "module " + MODULE + "\n\ngo 1.19\n").write("LICENSE", "MIT\n");
        for (int i = 0; i < 5; i++) {
            work.write("f.go", "package solo\n\n// " + i + "\n");
            work.commit("c" + i, "2023-05-0" + (i + 1) + "T00:00:00Z");
            work.tag("v1." + i + ".0");
        }
        work.newBranch("dev").write("f.go", "package solo\n\n// dev\n").commit("dev", "2023-06-01T00:00:00Z");
        work.checkout("main");
        work.publish(srv.resolve("solo.git"));
        server = new GitHttpServer(srv);
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private GitMirror.Settings settings(Path cache) {
        return GitMirror.Settings.defaults(cache).withRefreshInterval(Duration.ofMinutes(10))
                .withMinFetchInterval(Duration.ZERO).withTimeout(Duration.ofSeconds(20));
    }

    private static GitModuleSource source(GitRepositoryAccess access) {
        return new GitModuleSource(access, MODULE, ModulePath.of(MODULE));
    }

    private String url() {
        return server.baseUrl() + "solo";
    }

    @Test
    void manyVersionsAreServedFromASingleClone() throws IOException {
        try (GitMirror mirror = new GitMirror(settings(tmp.resolve("cache")))) {
            GitModuleSource source = source(mirror.repository(url()));
            List<Version> versions = source.list();
            assertThat(versions).extracting(Version::value)
                    .containsExactly("v1.0.0", "v1.1.0", "v1.2.0", "v1.3.0", "v1.4.0");
            for (Version v : versions) {
                assertThat(source.info(v.value()).version()).isEqualTo(v.value());
                assertThat(new String(source.mod(v))).startsWith("module " + MODULE);
                ByteArrayOutputStream zip = new ByteArrayOutputStream();
                source.zip(v, zip);
                assertThat(zip.size()).isPositive();
            }
            assertThat(source.info("dev").version()).startsWith("v1.4.1-0.20230601000000-");
            assertThat(source.info(work.hash("v1.2.0").substring(0, 8)).version()).isEqualTo("v1.2.0");
            assertThat(source.latest().version()).isEqualTo("v1.4.0");
            assertThat(server.sessions("solo")).as("transport sessions for 5 versions").isEqualTo(1);

            // A version published later is a miss: exactly one incremental fetch finds it.
            work.write("f.go", "package solo\n\n// 5\n").commit("c5", "2023-07-01T00:00:00Z");
            work.tag("v1.5.0").pushTo(srv.resolve("solo.git"));
            assertThat(source.info("v1.5.0").version()).isEqualTo("v1.5.0");
            assertThat(server.sessions("solo")).isEqualTo(2);
            assertThat(source.list()).extracting(Version::value).endsWith("v1.5.0");
            assertThat(server.sessions("solo")).isEqualTo(2);
        }
    }

    @Test
    void missesFetchAtMostOncePerInterval() {
        GitMirror.Settings s = settings(tmp.resolve("cache")).withMinFetchInterval(Duration.ofMinutes(5));
        try (GitMirror mirror = new GitMirror(s)) {
            GitModuleSource source = source(mirror.repository(url()));
            assertThat(source.list()).hasSize(5);
            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> source.info("v9.9.9")).isInstanceOf(NotFoundException.class)
                        .hasMessageContaining("unknown revision v9.9.9");
            }
            assertThat(server.sessions("solo")).as("the clone, then one fetch for the misses at most").isLessThanOrEqualTo(2);
        }
    }

    @Test
    void concurrentRequestsShareOneClone() throws Exception {
        try (GitMirror mirror = new GitMirror(settings(tmp.resolve("cache")));
             ExecutorService pool = Executors.newFixedThreadPool(8)) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int n = i % 5;
                Callable<String> task = () -> {
                    start.await();
                    GitModuleSource source = source(mirror.repository(url()));
                    Path zip = Files.createTempFile(tmp, "z", ".zip");
                    try (var out = Files.newOutputStream(zip)) {
                        source.zip(Version.of("v1." + n + ".0"), out);
                    }
                    return DirHash.hashZip(zip);
                };
                results.add(pool.submit(task));
            }
            start.countDown();
            for (Future<String> f : results) {
                assertThat(f.get()).startsWith("h1:");
            }
            assertThat(results.get(0).get()).isEqualTo(results.get(5).get());
            assertThat(server.sessions("solo")).isEqualTo(1);
            try (Stream<Path> s = Files.list(tmp.resolve("cache"))) {
                assertThat(s.filter(Files::isDirectory).toList()).hasSize(1); // no temporary clone left
            }
        }
    }

    @Test
    void mutableQueriesFetchAfterTheRefreshInterval() {
        MutableClock clock = new MutableClock(Instant.parse("2024-01-01T00:00:00Z"));
        GitMirror.Settings s = settings(tmp.resolve("cache")).withRefreshInterval(Duration.ofMinutes(1));
        try (GitMirror mirror = new GitMirror(s, clock)) {
            GitModuleSource source = source(mirror.repository(url()));
            String before = source.info("dev").version();
            work.checkout("dev").write("f.go", "package solo\n\n// dev 2\n").commit("dev2", "2023-06-02T00:00:00Z");
            work.checkout("main").pushTo(srv.resolve("solo.git"));
            clock.advance(Duration.ofSeconds(30));
            assertThat(source.info("dev").version()).as("fresh enough: no fetch").isEqualTo(before);
            assertThat(server.sessions("solo")).isEqualTo(1);
            clock.advance(Duration.ofMinutes(1));
            assertThat(source.info("dev").version()).startsWith("v1.4.1-0.20230602000000-");
            assertThat(server.sessions("solo")).isEqualTo(2);
        }
    }

    @Test
    void tokensAreSentButNeverShown() {
        server.requireBasicAuth("x-access-token", TOKEN);
        GitCredentials good = GitCredentials.of(Map.of("127.0.0.1", new GitCredentials.Token("x-access-token", TOKEN)));
        try (GitMirror mirror = new GitMirror(settings(tmp.resolve("good")).withCredentials(good))) {
            assertThat(source(mirror.repository(url())).list()).hasSize(5);
        }
        assertThat(server.authorizations()).anyMatch(a -> a.equals("Basic " + java.util.Base64.getEncoder()
                .encodeToString(("x-access-token:" + TOKEN).getBytes())));
        assertThat(good.toString()).doesNotContain(TOKEN);

        String wrong = "wrong-token-9876543210";
        GitCredentials bad = GitCredentials.of(Map.of("127.0.0.1", new GitCredentials.Token("x-access-token", wrong)));
        try (GitMirror mirror = new GitMirror(settings(tmp.resolve("bad")).withCredentials(bad))) {
            GitModuleSource source = source(mirror.repository(url()));
            Throwable t = org.assertj.core.api.Assertions.catchThrowable(source::list);
            assertThat(t).isInstanceOf(UpstreamException.class).hasMessageContaining("cannot fetch git repository");
            for (Throwable c = t; c != null; c = c.getCause()) {
                assertThat(String.valueOf(c.getMessage())).doesNotContain(wrong).doesNotContain(TOKEN);
                assertThat(c.toString()).doesNotContain(wrong);
            }
            assertThat(new GitCredentials.Token("u", wrong).toString()).doesNotContain(wrong);
        }
        try (Stream<Path> s = Files.list(tmp.resolve("bad"))) {
            assertThat(s.filter(Files::isDirectory).toList()).as("a failed clone leaves nothing").isEmpty();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void oversizedRepositoriesAreRefused() {
        byte[] noise = new byte[300_000];
        new Random(7).nextBytes(noise);
        work.write("noise.bin", noise).commit("noise", "2023-08-01T00:00:00Z");
        work.pushTo(srv.resolve("solo.git"));
        try (GitMirror mirror = new GitMirror(settings(tmp.resolve("cache")).withMaxRepositoryBytes(100_000))) {
            GitModuleSource source = source(mirror.repository(url()));
            assertThatThrownBy(source::list).isInstanceOf(ArtifactTooLargeException.class)
                    .hasMessageContaining("larger than 100000 bytes");
        }
        try (Stream<Path> s = Files.list(tmp.resolve("cache"))) {
            assertThat(s.filter(Files::isDirectory).toList()).isEmpty();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void silentServersTimeOut() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread acceptor = Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept()); // never answers
                    }
                } catch (IOException e) {
                    // closed
                }
            });
            GitMirror.Settings s = settings(tmp.resolve("cache")).withTimeout(Duration.ofSeconds(1));
            long t0 = System.nanoTime();
            try (GitMirror mirror = new GitMirror(s)) {
                GitModuleSource source = source(mirror.repository("http://127.0.0.1:" + silent.getLocalPort() + "/x"));
                assertThatThrownBy(source::list).isInstanceOf(UpstreamException.class)
                        .satisfies(e -> assertThat(((UpstreamException) e).timeout()).isTrue());
            }
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(15));
            for (Socket sock : accepted) {
                sock.close();
            }
            acceptor.interrupt();
        }
    }

    /** A clock tests move by hand. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
