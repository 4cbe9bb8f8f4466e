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
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After a warm-up, the upstream is stopped: the same go commands still succeed from the cache. Lists and @latest
 * are made stale at once (TTL 0) so each request really tries the dead upstream and falls back to what is cached.
 */
class OfflineTest {

    private static final Fixtures FIXTURES = Fixtures.standard();

    @Test
    void goCommandsKeepWorkingFromTheCacheWhenUpstreamIsDown(@TempDir Path dataDir, @TempDir Path warm,
                                                              @TempDir Path cold) throws Exception {
        StaticGoProxy upstream = StaticGoProxy.start(FIXTURES);
        try (ModvaultServer modvault = ModvaultServer.start(dataDir, upstream.uri(),
                Map.of("modvault.cache.list-ttl", "0s", "modvault.cache.max-stale", "0s",
                        "modvault.upstream.max-attempts", "1"))) {

            try (GoCommand go = GoCommand.forProxy(modvault.uri())) {
                runSession(go, warm);
            }
            upstream.close();

            try (GoCommand go = GoCommand.forProxy(modvault.uri())) {
                runSession(go, cold);
                for (String path : List.of(Fixtures.UPPER_CASE, Fixtures.PRE, Fixtures.MAJOR_V2)) {
                    var versions = go.runOk(GoCommand.DEFAULT_TIMEOUT, "list", "-m", "-versions", path);
                    List<String> words = Arrays.asList(versions.stdout().strip().split("\\s+"));
                    assertThat(words.subList(1, words.size())).containsExactlyElementsOf(FIXTURES.taggedVersions(path));
                }
            }
            List<String> expected = new java.util.ArrayList<>(FIXTURES.demoProgramModules().stream()
                    .flatMap(m -> m.goSumLines().stream()).toList());
            expected.addAll(FIXTURES.get(Fixtures.PRE, "v1.0.0").goSumLines());
            assertThat(GoCommand.readGoSum(cold)).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(Files.readString(cold.resolve("go.mod"))).isEqualTo(Files.readString(warm.resolve("go.mod")));
        } finally {
            upstream.close();
        }
    }

    /** A fresh module cache each time, so every download goes to Modvault. */
    private static void runSession(GoCommand go, Path project) {
        GoCommand.writeProgram(project, Fixtures.DEMO_PROGRAM_PATH, Fixtures.demoProgram());
        GoCommand here = go.inDir(project);
        here.runOk(GoCommand.DEFAULT_TIMEOUT, "mod", "tidy");
        here.runOk(GoCommand.DEFAULT_TIMEOUT, "build", "./...");
        here.runOk(GoCommand.DEFAULT_TIMEOUT, "get", Fixtures.PRE + "@latest");
        FixtureModule pseudo = FIXTURES.get(Fixtures.PSEUDO, Fixtures.PSEUDO_VERSION);
        here.runOk(GoCommand.DEFAULT_TIMEOUT, "mod", "download", "-json", pseudo.path() + "@latest");
        for (String path : List.of(Fixtures.UPPER_CASE, Fixtures.PRE, Fixtures.MAJOR_V2)) {
            go.runOk(GoCommand.DEFAULT_TIMEOUT, "list", "-m", "-versions", path);
        }
    }
}
