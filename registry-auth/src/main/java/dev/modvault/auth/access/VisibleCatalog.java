package dev.modvault.auth.access;

import dev.modvault.core.catalog.Catalog;
import dev.modvault.core.catalog.CatalogEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * The catalog as the caller of the current request may see it: PRIVATE modules it may not read are left out of
 * searches (pages are still filled up to the limit) and have no entries. Writes pass through unchanged.
 */
public final class VisibleCatalog implements Catalog {

    private final Catalog delegate;
    private final ModuleAccess access;

    public VisibleCatalog(Catalog delegate, ModuleAccess access) {
        this.delegate = delegate;
        this.access = access;
    }

    @Override
    public void recorded(CatalogEntry entry) {
        delegate.recorded(entry);
    }

    @Override
    public List<String> searchModules(String query, String afterModule, int limit) {
        List<String> visible = new ArrayList<>(limit);
        String after = afterModule;
        while (visible.size() < limit) {
            List<String> page = delegate.searchModules(query, after, limit);
            for (String module : page) {
                if (visible.size() < limit && access.visible(module)) {
                    visible.add(module);
                }
            }
            if (page.size() < limit) {
                break;
            }
            after = page.getLast();
        }
        return visible;
    }

    @Override
    public List<CatalogEntry> entries(String module) {
        return access.visible(module) ? delegate.entries(module) : List.of();
    }

    @Override
    public int remove(String module, String version) {
        return delegate.remove(module, version);
    }
}
