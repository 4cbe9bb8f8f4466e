package dev.modvault.auth.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modvault.core.catalog.Catalog;
import dev.modvault.core.catalog.CatalogEntry;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.context.SecurityContextHolder;

class VisibleCatalogTest {

    private static final List<String> MODULES = List.of("a.example/1", "corp.example.com/team-a/x",
            "corp.example.com/team-b/1", "corp.example.com/team-b/2", "corp.example.com/team-b/3", "z.example/2",
            "z.example/3");

    /** A catalog over {@link #MODULES}, in order, with one entry per module. */
    private static final Catalog ALL = new Catalog() {
        @Override
        public void recorded(CatalogEntry entry) {
        }

        @Override
        public List<String> searchModules(String query, String afterModule, int limit) {
            return MODULES.stream().filter(m -> afterModule == null || m.compareTo(afterModule) > 0)
                    .filter(m -> m.contains(query)).limit(limit).toList();
        }

        @Override
        public List<CatalogEntry> entries(String module) {
            return List.of(new CatalogEntry(module, "v1.0.0", "zip", 1, "00", null, Instant.EPOCH));
        }

        @Override
        public int remove(String module, String version) {
            return 1;
        }
    };

    private final VisibleCatalog catalog = new VisibleCatalog(ALL, ModuleAccessTest.ACCESS);

    @AfterEach
    void clear() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void hiddenModulesAreLeftOutAndPagesAreStillFilled() {
        SecurityContextHolder.getContext().setAuthentication(ModuleAccessTest.reader("alice", "team-a"));

        assertThat(catalog.searchModules("", null, 3))
                .containsExactly("a.example/1", "corp.example.com/team-a/x", "z.example/2");
        assertThat(catalog.searchModules("", "z.example/2", 3)).containsExactly("z.example/3");
        assertThat(catalog.searchModules("team-b", null, 10)).isEmpty();
        assertThat(catalog.entries("corp.example.com/team-b/1")).isEmpty();
        assertThat(catalog.entries("corp.example.com/team-a/x")).hasSize(1);
    }

    @Test
    void anonymousCallersSeeOnlyPublicModules() {
        assertThat(catalog.searchModules("", null, 100)).containsExactly("a.example/1", "z.example/2", "z.example/3");
    }
}
