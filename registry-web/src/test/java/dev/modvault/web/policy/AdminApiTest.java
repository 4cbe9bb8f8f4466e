package dev.modvault.web.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modvault.testkit.FixtureModule;
import dev.modvault.testkit.StaticGoProxy;
import dev.modvault.web.ModvaultServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin REST API: authentication, validation, optimistic concurrency, catalog and purge, OpenAPI. */
class AdminApiTest {

    private static final FixtureModule LIB = FixtureModule.builder("catalog.example/lib", "v1.2.3")
            .file("lib.go", "package lib\n").build();

    @TempDir
    static Path dataDir;
    static StaticGoProxy upstream;
    static ModvaultServer modvault;

    @BeforeAll
    static void start() throws Exception {
        upstream = StaticGoProxy.start(LIB);
        modvault = ModvaultServer.start(dataDir, upstream.uri());
    }

    @AfterAll
    static void stop() {
        modvault.close();
        upstream.close();
    }

    private static HttpResponse<String> call(String method, String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(modvault.uri() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void refusesCallersWithoutTheAdminToken() throws Exception {
        HttpResponse<String> anonymous = call("GET", "/api/v1/policy/rules", null);
        HttpResponse<String> wrong = call("GET", "/api/v1/policy/rules", "Bearer not-the-token");
        HttpResponse<String> basic = call("GET", "/api/v1/policy/rules", "Basic YWRtaW46YWRtaW4=");

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).isPresent();
        assertThat(anonymous.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(basic.statusCode()).isEqualTo(401);
    }

    @Test
    void rejectsInvalidRulesNamingTheField() {
        HttpResponse<String> badPattern = modvault.admin("POST", "/api/v1/policy/rules",
                "{\"kind\":\"DENY\",\"pattern\":\"a.example/[\",\"reason\":\"x\"}");
        HttpResponse<String> badConstraint = modvault.admin("POST", "/api/v1/policy/rules",
                "{\"kind\":\"DENY\",\"pattern\":\"a.example\",\"versionConstraint\":\"<1.2\",\"reason\":\"x\"}");
        HttpResponse<String> badKind = modvault.admin("POST", "/api/v1/policy/rules",
                "{\"kind\":\"BLOCK\",\"pattern\":\"a.example\",\"reason\":\"x\"}");

        assertThat(badPattern.statusCode()).isEqualTo(400);
        assertThat(badPattern.body()).contains("\"field\":\"pattern\"");
        assertThat(badConstraint.statusCode()).isEqualTo(400);
        assertThat(badConstraint.body()).contains("\"field\":\"versionConstraint\"").contains("not a semantic version");
        assertThat(badKind.statusCode()).isEqualTo(400);
        assertThat(badKind.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).contains("problem+json"));
    }

    @Test
    void updatesNeedTheCurrentETag() {
        long id = modvault.createRule("DENY", "etag.example", null, "first");
        HttpResponse<String> read = modvault.admin("GET", "/api/v1/policy/rules/" + id, null);
        String etag = read.headers().firstValue("ETag").orElseThrow();
        String change = "{\"kind\":\"DENY\",\"pattern\":\"etag.example\",\"reason\":\"second\"}";

        HttpResponse<String> withoutIfMatch = modvault.admin("PUT", "/api/v1/policy/rules/" + id, change);
        HttpResponse<String> updated = modvault.admin("PUT", "/api/v1/policy/rules/" + id, change, "If-Match", etag);
        HttpResponse<String> stale = modvault.admin("PUT", "/api/v1/policy/rules/" + id, change, "If-Match", etag);
        HttpResponse<String> deleteStale = modvault.admin("DELETE", "/api/v1/policy/rules/" + id, null, "If-Match", etag);
        String current = updated.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> deleted = modvault.admin("DELETE", "/api/v1/policy/rules/" + id, null, "If-Match", current);

        assertThat(withoutIfMatch.statusCode()).isEqualTo(428);
        assertThat(updated.statusCode()).isEqualTo(200);
        assertThat(updated.body()).contains("second");
        assertThat(current).isNotEqualTo(etag);
        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(deleteStale.statusCode()).isEqualTo(412);
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(modvault.admin("GET", "/api/v1/policy/rules/" + id, null).statusCode()).isEqualTo(404);
    }

    @Test
    void catalogListsCachedVersionsAndPurgeRemovesThem() throws Exception {
        assertThat(modvault.get(LIB.proxyPath("zip")).statusCode()).isEqualTo(200);
        assertThat(modvault.get(LIB.proxyPath("info")).statusCode()).isEqualTo(200);

        String versions = awaitBody("/api/v1/catalog/versions?module=catalog.example/lib", "\"zip\"");
        assertThat(versions).contains("v1.2.3");
        assertThat(modvault.admin("GET", "/api/v1/catalog/modules?q=catalog", null).body())
                .contains("catalog.example/lib");

        HttpResponse<String> purge = modvault.admin("DELETE",
                "/api/v1/catalog/versions?module=catalog.example/lib&version=v1.2.3", null);
        assertThat(purge.statusCode()).isEqualTo(200);
        assertThat(purge.body()).contains("\"artifactsDeleted\":2");
        int before = upstream.requests(LIB.proxyPath("zip"));
        assertThat(modvault.get(LIB.proxyPath("zip")).headers().firstValue("X-Modvault-Cache")).hasValue("miss");
        assertThat(upstream.requests(LIB.proxyPath("zip"))).isEqualTo(before + 1);
        awaitBody("/api/v1/audit?action=ADMIN_CHANGE", "purge");
    }

    @Test
    void servesTheOpenApiDocument() {
        HttpResponse<String> openapi = modvault.admin("GET", "/api/v1/openapi", null);

        assertThat(openapi.statusCode()).isEqualTo(200);
        assertThat(openapi.body()).contains("\"openapi\"").contains("/api/v1/policy/rules").contains("/api/v1/audit");
    }

    private static String awaitBody(String path, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String body = "";
        while (System.nanoTime() < deadline) {
            body = modvault.admin("GET", path, null).body();
            if (body.contains(expected)) {
                return body;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no " + expected + " in " + path + ": " + body);
    }
}
