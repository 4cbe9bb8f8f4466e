package dev.modvault.core.catalog;

import java.util.List;

/**
 * The catalog of cached module versions (PostgreSQL). {@link #recorded} is called on the serving path and MUST NOT
 * block on I/O or throw (it queues); the other methods are for the admin API.
 */
public interface Catalog {

    /** Notes that an artifact entered the cache. */
    void recorded(CatalogEntry entry);

    /** Modules whose path contains {@code query} (all when blank), ordered by path, after {@code afterModule}. */
    List<String> searchModules(String query, String afterModule, int limit);

    /** The cached artifacts of one module, ordered by version and artifact. */
    List<CatalogEntry> entries(String module);

    /** Forgets one version of a module (after its artifacts were purged from storage). @return rows removed */
    int remove(String module, String version);

    /** Does nothing: for tools and tests without a database. */
    Catalog NONE = new Catalog() {
        @Override
        public void recorded(CatalogEntry entry) {
        }

        @Override
        public List<String> searchModules(String query, String afterModule, int limit) {
            return List.of();
        }

        @Override
        public List<CatalogEntry> entries(String module) {
            return List.of();
        }

        @Override
        public int remove(String module, String version) {
            return 0;
        }
    };
}
