package dev.modvault.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modvault.core.checksum.DirHash;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

class FixtureModuleTest {

    private final Fixtures fixtures = Fixtures.standard();

    private record Entry(String name, int method, byte[] content) {
    }

    private static List<Entry> entries(byte[] zip) throws Exception {
        List<Entry> out = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                out.add(new Entry(e.getName(), e.getMethod(), in.readAllBytes()));
            }
        }
        return out;
    }

    @Test
    void zipHasOnlyPrefixedFileEntriesDeflatedInNameOrder() throws Exception {
        FixtureModule m = fixtures.get(Fixtures.UPPER_CASE, "v1.1.0");
        List<Entry> entries = entries(m.zipBytes());
        assertThat(entries).extracting(Entry::name).containsExactly(
                "mod.example/Upper/Case@v1.1.0/README.md",
                "mod.example/Upper/Case@v1.1.0/case.go",
                "mod.example/Upper/Case@v1.1.0/go.mod",
                "mod.example/Upper/Case@v1.1.0/sub/sub.go");
        assertThat(entries).extracting(Entry::name).noneMatch(n -> n.endsWith("/"));
        assertThat(entries).extracting(Entry::method).containsOnly(ZipEntry.DEFLATED);
        assertThat(m.zipEntryNames()).containsExactlyElementsOf(entries.stream().map(Entry::name).toList());
        Entry goMod = entries.get(2);
        assertThat(new String(goMod.content(), StandardCharsets.UTF_8))
                .isEqualTo("module mod.example/Upper/Case\n\ngo 1.19\n");
    }

    @Test
    void zipIsReproducible() {
        assertThat(Fixtures.standard().get(Fixtures.PRE, "v1.0.0").zipBytes())
                .isEqualTo(fixtures.get(Fixtures.PRE, "v1.0.0").zipBytes());
    }

    @Test
    void incompatibleHasNoGoModInZipAndSynthesizedMod() throws Exception {
        FixtureModule m = fixtures.get(Fixtures.INCOMPAT, "v2.0.0+incompatible");
        assertThat(m.hasGoMod()).isFalse();
        assertThat(m.goModFile()).isEmpty();
        assertThat(entries(m.zipBytes())).extracting(Entry::name)
                .containsExactly("mod.example/incompat@v2.0.0+incompatible/LICENSE",
                        "mod.example/incompat@v2.0.0+incompatible/incompat.go");
        assertThat(new String(m.modBytes(), StandardCharsets.UTF_8)).isEqualTo("module mod.example/incompat\n");
        assertThatThrownBy(() -> FixtureModule.builder("x.example/a", "v2.0.0+incompatible").goMod("module x\n").build())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void infoJsonHasVersionAndTime() {
        FixtureModule m = fixtures.get(Fixtures.UPPER_CASE, "v1.0.0");
        assertThat(new String(m.infoJson(), StandardCharsets.UTF_8))
                .isEqualTo("{\"Version\":\"v1.0.0\",\"Time\":\"2024-01-02T03:04:05Z\"}");
        FixtureModule pseudo = fixtures.get(Fixtures.PSEUDO, Fixtures.PSEUDO_VERSION);
        assertThat(pseudo.time()).isEqualTo(Instant.parse("2024-01-02T03:04:05Z"));
        assertThat(pseudo.isPseudoVersion()).isTrue();
        FixtureModule subSecond = FixtureModule.builder("x.example/a", "v1.0.0")
                .time(Instant.parse("2024-05-06T07:08:09.123Z")).build();
        assertThat(new String(subSecond.infoJson(), StandardCharsets.UTF_8)).contains("\"2024-05-06T07:08:09Z\"");
    }

    @Test
    void escapesUppercaseInPathAndVersion() {
        FixtureModule m = FixtureModule.builder("github.com/Azure/Go", "v1.0.0-RC1").build();
        assertThat(m.escapedPath()).isEqualTo("github.com/!azure/!go");
        assertThat(m.escapedVersion()).isEqualTo("v1.0.0-!r!c1");
        assertThat(m.proxyPath("zip")).isEqualTo("/github.com/!azure/!go/@v/v1.0.0-!r!c1.zip");
    }

    @Test
    void hashesAreDirHashOfWhatIsServed() throws Exception {
        FixtureModule m = fixtures.get(Fixtures.MAJOR_V2, "v2.1.0");
        assertThat(m.modHash()).isEqualTo(DirHash.hashGoMod(new ByteArrayInputStream(m.modBytes())));
        List<Entry> entries = entries(m.zipBytes());
        String viaHash1 = DirHash.hash1(entries.stream().map(Entry::name).toList(), name -> new ByteArrayInputStream(
                entries.stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow().content()));
        assertThat(m.zipHash()).startsWith("h1:").isEqualTo(viaHash1);
        assertThat(m.goSumLines()).containsExactly(
                "mod.example/major/v2 v2.1.0 " + m.zipHash(),
                "mod.example/major/v2 v2.1.0/go.mod " + m.modHash());
        assertThat(m.zipHash()).isNotEqualTo(fixtures.get(Fixtures.MAJOR_V2, "v2.0.0").zipHash());
    }

    @Test
    void builderRejectsBadInput() {
        assertThatThrownBy(() -> FixtureModule.builder("x.example/a", "1.0.0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FixtureModule.builder("x.example/a", "v1.0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FixtureModule.builder("x.example/a@v1", "v1.0.0"))
                .isInstanceOf(IllegalArgumentException.class);
        var b = FixtureModule.builder("x.example/a", "v1.0.0");
        assertThatThrownBy(() -> b.file("go.mod", "module x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.file("../evil.go", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.file("/abs.go", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.file("dir/", "x")).isInstanceOf(IllegalArgumentException.class);
        b.file("a.go", "package a\n");
        assertThatThrownBy(() -> b.file("a.go", "package a\n")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void standardSetHasTheDocumentedModulesAndVersions() {
        assertThat(fixtures.paths()).containsExactlyInAnyOrder(Fixtures.UPPER_CASE, Fixtures.INCOMPAT,
                Fixtures.MAJOR_V2, Fixtures.PRE, Fixtures.PSEUDO, Fixtures.APP_LIB);
        assertThat(fixtures.versions(Fixtures.UPPER_CASE)).containsExactly("v1.0.0", "v1.1.0");
        assertThat(fixtures.versions(Fixtures.INCOMPAT)).containsExactly("v1.0.0", "v2.0.0+incompatible");
        assertThat(fixtures.versions(Fixtures.MAJOR_V2)).containsExactly("v2.0.0", "v2.1.0");
        assertThat(fixtures.versions(Fixtures.PRE)).containsExactly("v1.0.0", "v1.1.0-beta.1");
        assertThat(fixtures.versions(Fixtures.PSEUDO)).containsExactly(Fixtures.PSEUDO_VERSION);
        assertThat(fixtures.taggedVersions(Fixtures.PSEUDO)).isEmpty();
        assertThat(fixtures.latest(Fixtures.PSEUDO).version()).isEqualTo(Fixtures.PSEUDO_VERSION);
        assertThat(fixtures.latest(Fixtures.UPPER_CASE).version()).isEqualTo("v1.1.0");
        assertThat(fixtures.latest(Fixtures.PRE).version()).isEqualTo("v1.0.0");
        assertThat(fixtures.latest(Fixtures.INCOMPAT).version()).isEqualTo("v1.0.0");
        assertThat(fixtures.get(Fixtures.MAJOR_V2, "v2.0.0").goModFile()).hasValueSatisfying(
                g -> assertThat(g).startsWith("module mod.example/major/v2\n"));
        assertThat(fixtures.all()).allSatisfy(m -> assertThat(m.goModFile().orElse("go 1.19"))
                .contains("go 1.19").doesNotContain("toolchain"));
        assertThatThrownBy(() -> fixtures.get(Fixtures.PRE, "v9.0.0")).hasMessageContaining("v9.0.0");
        assertThat(fixtures.find(Fixtures.PRE, "v9.0.0")).isEmpty();
    }

    @Test
    void latestPrefersReleasesThenPrereleasesThenPseudo() {
        var onlyPre = Fixtures.of(FixtureModule.builder("x.example/p", "v1.0.0-rc.1").build(),
                FixtureModule.builder("x.example/p", "v1.0.0-rc.2").build(),
                FixtureModule.builder("x.example/p", "v0.0.0-20240101000000-aaaaaaaaaaaa").build());
        assertThat(onlyPre.latest("x.example/p").version()).isEqualTo("v1.0.0-rc.2");
        var onlyIncompat = Fixtures.of(FixtureModule.builder("x.example/i", "v3.0.0+incompatible").build(),
                FixtureModule.builder("x.example/i", "v2.0.0+incompatible").build(),
                FixtureModule.builder("x.example/i", "v3.1.0-beta+incompatible").build());
        assertThat(onlyIncompat.latest("x.example/i").version()).isEqualTo("v3.0.0+incompatible");
        var numeric = Fixtures.of(FixtureModule.builder("x.example/n", "v1.9.0").build(),
                FixtureModule.builder("x.example/n", "v1.10.0").build());
        assertThat(numeric.latest("x.example/n").version()).isEqualTo("v1.10.0");
        assertThat(numeric.versions("x.example/n")).containsExactly("v1.9.0", "v1.10.0");
        assertThatThrownBy(() -> Fixtures.of(FixtureModule.builder("x.example/n", "v1.9.0").build(),
                FixtureModule.builder("x.example/n", "v1.9.0").build())).isInstanceOf(IllegalArgumentException.class);
    }
}
