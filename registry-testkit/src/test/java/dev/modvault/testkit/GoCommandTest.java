package dev.modvault.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class GoCommandTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private static StaticGoProxy proxy;
    private static GoCommand go;

    @BeforeAll
    static void start() throws Exception {
        proxy = StaticGoProxy.start(Fixtures.standard());
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

    private static JsonNode goEnv(GoCommand g) {
        return JsonMapper.builder().build().readTree(g.runOk(TIMEOUT, "env", "-json").stdout());
    }

    @Test
    void environmentIsIsolatedAndAsConfigured() {
        JsonNode env = goEnv(go);
        Path root = go.modCache().getParent();
        assertThat(env.path("GOPROXY").asString()).isEqualTo(proxy.uri().toString());
        assertThat(env.path("GOSUMDB").asString()).isEqualTo("off");
        assertThat(env.path("GOFLAGS").asString()).isEqualTo("-mod=mod");
        assertThat(env.path("GO111MODULE").asString()).isEqualTo("on");
        assertThat(env.path("CGO_ENABLED").asString()).isEqualTo("0");
        assertThat(env.path("GONOPROXY").asString()).isEmpty();
        assertThat(env.path("GOPRIVATE").asString()).isEmpty();
        assertThat(env.path("GONOSUMDB").asString()).isEmpty();
        assertThat(env.path("GOINSECURE").asString()).isEmpty();
        for (String dir : new String[] {"GOMODCACHE", "GOCACHE", "GOPATH"}) {
            assertThat(Path.of(env.path(dir).asString())).as(dir).startsWith(root);
        }
        assertThat(env.path("GOENV").asString()).startsWith(root + "/"); // no user go env file is read

        Set<String> allowed = Set.of("GOPROXY", "GOSUMDB", "GOFLAGS", "GOTOOLCHAIN", "GO111MODULE", "GOPATH",
                "GOMODCACHE", "GOCACHE");
        assertThat(go.environment().keySet()).filteredOn(k -> k.startsWith("GO")).isSubsetOf(allowed);
        assertThat(go.environment()).containsEntry("GOTOOLCHAIN", "local").containsEntry("PATH", System.getenv("PATH"))
                .containsKey("HOME").doesNotContainKey("GONOPROXY");
    }

    @Test
    void builderSetsTheOptionalVariables() {
        try (GoCommand custom = GoCommand.builder().proxy(proxy.uri()).sumdb("sum.example.test")
                .noSumDb("nosum.example").privatePatterns("private.example").insecure("insecure.example")
                .goFlags("-mod=readonly").env("GONOPROXY", "ignored.example").build()) {
            JsonNode env = goEnv(custom);
            assertThat(env.path("GOSUMDB").asString()).isEqualTo("sum.example.test");
            assertThat(env.path("GONOSUMDB").asString()).isEqualTo("nosum.example");
            assertThat(env.path("GOPRIVATE").asString()).isEqualTo("private.example");
            assertThat(env.path("GOINSECURE").asString()).isEqualTo("insecure.example");
            assertThat(env.path("GOFLAGS").asString()).isEqualTo("-mod=readonly");
            assertThat(custom.environment()).doesNotContainKey("GONOPROXY");
            assertThat(custom.modCache()).isNotEqualTo(go.modCache());
        }
    }

    @Test
    void runsInTheGivenDirectoryAndReportsFailures(@TempDir Path dir) {
        GoCommand.writeProgram(dir, "example.com/here", Map.of("main.go", "package main\n\nfunc main() {}\n"));
        GoCommand here = go.inDir(dir);
        assertThat(here.workDir()).isEqualTo(dir.toAbsolutePath());
        assertThat(here.runOk(TIMEOUT, "env", "GOMOD").stdout().strip()).isEqualTo(dir.resolve("go.mod").toString());

        GoCommand.Result bad = here.run(TIMEOUT, "list", "-m", "example.com/does-not-exist-anywhere@v1.0.0");
        assertThat(bad.succeeded()).isFalse();
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.stderr()).contains("does-not-exist-anywhere");
        assertThatThrownBy(() -> here.runOk(TIMEOUT, "nosuchsubcommand"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("nosuchsubcommand").hasMessageContaining("exited with");
    }

    @Test
    void writeProgramAndReadGoSum(@TempDir Path dir) throws Exception {
        Path p = GoCommand.writeProgram(dir.resolve("prog"), "example.com/p",
                Map.of("main.go", "package main\n", "internal/x/x.go", "package x\n"));
        assertThat(Files.readString(p.resolve("go.mod"))).isEqualTo("module example.com/p\n\ngo 1.19\n");
        assertThat(p.resolve("internal/x/x.go")).hasContent("package x\n");
        assertThat(GoCommand.readGoSum(p)).isEmpty();

        Files.writeString(p.resolve("go.sum"), "a v1.0.0 h1:x=\n\na v1.0.0/go.mod h1:y=\n");
        assertThat(GoCommand.readGoSum(p)).containsExactly("a v1.0.0 h1:x=", "a v1.0.0/go.mod h1:y=");

        Path own = GoCommand.writeProgram(dir.resolve("own"), "ignored", Map.of("go.mod", "module example.com/own\n"));
        assertThat(own.resolve("go.mod")).hasContent("module example.com/own\n");
        assertThatThrownBy(() -> GoCommand.writeProgram(dir.resolve("x"), "m", Map.of("../escape.go", "package x\n")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void timeoutKillsTheWholeProcessTree(@TempDir Path dir) throws Exception {
        GoCommand.writeProgram(dir, "example.com/sleeper", Map.of("main.go", """
                package main

                //go:generate ./sleeper child.pid

                import (
                	"os"
                	"strconv"
                	"time"
                )

                func main() {
                	os.WriteFile(os.Args[1], []byte(strconv.Itoa(os.Getpid())), 0o644)
                	time.Sleep(time.Hour)
                }
                """));
        GoCommand sleeper = go.inDir(dir);
        sleeper.runOk(TIMEOUT, "build", "-o", "sleeper", ".");

        // `go generate` starts the prebuilt program as its child at once (no compiling or linking to wait for)
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> sleeper.run(Duration.ofSeconds(3), "generate", "."))
                .isInstanceOf(GoCommand.TimedOutException.class).hasMessageContaining("timed out");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));

        Path pidFile = dir.resolve("child.pid");
        assertThat(pidFile).as("the child started before the timeout").exists();
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("child %d alive", pid).isFalse();
    }

    @Test
    void cleanModCacheEmptiesTheModuleCache() {
        try (GoCommand own = GoCommand.forProxy(proxy.uri())) {
            own.runOk(TIMEOUT, "mod", "download", Fixtures.PRE + "@v1.0.0");
            Path download = own.modCache().resolve("cache/download/mod.example/pre/@v/v1.0.0.zip");
            assertThat(download).exists();
            assertThat(own.modCache().resolve("mod.example/pre@v1.0.0/pre.go")).exists();
            own.cleanModCache();
            assertThat(download).doesNotExist();
            assertThat(own.modCache().resolve("mod.example")).doesNotExist();
        }
    }

    @Test
    void closeDeletesTheTemporaryTreeEvenWithAReadOnlyModuleCache() {
        GoCommand own = GoCommand.forProxy(proxy.uri());
        Path root = own.modCache().getParent();
        own.runOk(TIMEOUT, "mod", "download", Fixtures.MAJOR_V2 + "@v2.0.0");
        assertThat(own.modCache().resolve("mod.example/major/v2@v2.0.0/major.go")).exists();
        own.inDir(root).close(); // a view: closes nothing
        assertThat(root).exists();
        own.close();
        assertThat(root).doesNotExist();
    }

    @Test
    void missingGoBinaryFailsWithAClearMessage() {
        String before = System.getProperty("modvault.go");
        System.setProperty("modvault.go", "/nonexistent/bin/go");
        try {
            assertThatThrownBy(() -> GoCommand.forProxy(proxy.uri()))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("/nonexistent/bin/go");
            assertThat(GoCommand.isAvailable()).isFalse();
        } finally {
            if (before == null) {
                System.clearProperty("modvault.go");
            } else {
                System.setProperty("modvault.go", before);
            }
        }
        assertThat(GoCommand.isAvailable()).isTrue();
        assertThat(GoCommand.locateGo().getFileName().toString()).isEqualTo("go");
        assertThatThrownBy(() -> GoCommand.locateGo(null, "/nonexistent/a:/nonexistent/b"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not on PATH (/nonexistent/a:/nonexistent/b)")
                .hasMessageContaining("golang-go");
        assertThat(GoCommand.locateGo(null, "/nonexistent/a:" + GoCommand.locateGo().getParent()))
                .isEqualTo(GoCommand.locateGo());
    }

    @Test
    void proxyIsRequired() {
        assertThatThrownBy(() -> GoCommand.builder().build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("GOPROXY");
    }
}
