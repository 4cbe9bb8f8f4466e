package dev.modvault.web.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modvault.testkit.FixtureModule;
import dev.modvault.testkit.Fixtures;
import dev.modvault.testkit.GoCommand;
import dev.modvault.testkit.StaticGoProxy;
import dev.modvault.web.ModvaultServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real go command (Debian golang-go) with GOPROXY pointing at Modvault, which fetches from a loopback GOPROXY
 * serving the standard fixtures: go client -> Modvault -> upstream -> disk store -> client.
 */
class GoCommandEndToEndTest {

    private static final Fixtures FIXTURES = Fixtures.standard();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path dataDir;

    static StaticGoProxy upstream;
    static ModvaultServer modvault;
    static GoCommand go;

    @BeforeAll
    static void start() throws Exception {
        upstream = StaticGoProxy.start(FIXTURES);
        modvault = ModvaultServer.start(dataDir, upstream.uri());
        go = GoCommand.forProxy(modvault.uri());
    }

    @AfterAll
    static void stop() {
        go.close();
        modvault.close();
        upstream.close();
    }

    static Stream<FixtureModule> allFixtures() {
        return FIXTURES.all().stream();
    }

    @ParameterizedTest
    @MethodSource("allFixtures")
    void modDownloadReportsTheFixtureHashes(FixtureModule fixture) {
        var result = go.runOk(GoCommand.DEFAULT_TIMEOUT, "mod", "download", "-json",
                fixture.path() + "@" + fixture.version());
        JsonNode json = JSON.readTree(result.stdout());

        assertThat(json.get("Version").stringValue()).isEqualTo(fixture.version());
        assertThat(json.get("Sum").stringValue()).isEqualTo(fixture.zipHash());
        assertThat(json.get("GoModSum").stringValue()).isEqualTo(fixture.modHash());
        assertThat(json.has("Error")).as(result.stdout()).isFalse();
    }

    @Test
    void listsTaggedVersionsLikeTheUpstream() {
        for (String path : FIXTURES.paths()) {
            var result = go.runOk(GoCommand.DEFAULT_TIMEOUT, "list", "-m", "-versions", path);
            List<String> words = Arrays.asList(result.stdout().strip().split("\\s+"));

            assertThat(words.getFirst()).isEqualTo(path);
            assertThat(words.subList(1, words.size())).as(path)
                    .containsExactlyElementsOf(FIXTURES.taggedVersions(path));
        }
    }

    @Test
    void getsSpecificAndLatestVersionsAndWritesTheirHashesToGoSum(@TempDir Path project) throws Exception {
        Files.writeString(project.resolve("go.mod"), "module example.com/getter\n\ngo 1.19\n");
        GoCommand here = go.inDir(project);

        here.runOk(GoCommand.DEFAULT_TIMEOUT, "get", Fixtures.PRE + "@v1.1.0-beta.1");
        assertThat(Files.readString(project.resolve("go.mod"))).contains(Fixtures.PRE + " v1.1.0-beta.1");

        here.runOk(GoCommand.DEFAULT_TIMEOUT, "get", Fixtures.UPPER_CASE + "@latest");
        here.runOk(GoCommand.DEFAULT_TIMEOUT, "get", Fixtures.MAJOR_V2 + "@latest");
        here.runOk(GoCommand.DEFAULT_TIMEOUT, "get", Fixtures.PSEUDO + "@latest");
        here.runOk(GoCommand.DEFAULT_TIMEOUT, "get", Fixtures.INCOMPAT + "@v2.0.0+incompatible");

        String goMod = Files.readString(project.resolve("go.mod"));
        assertThat(goMod)
                .contains(Fixtures.UPPER_CASE + " v1.1.0")
                .contains(Fixtures.MAJOR_V2 + " v2.1.0")
                .contains(Fixtures.PSEUDO + " " + Fixtures.PSEUDO_VERSION)
                .contains(Fixtures.INCOMPAT + " v2.0.0+incompatible");

        List<String> goSum = GoCommand.readGoSum(project);
        for (FixtureModule fixture : List.of(
                FIXTURES.get(Fixtures.PRE, "v1.1.0-beta.1"),
                FIXTURES.get(Fixtures.UPPER_CASE, "v1.1.0"),
                FIXTURES.get(Fixtures.MAJOR_V2, "v2.1.0"),
                FIXTURES.get(Fixtures.PSEUDO, Fixtures.PSEUDO_VERSION),
                FIXTURES.get(Fixtures.INCOMPAT, "v2.0.0+incompatible"))) {
            assertThat(goSum).containsAll(fixture.goSumLines());
        }
    }

    @Test
    void latestPrefersTheHighestReleaseOverAHigherPreRelease(@TempDir Path project) throws Exception {
        Files.writeString(project.resolve("go.mod"), "module example.com/latest\n\ngo 1.19\n");
        go.inDir(project).runOk(GoCommand.DEFAULT_TIMEOUT, "get", Fixtures.PRE + "@latest");

        assertThat(Files.readString(project.resolve("go.mod"))).contains(Fixtures.PRE + " v1.0.0");
    }

    @Test
    void tidiesAndBuildsAProgramImportingTwoFixtureModules(@TempDir Path project) {
        GoCommand.writeProgram(project, Fixtures.DEMO_PROGRAM_PATH, Fixtures.demoProgram());
        GoCommand here = go.inDir(project);

        here.runOk(GoCommand.DEFAULT_TIMEOUT, "mod", "tidy");
        here.runOk(GoCommand.DEFAULT_TIMEOUT, "build", "./...");

        List<String> expected = FIXTURES.demoProgramModules().stream()
                .flatMap(m -> m.goSumLines().stream()).toList();
        assertThat(GoCommand.readGoSum(project)).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void servesTheSecondRequestForAnArtifactFromTheStore() {
        FixtureModule fixture = FIXTURES.get(Fixtures.MAJOR_V2, "v2.0.0");
        String path = fixture.proxyPath("zip");

        var first = modvault.get(path);
        int upstreamCalls = upstream.requests(fixture.proxyPath("zip"));
        var second = modvault.get(path);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(second.body()).isEqualTo(fixture.zipBytes());
        assertThat(second.headers().firstValue("X-Modvault-Cache")).hasValue("hit");
        assertThat(second.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("immutable"));
        assertThat(second.headers().firstValue("Content-Type")).hasValue("application/zip");
        assertThat(upstream.requests(fixture.proxyPath("zip"))).isEqualTo(upstreamCalls);
    }
}
