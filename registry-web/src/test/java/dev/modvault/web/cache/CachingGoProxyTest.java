package dev.modvault.web.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modvault.core.cache.ArtifactVerifier;
import dev.modvault.core.cache.CacheSettings;
import dev.modvault.core.catalog.Catalog;
import dev.modvault.core.upstream.UpstreamSelector;
import dev.modvault.core.cache.CachingGoProxy;
import dev.modvault.core.error.ArtifactTooLargeException;
import dev.modvault.core.error.NotFoundException;
import dev.modvault.core.module.ModulePath;
import dev.modvault.core.module.Version;
import dev.modvault.core.protocol.Content;
import dev.modvault.core.upstream.HttpUpstreamClient;
import dev.modvault.core.upstream.UpstreamSettings;
import dev.modvault.storage.disk.DiskArtifactStore;
import dev.modvault.testkit.FixtureModule;
import dev.modvault.testkit.StaticGoProxy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cache semantics of list, @latest, queries and not-found answers, with a loopback upstream and the disk store. */
class CachingGoProxyTest {

    private static final Duration TTL = Duration.ofSeconds(60);
    private static final Duration MAX_STALE = Duration.ofMinutes(30);
    private static final Duration NOT_FOUND_TTL = Duration.ofSeconds(30);

    private static final FixtureModule V100 = fixture("v1.0.0");
    private static final FixtureModule V110 = fixture("v1.1.0");
    private static final FixtureModule BETA = fixture("v1.2.0-beta.1");
    private static final ModulePath MODULE = ModulePath.of("cache.example/lib");

    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock();
    StaticGoProxy upstream;
    CachingGoProxy proxy;

    private static FixtureModule fixture(String version) {
        return FixtureModule.builder("cache.example/lib", version).file("lib.go", "package lib\n").build();
    }

    @BeforeEach
    void start() throws IOException {
        upstream = StaticGoProxy.start(V100, V110, BETA);
        HttpUpstreamClient client = new HttpUpstreamClient(new UpstreamSettings(List.of(upstream.uri().toString()),
                Duration.ofSeconds(2), Duration.ofSeconds(2), 1, Duration.ofMillis(1), "test"));
        proxy = new CachingGoProxy(new DiskArtifactStore(dir.resolve("store")), UpstreamSelector.always(client),
                Catalog.NONE, ArtifactVerifier.NONE,
                new CacheSettings(TTL, MAX_STALE, NOT_FOUND_TTL, dir.resolve("spool")), clock);
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    private static String text(Content content) throws IOException {
        try (InputStream in = content.open()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private int listRequests() {
        return upstream.requests("/cache.example/lib/@v/list");
    }

    @Test
    void servesTheListFromTheCacheWhileItIsFresh() throws IOException {
        assertThat(text(proxy.list(MODULE))).isEqualTo("v1.0.0\nv1.1.0\nv1.2.0-beta.1\n");
        clock.advance(TTL.minusSeconds(1));
        Content again = proxy.list(MODULE);

        assertThat(again.cacheHit()).isTrue();
        assertThat(listRequests()).isEqualTo(1);
    }

    @Test
    void servesAStaleListAtOnceAndRefreshesItInTheBackground() throws Exception {
        proxy.list(MODULE);
        upstream.addModule(fixture("v1.3.0"));
        clock.advance(TTL.plusSeconds(1));

        assertThat(text(proxy.list(MODULE))).doesNotContain("v1.3.0");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!text(proxy.list(MODULE)).contains("v1.3.0") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(text(proxy.list(MODULE))).contains("v1.3.0");
        assertThat(listRequests()).isEqualTo(2);
    }

    @Test
    void refreshesAListTooStaleToServeBeforeAnswering() throws IOException {
        proxy.list(MODULE);
        upstream.addModule(fixture("v1.3.0"));
        clock.advance(TTL.plus(MAX_STALE).plusSeconds(1));

        assertThat(text(proxy.list(MODULE))).contains("v1.3.0");
    }

    @Test
    void servesAStaleListWhenUpstreamIsDown() throws IOException {
        proxy.list(MODULE);
        upstream.close();
        clock.advance(TTL.plus(MAX_STALE).plusSeconds(1));

        assertThat(text(proxy.list(MODULE))).isEqualTo("v1.0.0\nv1.1.0\nv1.2.0-beta.1\n");
    }

    @Test
    void mergesCachedTaggedVersionsIntoTheListButNeverPseudoVersions() throws IOException {
        FixtureModule pseudo = fixture("v0.0.0-20240101000000-0123456789ab");
        upstream.addModule(pseudo);
        proxy.info(MODULE, "v1.0.0");
        proxy.info(MODULE, pseudo.version());
        upstream.removeModule(V100);

        assertThat(text(proxy.list(MODULE))).isEqualTo("v1.0.0\nv1.1.0\nv1.2.0-beta.1\n");
    }

    @Test
    void computesLatestFromCachedVersionsWhenUpstreamIsDown() throws IOException {
        proxy.info(MODULE, "v1.0.0");
        proxy.info(MODULE, "v1.2.0-beta.1");
        upstream.close();

        assertThat(text(proxy.latest(MODULE))).contains("\"v1.0.0\"");
    }

    @Test
    void remembersANotFoundBrieflySoPrefixProbesAreAnsweredWithoutAnUpstreamCall() {
        ModulePath prefix = ModulePath.of("cache.example");
        assertThatThrownBy(() -> proxy.list(prefix)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> proxy.list(prefix)).isInstanceOf(NotFoundException.class);
        assertThat(upstream.requests("/cache.example/@v/list")).isEqualTo(1);

        clock.advance(NOT_FOUND_TTL.plusSeconds(1));
        assertThatThrownBy(() -> proxy.list(prefix)).isInstanceOf(NotFoundException.class);
        assertThat(upstream.requests("/cache.example/@v/list")).isEqualTo(2);
    }

    @Test
    void resolvesNonCanonicalQueriesUpstreamEveryTimeAndNeverStoresThem() throws IOException {
        upstream.addQuery("main", V110);
        upstream.addQuery("v1.1", V110);

        assertThat(text(proxy.info(MODULE, "main"))).contains("\"v1.1.0\"");
        assertThat(text(proxy.info(MODULE, "v1.1"))).contains("\"v1.1.0\"");
        assertThat(text(proxy.info(MODULE, "main"))).contains("\"v1.1.0\"");

        assertThat(upstream.requests("/cache.example/lib/@v/main.info")).isEqualTo(2);
        try (Stream<Path> files = Files.walk(dir.resolve("store"))) {
            assertThat(files.map(Path::toString)).noneMatch(p -> p.contains("main") || p.contains("v1.1.info"));
        }
    }

    @Test
    void refusesAGoModOverTheGoCommandsLimitAndStoresNothing() throws IOException {
        FixtureModule huge = FixtureModule.builder("cache.example/huge", "v1.0.0")
                .goMod("module cache.example/huge\n\n// " + "x".repeat((16 << 20) + 10) + "\n")
                .file("huge.go", "package huge\n")
                .build();
        upstream.addModule(huge);
        ModulePath module = ModulePath.of("cache.example/huge");

        assertThatThrownBy(() -> proxy.mod(module, Version.of("v1.0.0")))
                .isInstanceOf(ArtifactTooLargeException.class)
                .hasMessageContaining("limit");
        try (Stream<Path> files = Files.walk(dir.resolve("store"))) {
            assertThat(files.map(Path::toString)).noneMatch(p -> p.contains("huge"));
        }
        try (Stream<Path> files = Files.list(dir.resolve("spool"))) {
            assertThat(files).isEmpty();
        }
    }
}
