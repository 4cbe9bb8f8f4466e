package dev.modvault.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The oracle: the real go command, pointed straight at {@link StaticGoProxy} serving {@link Fixtures#standard()}
 * (GOSUMDB=off, GOFLAGS=-mod=mod), must compute the very hashes the fixtures claim, list their tagged versions, and
 * build a program from them. If these pass, the fixtures are byte-correct for the go command, and tests elsewhere may
 * trust {@link FixtureModule#zipHash()}, {@link FixtureModule#modHash()} and {@link FixtureModule#goSumLines()}.
 *
 * <p>One proxy and one module cache for the whole class.
 */
class FixturesGoOracleTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final Fixtures FIXTURES = Fixtures.standard();

    private static StaticGoProxy proxy;
    private static GoCommand go;

    @BeforeAll
    static void start() throws Exception {
        proxy = StaticGoProxy.start(FIXTURES);
        go = GoCommand.forProxy(proxy.uri());
    }

    @AfterAll
    static void stop() {
        if (go != null) {
            go.close();
        }
        if (proxy != null) {
            proxy.stop();
        }
    }

    static Stream<FixtureModule> modules() {
        return FIXTURES.all().stream();
    }

    static Stream<String> paths() {
        return FIXTURES.paths().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modules")
    void goModDownloadReportsTheFixtureHashes(FixtureModule module) throws Exception {
        GoCommand.Result r = go.runOk(TIMEOUT, "mod", "download", "-json", module.toString());
        JsonNode json = JSON.readTree(r.stdout());

        assertThat(json.path("Error").isMissingNode()).as("Error in %s", r.stdout()).isTrue();
        assertThat(json.path("Path").asString()).isEqualTo(module.path());
        assertThat(json.path("Version").asString()).isEqualTo(module.version());
        assertThat(json.path("Sum").asString()).as("zip hash of %s", module).isEqualTo(module.zipHash());
        assertThat(json.path("GoModSum").asString()).as("go.mod hash of %s", module).isEqualTo(module.modHash());
        // what the go command stored is what the proxy served
        assertThat(Files.readAllBytes(Path.of(json.path("Zip").asString()))).isEqualTo(module.zipBytes());
        assertThat(Files.readAllBytes(Path.of(json.path("GoMod").asString()))).isEqualTo(module.modBytes());
        // the extracted tree has exactly the fixture's files
        Path dir = Path.of(json.path("Dir").asString());
        List<String> extracted = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(Files::isRegularFile).forEach(f -> extracted.add(dir.relativize(f).toString()));
        }
        List<String> expected = new ArrayList<>(module.files().keySet());
        if (module.hasGoMod()) {
            expected.add("go.mod");
        }
        assertThat(extracted).containsExactlyInAnyOrderElementsOf(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("paths")
    void goListVersionsListsTheTaggedVersions(String path) {
        GoCommand.Result r = go.runOk(TIMEOUT, "list", "-m", "-versions", path);
        List<String> fields = List.of(r.stdout().trim().split(" "));
        assertThat(fields.get(0)).isEqualTo(path);
        assertThat(fields.subList(1, fields.size())).containsExactlyElementsOf(FIXTURES.taggedVersions(path));
    }

    @Test
    void listsAreWhatWeThinkTheyAre() {
        // guards the parameterized test above against a Fixtures.taggedVersions that returns too little
        assertThat(FIXTURES.taggedVersions(Fixtures.UPPER_CASE)).containsExactly("v1.0.0", "v1.1.0");
        assertThat(FIXTURES.taggedVersions(Fixtures.INCOMPAT)).containsExactly("v1.0.0", "v2.0.0+incompatible");
        assertThat(FIXTURES.taggedVersions(Fixtures.PRE)).containsExactly("v1.0.0", "v1.1.0-beta.1");
        assertThat(FIXTURES.taggedVersions(Fixtures.PSEUDO)).isEmpty();
    }

    @Test
    void pseudoOnlyModuleResolvesLatestThroughTheLatestEndpoint() throws Exception {
        GoCommand.Result r = go.runOk(TIMEOUT, "mod", "download", "-json", Fixtures.PSEUDO + "@latest");
        JsonNode json = JSON.readTree(r.stdout());
        FixtureModule pseudo = FIXTURES.get(Fixtures.PSEUDO, Fixtures.PSEUDO_VERSION);
        assertThat(json.path("Version").asString()).isEqualTo(Fixtures.PSEUDO_VERSION);
        assertThat(json.path("Sum").asString()).isEqualTo(pseudo.zipHash());
        assertThat(proxy.requests("/mod.example/pseudo/@latest")).isPositive();
    }

    @Test
    void latestOfModulesWithTagsIsTheHighestRelease() throws Exception {
        for (String path : List.of(Fixtures.UPPER_CASE, Fixtures.PRE, Fixtures.MAJOR_V2, Fixtures.INCOMPAT)) {
            GoCommand.Result r = go.runOk(TIMEOUT, "mod", "download", "-json", path + "@latest");
            assertThat(JSON.readTree(r.stdout()).path("Version").asString()).as(path)
                    .isEqualTo(FIXTURES.latest(path).version());
        }
        assertThat(FIXTURES.latest(Fixtures.PRE).version()).isEqualTo("v1.0.0");
        assertThat(FIXTURES.latest(Fixtures.INCOMPAT).version()).isEqualTo("v1.0.0");
    }

    @Test
    void programImportingTwoFixtureModulesTidiesBuildsAndRuns(@TempDir Path dir) throws Exception {
        GoCommand.writeProgram(dir, Fixtures.DEMO_PROGRAM_PATH, Fixtures.demoProgram());
        GoCommand inProgram = go.inDir(dir);
        int logBefore = proxy.requestLog().size();

        inProgram.runOk(TIMEOUT, "mod", "tidy");
        inProgram.runOk(TIMEOUT, "build", "-o", "demo", ".");

        List<String> expectedSum = FIXTURES.demoProgramModules().stream()
                .flatMap(m -> m.goSumLines().stream()).sorted().toList();
        assertThat(GoCommand.readGoSum(dir)).containsExactlyElementsOf(expectedSum);
        assertThat(Files.readString(dir.resolve("go.mod")))
                .contains("mod.example/Upper/Case v1.1.0", "mod.example/app/lib v1.0.0",
                        "mod.example/major/v2 v2.1.0 // indirect");

        Process p = new ProcessBuilder(dir.resolve("demo").toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).isZero();
        assertThat(out).isEqualTo("mod.example/app/lib v1.0.0 -> mod.example/major/v2 v2.1.0\n"
                + "mod.example/Upper/Case v1.1.0\n");
        // resolving the program's imports asked the proxy about its modules, and nothing about unrelated ones
        List<String> log = proxy.requestLog();
        List<String> requests = log.subList(logBefore, log.size());
        assertThat(requests).anyMatch(r -> r.startsWith("/mod.example/!upper/!case/@"));
        assertThat(requests).noneMatch(r -> r.startsWith("/mod.example/pseudo/") || r.startsWith("/mod.example/pre/")
                || r.startsWith("/mod.example/incompat/"));
    }
}
