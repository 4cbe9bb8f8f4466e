package dev.modvault.core.cache;

import dev.modvault.core.module.ModulePath;
import dev.modvault.core.module.Version;
import java.nio.file.Path;
import java.util.Map;

/**
 * Checks a fetched {@code .mod} or {@code .zip} (spooled to a local file) before it is committed to the store.
 * Implementations compute the go command's {@code h1:} hash and compare it with the checksum database, or with the
 * hash recorded on first fetch for modules the checksum database must not be asked about.
 */
@FunctionalInterface
public interface ArtifactVerifier {

    /**
     * @return attributes to store with the artifact (e.g. {@code h1}); empty when nothing was computed
     * @throws dev.modvault.core.error.ChecksumMismatchException when the artifact must not be cached
     */
    Map<String, String> verify(ModulePath module, Version version, ModuleLayout.Kind kind, Path file);

    /** Verifies nothing. */
    ArtifactVerifier NONE = (module, version, kind, file) -> Map.of();
}
