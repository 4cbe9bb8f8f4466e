package dev.modvault.core.verify;

import dev.modvault.core.sumdb.Tile;
import dev.modvault.core.sumdb.TileCache;
import dev.modvault.storage.ArtifactStore;
import dev.modvault.storage.ObjectMetadata;
import dev.modvault.storage.StorageException;
import dev.modvault.storage.StorageKey;
import dev.modvault.storage.StoredObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Full checksum-database tiles in the artifact store, under {@code sumdb/<database name>/<namespace>/tile/...}
 * (e.g. {@code sumdb/sum.golang.org/verified/tile/8/0/x001/234}). A full tile never changes and is a few KiB, which
 * is what the store is for: every replica shares it and it survives restarts, without putting blobs in PostgreSQL.
 * No module key can collide: a module path's first element always holds a dot, {@code sumdb} does not.
 *
 * <p>Two namespaces keep apart what was authenticated from what was merely passed on: {@code verified} holds the
 * tiles {@link dev.modvault.core.sumdb.ChecksumDatabaseVerifier} authenticated against a signed tree head;
 * {@code proxied} the full tiles the {@code /sumdb/} proxy forwarded to clients (who verify them themselves). The
 * verifier never reads the second. Failures of the store are logged and treated as a miss: the cache is an
 * optimisation. Thread-safe.
 */
public final class StorageTileCache implements TileCache {

    private static final Logger log = LoggerFactory.getLogger(StorageTileCache.class);
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9._~+!@-]+(/[A-Za-z0-9._~+!@-]+)*");
    /** Tiles are at most 2^h hashes of 32 bytes, or 2^h records for data tiles; refuse anything absurd. */
    private static final int MAX_TILE = 4 << 20;

    private final ArtifactStore store;
    private final String namespace;

    /** @param namespace {@code verified} or {@code proxied} */
    public StorageTileCache(ArtifactStore store, String namespace) {
        this.store = store;
        this.namespace = namespace;
    }

    /** The key of a tile of database {@code name}. */
    public StorageKey key(String name, Tile tile) {
        String safe = SAFE_NAME.matcher(name).matches() && !name.contains("..") ? name : "x" + sha256(
                name.getBytes(StandardCharsets.UTF_8)).substring(0, 32);
        return StorageKey.of("sumdb/" + safe + "/" + namespace + "/" + tile.path());
    }

    @Override
    public Optional<byte[]> get(String name, Tile tile) {
        StorageKey key = key(name, tile);
        try {
            Optional<StoredObject> object = store.get(key);
            if (object.isEmpty() || object.get().metadata().size() > MAX_TILE) {
                return Optional.empty();
            }
            try (InputStream in = object.get().open()) {
                return Optional.of(in.readAllBytes());
            }
        } catch (IOException | StorageException e) {
            log.warn("cannot read cached tile {}: {}", key, e.toString());
            return Optional.empty();
        }
    }

    @Override
    public void put(String name, Tile tile, byte[] data) {
        if (!tile.isFull()) {
            throw new IllegalArgumentException("only full tiles are cached, not " + tile.path());
        }
        StorageKey key = key(name, tile);
        try {
            store.put(key, new ByteArrayInputStream(data),
                    new ObjectMetadata(data.length, sha256(data), "application/octet-stream"));
        } catch (StorageException e) {
            log.warn("cannot cache tile {}: {}", key, e.toString());
        }
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
