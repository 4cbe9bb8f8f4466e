package dev.modvault.git.source;

import java.util.Optional;

/**
 * What Modvault recorded about a version when it cached it: the commit hash of the {@code Origin} in its cached
 * {@code .info}. Implementations read the artifact store, which replicas share, so a moved tag is noticed by any
 * replica. MUST be thread-safe; MUST return empty (not throw) when nothing is recorded or the store fails.
 */
@FunctionalInterface
public interface OriginLedger {

    Optional<String> recordedHash(String modulePath, String version);

    OriginLedger NONE = (module, version) -> Optional.empty();
}
