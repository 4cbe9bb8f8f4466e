package dev.modvault.core.upstream;

import dev.modvault.core.module.ModulePath;

/**
 * Chooses where a module is fetched from: the public upstream chain, or for PRIVATE modules the private sources,
 * so that a private module's path is never sent to a public service.
 */
@FunctionalInterface
public interface UpstreamSelector {

    UpstreamClient forModule(ModulePath module);

    static UpstreamSelector always(UpstreamClient client) {
        return module -> client;
    }
}
