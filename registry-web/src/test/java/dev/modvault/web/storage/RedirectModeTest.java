package dev.modvault.web.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modvault.storage.s3.S3ProxyServer;
import dev.modvault.testkit.FixtureModule;
import dev.modvault.testkit.Fixtures;
import dev.modvault.testkit.GoCommand;
import dev.modvault.testkit.StaticGoProxy;
import dev.modvault.web.ModvaultServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** Redirect mode on S3: zips are answered with 307 to a presigned URL, which the go command follows. */
class RedirectModeTest {

    static final Fixtures FIXTURES = Fixtures.standard();
    static S3ProxyServer s3;
    static StaticGoProxy upstream;
    static ModvaultServer modvault;
    static GoCommand go;

    @BeforeAll
    static void start(@TempDir Path dataDir) throws Exception {
        s3 = S3ProxyServer.start();
        String bucket = s3.createBucket();
        upstream = StaticGoProxy.start(FIXTURES);
        modvault = ModvaultServer.start(dataDir, upstream.uri(), Map.of("modvault.storage.type", "s3",
                "modvault.storage.s3.bucket", bucket, "modvault.storage.s3.endpoint", s3.endpoint().toString(),
                "modvault.storage.s3.path-style", "true", "modvault.storage.s3.region", "us-east-1",
                "modvault.storage.s3.access-key", S3ProxyServer.ACCESS_KEY,
                "modvault.storage.s3.secret-key", S3ProxyServer.SECRET_KEY,
                "modvault.storage.s3.redirect", "true", "modvault.storage.s3.redirect-validity", "2m"));
        go = GoCommand.forProxy(modvault.uri());
    }

    @AfterAll
    static void stop() {
        go.close();
        modvault.close();
        upstream.close();
        s3.close();
    }

    @Test
    void aZipIsAnsweredWithATemporaryRedirectToAPresignedUrlThatServesIt() throws Exception {
        FixtureModule fixture = FIXTURES.get(Fixtures.MAJOR_V2, "v2.0.0");
        try (HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()) {
            HttpResponse<byte[]> redirect = http.send(HttpRequest.newBuilder(
                    modvault.uri().resolve(fixture.proxyPath("zip"))).build(), HttpResponse.BodyHandlers.ofByteArray());

            assertThat(redirect.statusCode()).isEqualTo(307);
            assertThat(redirect.headers().firstValue("Cache-Control")).hasValue("no-store");
            URI location = URI.create(redirect.headers().firstValue("Location").orElseThrow());
            assertThat(location.getPort()).isEqualTo(s3.port());
            assertThat(location.getQuery()).contains("X-Amz-Signature=").contains("X-Amz-Expires=120");

            HttpResponse<byte[]> zip = http.send(HttpRequest.newBuilder(location).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(zip.statusCode()).isEqualTo(200);
            assertThat(zip.body()).isEqualTo(fixture.zipBytes());

            HttpResponse<byte[]> mod = http.send(HttpRequest.newBuilder(
                    modvault.uri().resolve(fixture.proxyPath("mod"))).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(mod.statusCode()).as(".mod is served, not redirected").isEqualTo(200);
        }
    }

    @Test
    void theGoCommandFollowsTheRedirect() {
        FixtureModule fixture = FIXTURES.get(Fixtures.APP_LIB, "v1.0.0");
        var result = go.runOk(GoCommand.DEFAULT_TIMEOUT, "mod", "download", "-json",
                fixture.path() + "@" + fixture.version());

        var json = JsonMapper.builder().build().readTree(result.stdout());
        assertThat(json.get("Sum").stringValue()).isEqualTo(fixture.zipHash());
    }
}
