package dev.modvault.web.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modvault.testkit.Fixtures;
import dev.modvault.testkit.StaticGoProxy;
import dev.modvault.web.ModvaultServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input gets a clear 4xx, never a 5xx or a stack trace, and never a file from outside the store. Requests are
 * sent as raw HTTP/1.1 request lines so that paths no URI class would build reach the server as written.
 */
class MalformedInputTest {

    private static final String CANARY = "modvault-canary-outside-the-store";

    @TempDir
    static Path dataDir;

    static StaticGoProxy upstream;
    static ModvaultServer modvault;

    @BeforeAll
    static void start() throws IOException {
        upstream = StaticGoProxy.start(Fixtures.standard());
        modvault = ModvaultServer.start(dataDir, upstream.uri());
        // a file next to the store that a traversal would reach
        Files.writeString(dataDir.resolve("secret.txt"), CANARY);
        Files.writeString(dataDir.resolve("secret.info"), CANARY);
    }

    @AfterAll
    static void stop() {
        modvault.close();
        upstream.close();
    }

    static Stream<Arguments> cases() {
        String longPath = "/mod.example/" + "a".repeat(5000) + "/@v/list";
        return Stream.of(
                // method, target, expected status, a fragment the body must hold ("" for none)
                Arguments.of("GET", "/mod.example/pre/@v/list", 200, "v1.0.0"),
                Arguments.of("GET", "/mod.example/%21upper/%21case/@v/list", 200, "v1.1.0"),
                Arguments.of("GET", "/mod.example/!upper/!case/@v/v1.0.0.info?x=1", 200, "v1.0.0"),
                Arguments.of("HEAD", "/mod.example/pre/@v/v1.0.0.info", 200, ""),
                Arguments.of("GET", "/mod.example/Upper/Case/@v/list", 400, "invalid escaped module path"),
                Arguments.of("GET", "/example/@v/list", 400, "missing dot in first path element"),
                Arguments.of("GET", "/-bad.example/x/@v/list", 400, "malformed module path"),
                Arguments.of("GET", "/mod.example/pre/.git/@v/list", 400, "malformed module path"),
                Arguments.of("GET", "/@v/list", 400, "missing module path"),
                Arguments.of("GET", "/mod.example/../../secret.txt/@v/list", 400, ""),
                Arguments.of("GET", "/%2e%2e/%2e%2e/secret/@v/list", 400, "malformed"),
                Arguments.of("GET", "/mod.example/pre/@v/%2e%2e%2f%2e%2e%2fsecret.info", 400, ""),
                Arguments.of("GET", "/mod.example/pre/@v/..%2f..%2f..%2fsecret.info", 400, ""),
                Arguments.of("GET", "//secret.example/@v/list", 400, "malformed"),
                Arguments.of("GET", "/mod.example/pre%00/@v/list", 400, ""),
                Arguments.of("GET", "/mod.example/pre/@v/v1.0.0%00.info", 400, ""),
                Arguments.of("GET", "/mod.example/pre/@v/%zz.info", 400, "percent-encoding"),
                Arguments.of("GET", "/mod.example/pre/@v/%ff.info", 400, ""),
                Arguments.of("GET", longPath, 400, ""),
                Arguments.of("GET", "/mod.example/pre/@v/v1.0.mod", 400, "canonical"),
                Arguments.of("GET", "/mod.example/pre/@v/V1.0.0.zip", 400, ""),
                Arguments.of("GET", "/mod.example/pre/@v/v1.0.0.tar", 404, "unknown GOPROXY endpoint"),
                Arguments.of("GET", "/mod.example/pre/@v/", 404, "unknown GOPROXY endpoint"),
                Arguments.of("GET", "/mod.example/pre/@v/v1.0.0+incompatible.zip", 404, "invalid version"),
                Arguments.of("GET", "/mod.example/major/v2/@v/v1.0.0.info", 404, "invalid version"),
                Arguments.of("GET", "/mod.example/pre/@v/v9.9.9.zip", 404, "not found"),
                Arguments.of("GET", "/mod.example/nothere/@v/list", 404, "not found"),
                Arguments.of("GET", "/mod.example/@latest", 404, "not found"),
                Arguments.of("GET", "/mod.example/pre/@v/v1.0.info", 404, "not found"),
                Arguments.of("POST", "/mod.example/pre/@v/list", 405, "read-only"),
                Arguments.of("DELETE", "/mod.example/pre/@v/v1.0.0.zip", 405, "read-only"));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @MethodSource("cases")
    void answersBadInputWithAClear4xx(String method, String target, int expected, String fragment) throws IOException {
        ModvaultServer.RawResponse response = modvault.raw(method, target);

        assertThat(response.status()).as(response.headers() + "\n" + response.body()).isEqualTo(expected);
        assertThat(response.status()).isLessThan(500);
        assertThat(response.body()).doesNotContain(CANARY).doesNotContain("Exception").doesNotContain("\tat ");
        if (!fragment.isEmpty()) {
            assertThat(response.body()).contains(fragment);
        }
        if (expected >= 400 && response.headers().contains("text/plain")) {
            assertThat(response.body().strip()).as("one line the go command can show").doesNotContain("\n");
        }
    }
}
