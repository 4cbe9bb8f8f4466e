package dev.modvault.core.protocol;

import dev.modvault.core.module.ModulePath;
import dev.modvault.core.module.Version;

/**
 * The GOPROXY protocol (https://go.dev/ref/mod#goproxy-protocol), one method per endpoint. Web adapters parse and
 * validate the request into value types and call these; every failure is a
 * {@link dev.modvault.core.error.RegistryException}.
 */
public interface GoProxy {

    /** {@code GET /{module}/@v/list}: tagged versions, one per line, no pseudo-versions. */
    Content list(ModulePath module);

    /** {@code GET /{module}/@latest}: the .info JSON of the version the go command should take as latest. */
    Content latest(ModulePath module);

    /**
     * {@code GET /{module}/@v/{query}.info}: for a canonical version, its immutable info; for any other query (a
     * branch, a commit prefix, "v1.2"), the upstream's resolution of it, never cached under the query.
     */
    Content info(ModulePath module, String query);

    /** {@code GET /{module}/@v/{version}.mod}. */
    Content mod(ModulePath module, Version version);

    /** {@code GET /{module}/@v/{version}.zip}. */
    Content zip(ModulePath module, Version version);
}
