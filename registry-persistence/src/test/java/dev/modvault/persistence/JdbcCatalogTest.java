package dev.modvault.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modvault.core.catalog.CatalogEntry;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JdbcCatalogTest {

    private static final Instant T = Instant.now().truncatedTo(ChronoUnit.MICROS);
    private static TestDatabase db;
    private static JdbcCatalog catalog;

    @BeforeAll
    static void startDatabase() throws Exception {
        db = TestDatabase.start();
        catalog = new JdbcCatalog(db.dataSource, PersistenceSettings.defaults());
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        catalog.close();
        db.close();
    }

    @BeforeEach
    void empty() {
        db.jdbc.sql("DELETE FROM catalog_entries").update();
    }

    private static CatalogEntry entry(String module, String version, String artifact) {
        return new CatalogEntry(module, version, artifact, 100, "ab".repeat(32), null, T);
    }

    private static void record(CatalogEntry... entries) {
        for (CatalogEntry e : entries) {
            catalog.recorded(e);
        }
        assertThat(catalog.flush(Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void recordsUpsertsAndListsEntriesInVersionOrder() {
        record(entry("example.com/m", "v1.10.0", "zip"),
                entry("example.com/m", "v1.9.0", "mod"),
                entry("example.com/m", "v1.9.0", "info"),
                entry("example.com/m", "v1.10.0-rc.1", "info"),
                entry("example.com/other", "v1.0.0", "zip"));
        assertThat(catalog.entries("example.com/m"))
                .extracting(e -> e.version() + " " + e.artifact())
                .containsExactly("v1.9.0 info", "v1.9.0 mod", "v1.10.0-rc.1 info", "v1.10.0 zip");

        // the same artifact again (and twice in one batch): one row, the newest values, a known h1 kept
        record(new CatalogEntry("example.com/m", "v1.10.0", "zip", 200, "cd".repeat(32), "h1:abc=", T));
        record(new CatalogEntry("example.com/m", "v1.10.0", "zip", 300, "ef".repeat(32), null, T.plusSeconds(1)),
                new CatalogEntry("example.com/m", "v1.10.0", "zip", 400, "01".repeat(32), null, T.plusSeconds(2)));
        CatalogEntry zip = catalog.entries("example.com/m").getLast();
        assertThat(zip).isEqualTo(new CatalogEntry("example.com/m", "v1.10.0", "zip", 400, "01".repeat(32),
                "h1:abc=", T.plusSeconds(2)));
        assertThat(db.count("SELECT count(*) FROM catalog_entries")).isEqualTo(5);
        assertThat(catalog.entries("example.com/none")).isEmpty();
    }

    @Test
    void searchesModulePathsCaseInsensitivelyWithKeysetPages() {
        record(entry("github.com/Acme/widget", "v1.0.0", "zip"),
                entry("github.com/Acme/widget", "v1.1.0", "zip"),
                entry("github.com/acme/gadget", "v0.1.0", "zip"),
                entry("example.com/acme", "v1.0.0", "mod"),
                entry("golang.org/x/text", "v0.3.0", "zip"),
                entry("example.com/a_b", "v1.0.0", "mod"),
                entry("example.com/axb", "v1.0.0", "mod"));

        assertThat(catalog.searchModules("ACME", null, 10))
                .containsExactly("example.com/acme", "github.com/Acme/widget", "github.com/acme/gadget");
        assertThat(catalog.searchModules("acme", null, 2)).containsExactly("example.com/acme",
                "github.com/Acme/widget");
        assertThat(catalog.searchModules("acme", "github.com/Acme/widget", 2)).containsExactly(
                "github.com/acme/gadget");
        assertThat(catalog.searchModules("acme", "github.com/acme/gadget", 2)).isEmpty();
        assertThat(catalog.searchModules("", null, 100)).hasSize(6).isSorted();
        assertThat(catalog.searchModules(null, "github.com/acme/gadget", 100)).containsExactly("golang.org/x/text");
        assertThat(catalog.searchModules("a_b", null, 10)).as("_ is not a wildcard")
                .containsExactly("example.com/a_b");
        assertThat(catalog.searchModules("%", null, 10)).isEmpty();
        assertThatThrownBy(() -> catalog.searchModules("x", null, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void removesOneVersion() {
        record(entry("example.com/m", "v1.0.0", "info"), entry("example.com/m", "v1.0.0", "zip"),
                entry("example.com/m", "v1.1.0", "zip"));
        catalog.recorded(entry("example.com/m", "v1.0.0", "mod")); // still queued when remove() is called
        assertThat(catalog.remove("example.com/m", "v1.0.0")).isEqualTo(3);
        assertThat(catalog.entries("example.com/m")).extracting(CatalogEntry::version).containsExactly("v1.1.0");
        assertThat(catalog.remove("example.com/m", "v1.0.0")).isZero();
    }
}
