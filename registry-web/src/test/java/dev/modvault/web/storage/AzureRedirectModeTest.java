package dev.modvault.web.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modvault.storage.azure.AzuriteServer;
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

/** Redirect mode on Azure Blob (Azurite): zips are answered with 307 to a read-only SAS URL the go command follows. */
class AzureRedirectModeTest {

    static final Fixtures FIXTURES = Fixtures.standard();
    static AzuriteServer azurite;
    static StaticGoProxy upstream;
    static ModvaultServer modvault;
    static GoCommand go;

    @BeforeAll
    static void start(@TempDir Path dataDir) throws Exception {
        azurite = AzuriteServer.start();
        String container = azurite.createContainer();
        upstream = StaticGoProxy.start(FIXTURES);
        modvault = ModvaultServer.start(dataDir, upstream.uri(), Map.of("modvault.storage.type", "azure",
                "modvault.storage.azure.container", container,
                "modvault.storage.azure.endpoint", azurite.endpoint().toString(),
                "modvault.storage.azure.account-name", AzuriteServer.ACCOUNT,
                "modvault.storage.azure.account-key", AzuriteServer.ACCOUNT_KEY,
                "modvault.storage.azure.redirect", "true", "modvault.storage.azure.redirect-validity", "2m"));
        go = GoCommand.forProxy(modvault.uri());
    }

    @AfterAll
    static void stop() {
        go.close();
        modvault.close();
        upstream.close();
        azurite.close();
    }

    @Test
    void aZipIsAnsweredWithATemporaryRedirectToASasUrlThatServesIt() throws Exception {
        FixtureModule fixture = FIXTURES.get(Fixtures.MAJOR_V2, "v2.0.0");
        try (HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()) {
            HttpResponse<byte[]> redirect = http.send(HttpRequest.newBuilder(
                    modvault.uri().resolve(fixture.proxyPath("zip"))).build(), HttpResponse.BodyHandlers.ofByteArray());

            assertThat(redirect.statusCode()).isEqualTo(307);
            URI location = URI.create(redirect.headers().firstValue("Location").orElseThrow());
            assertThat(location.getPort()).isEqualTo(azurite.port());
            assertThat(location.getQuery()).contains("sig=").contains("sp=r");

            HttpResponse<byte[]> zip = http.send(HttpRequest.newBuilder(location).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(zip.statusCode()).isEqualTo(200);
            assertThat(zip.body()).isEqualTo(fixture.zipBytes());
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
