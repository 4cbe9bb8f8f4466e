package dev.modvault.core.cache;

import dev.modvault.core.module.ModulePath;
import dev.modvault.core.module.Version;
import dev.modvault.storage.StorageKey;

/**
 * Where things live in the store: the GOPROXY layout with case-escaped paths, so {@code Foo} and {@code foo} never
 * collide, and a module's versions can be listed under one prefix ({@code @} never occurs in a module path, so
 * {@code a/b/@v} cannot be confused with module {@code a/b/v2}).
 * <pre>
 *   {escaped module}/@v/{escaped version}.info | .mod | .zip   immutable artifacts
 *   {escaped module}/@v/list                                 cached upstream list (mutable)
 *   {escaped module}/@latest                                 cached upstream @latest (mutable)
 * </pre>
 */
public final class ModuleLayout {

    public enum Kind {
        INFO(".info"), MOD(".mod"), ZIP(".zip");

        final String suffix;

        Kind(String suffix) {
            this.suffix = suffix;
        }
    }

    private ModuleLayout() {
    }

    public static StorageKey versionsDir(ModulePath module) {
        return StorageKey.of(module.escaped() + "/@v");
    }

    public static StorageKey artifact(ModulePath module, Version version, Kind kind) {
        return versionsDir(module).resolve(version.escaped() + kind.suffix);
    }

    public static StorageKey list(ModulePath module) {
        return versionsDir(module).resolve("list");
    }

    public static StorageKey latest(ModulePath module) {
        return StorageKey.of(module.escaped() + "/@latest");
    }

    /** The GOPROXY path of an artifact, relative to a proxy base URL. */
    public static String upstreamPath(ModulePath module, Version version, Kind kind) {
        return module.escaped() + "/@v/" + version.escaped() + kind.suffix;
    }

    /** The escaped version an {@code .info} key names, or null if the name is not an {@code .info} key. */
    public static String infoVersion(StorageKey key) {
        String name = key.name();
        return name.endsWith(Kind.INFO.suffix) ? name.substring(0, name.length() - Kind.INFO.suffix.length()) : null;
    }
}
