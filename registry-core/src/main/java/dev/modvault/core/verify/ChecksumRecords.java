package dev.modvault.core.verify;

/**
 * The {@code h1:} hashes recorded on first fetch of modules no checksum database may be asked about (PRIVATE and
 * NOSUMDB rules): trust on first use. Durable and shared by every replica (PostgreSQL in production), so a later
 * fetch with other content is refused wherever it happens.
 */
public interface ChecksumRecords {

    /**
     * Records {@code h1} for {@code module@version}'s {@code artifact} unless a hash is already recorded.
     *
     * @param artifact "mod" or "zip"
     * @return the hash recorded now or before: {@code h1} itself on first use, otherwise whatever the first fetch
     *         recorded (compare it with {@code h1})
     * @throws RuntimeException when the record cannot be read or written (the artifact must then not be cached)
     */
    String recordIfAbsent(String module, String version, String artifact, String h1);
}
