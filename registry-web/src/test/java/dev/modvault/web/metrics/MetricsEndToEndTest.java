package dev.modvault.web.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modvault.testkit.FixtureModule;
import dev.modvault.testkit.Fixtures;
import dev.modvault.testkit.GoCommand;
import dev.modvault.testkit.StaticGoProxy;
import dev.modvault.web.ModvaultServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scrapes /actuator/prometheus after a scripted go command session and checks that the counters moved as the
 * session implies, and that no series carries a module path.
 */
class MetricsEndToEndTest {

    private static final Fixtures FIXTURES = Fixtures.standard();

    @Test
    void countersFollowAGoSessionAndNoSeriesCarriesAModulePath(@TempDir Path dir) throws Exception {
        FixtureModule broken = FixtureModule.builder("broken.example/lib", "v1.0.0").file("lib.go", "package lib\n").build();
        try (StaticGoProxy upstream = StaticGoProxy.start(FIXTURES);
             ModvaultServer modvault = ModvaultServer.start(Files.createDirectory(dir.resolve("data")), upstream.uri());
             GoCommand go = GoCommand.forProxy(modvault.uri())) {
            upstream.addModule(broken);
            upstream.failWith(broken.proxyPath("zip"), 500);
            modvault.createRule("DENY", Fixtures.PRE, null, "metrics test denial");

            Path project = Files.createDirectory(dir.resolve("project"));
            GoCommand.writeProgram(project, Fixtures.DEMO_PROGRAM_PATH, Fixtures.demoProgram());
            go.inDir(project).runOk(GoCommand.DEFAULT_TIMEOUT, "mod", "tidy");
            String before = scrape(modvault);

            // the same zips again: hits only
            for (FixtureModule module : FIXTURES.demoProgramModules()) {
                assertThat(modvault.get(module.proxyPath("zip")).statusCode()).isEqualTo(200);
            }
            assertThat(modvault.get("/mod.example/pre/@v/v1.0.0.info").statusCode()).isEqualTo(403);
            assertThat(modvault.get(broken.proxyPath("zip")).statusCode()).isEqualTo(502);
            String after = scrape(modvault);

            int zips = FIXTURES.demoProgramModules().size();
            assertThat(value(before, "modvault_cache_requests_total", "kind=\"zip\"", "result=\"miss\""))
                    .isEqualTo(zips);
            assertThat(value(after, "modvault_cache_requests_total", "kind=\"zip\"", "result=\"hit\"")
                    - value(before, "modvault_cache_requests_total", "kind=\"zip\"", "result=\"hit\"")).isEqualTo(zips);
            long zipBytes = FIXTURES.demoProgramModules().stream().mapToLong(m -> m.zipBytes().length).sum();
            assertThat(value(after, "modvault_bytes_served_total", "kind=\"zip\"")
                    - value(before, "modvault_bytes_served_total", "kind=\"zip\"")).isEqualTo(zipBytes);
            assertThat(value(after, "modvault_policy_denials_total", "kind=\"info\"")).isEqualTo(1);
            assertThat(value(after, "modvault_upstream_fetches_total", "upstream=\"public\"", "outcome=\"error\""))
                    .isEqualTo(1);
            assertThat(value(after, "modvault_upstream_fetches_total", "upstream=\"public\"", "outcome=\"ok\""))
                    .isGreaterThanOrEqualTo(zips);
            assertThat(value(after, "modvault_requests_seconds_count", "kind=\"zip\"", "status=\"502\"")).isEqualTo(1);
            assertThat(after).contains("modvault_requests_seconds_bucket")
                    .contains("modvault_storage_operations_seconds_count")
                    .contains("modvault_audit_queue_depth")
                    .contains("modvault_singleflight_joins_total")
                    .contains("jvm_memory_used_bytes")
                    // Modvault's own request timer replaces Spring's (docs/performance.md)
                    .doesNotContain("http_server_requests_seconds");

            assertThat(after).doesNotContain("mod.example").doesNotContain("broken.example")
                    .doesNotContain("Upper").doesNotContain("127.0.0.1");
        }
    }

    private static String scrape(ModvaultServer modvault) {
        var response = modvault.get("/actuator/prometheus");
        assertThat(response.statusCode()).isEqualTo(200);
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    /** The value of the one series of {@code name} whose labels include all of {@code labels}; 0 when absent. */
    private static long value(String scrape, String name, String... labels) {
        Matcher line = Pattern.compile("(?m)^" + name + "\\{([^}]*)\\} ([0-9.eE+-]+)$").matcher(scrape);
        double sum = 0;
        while (line.find()) {
            boolean all = true;
            for (String label : labels) {
                all &= line.group(1).contains(label);
            }
            if (all) {
                sum += Double.parseDouble(line.group(2));
            }
        }
        return Math.round(sum);
    }
}
