package dev.modvault.web.admin;

import dev.modvault.auth.access.ModuleAccess;
import dev.modvault.auth.access.VisibleCatalog;
import dev.modvault.core.cache.ModuleLayout;
import dev.modvault.core.catalog.Catalog;
import dev.modvault.core.catalog.CatalogEntry;
import dev.modvault.core.module.ModulePath;
import dev.modvault.core.module.Version;
import dev.modvault.storage.ArtifactStore;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The catalog of cached modules and versions, and purge of a cached version. Reads show only what the caller may
 * see (PRIVATE modules need access, see {@link VisibleCatalog}).
 */
@RestController
@RequestMapping("/api/v1/catalog")
class CatalogAdminController {

    record ModulePage(List<String> modules, String next) {
    }

    record Purge(String module, String version, int artifactsDeleted) {
    }

    private final Catalog catalog;
    private final Catalog visible;
    private final ArtifactStore store;
    private final AdminAudit audit;

    CatalogAdminController(Catalog catalog, ArtifactStore store, AdminAudit audit, ModuleAccess access) {
        this.catalog = catalog;
        this.visible = new VisibleCatalog(catalog, access);
        this.store = store;
        this.audit = audit;
    }

    @GetMapping("/modules")
    ModulePage modules(@RequestParam(defaultValue = "") String q, @RequestParam(required = false) String after,
                       @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit: must be between 1 and 1000");
        }
        List<String> modules = visible.searchModules(q, after, limit);
        return new ModulePage(modules, modules.size() == limit ? modules.getLast() : null);
    }

    @GetMapping("/versions")
    List<CatalogEntry> versions(@RequestParam String module) {
        return visible.entries(ModulePath.of(module).value());
    }

    /** Deletes a cached version's .info, .mod and .zip from storage and the catalog; audited. */
    @DeleteMapping("/versions")
    Purge purge(@RequestParam String module, @RequestParam String version, HttpServletRequest request) {
        ModulePath path = ModulePath.of(module);
        Version v = Version.of(version);
        int deleted = 0;
        for (ModuleLayout.Kind kind : ModuleLayout.Kind.values()) {
            if (store.delete(ModuleLayout.artifact(path, v, kind))) {
                deleted++;
            }
        }
        int rows = catalog.remove(path.value(), v.value());
        if (deleted == 0 && rows == 0) {
            throw new AdminErrors.NotFound(path + "@" + v + " is not cached");
        }
        Purge purge = new Purge(path.value(), v.value(), deleted);
        audit.change(request, "catalog-version", "purge", path.value(), v.value(), null, purge);
        return purge;
    }
}
