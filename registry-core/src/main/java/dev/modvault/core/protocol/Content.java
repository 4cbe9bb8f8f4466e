package dev.modvault.core.protocol;

import dev.modvault.storage.StoredObject;
import dev.modvault.storage.support.HeldBytesInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/** A protocol answer ready to send: a small in-memory body or a stored artifact streamed from storage. */
public sealed interface Content {

    /** How long clients and CDNs may keep the answer. */
    enum Freshness {
        /** .info, .mod, .zip of a canonical version: never changes. */
        IMMUTABLE,
        /** list, @latest and query answers: change as versions are published. */
        SHORT
    }

    String contentType();

    long size();

    Freshness freshness();

    /** Whether the answer came from the cache without an upstream round trip. */
    boolean cacheHit();

    InputStream open() throws IOException;

    /** The body as a local file when the store has one (zero-copy serving). */
    default Optional<Path> localFile() {
        return Optional.empty();
    }

    static Content of(byte[] body, String contentType, Freshness freshness, boolean cacheHit) {
        return new Bytes(body, contentType, freshness, cacheHit);
    }

    static Content of(StoredObject object, Freshness freshness, boolean cacheHit) {
        return new Stored(object, freshness, cacheHit);
    }

    record Bytes(byte[] body, String contentType, Freshness freshness, boolean cacheHit) implements Content {
        @Override
        public long size() {
            return body.length;
        }

        @Override
        public InputStream open() {
            return new HeldBytesInputStream(body);
        }
    }

    record Stored(StoredObject object, Freshness freshness, boolean cacheHit) implements Content {
        @Override
        public String contentType() {
            return object.metadata().contentType();
        }

        @Override
        public long size() {
            return object.metadata().size();
        }

        @Override
        public InputStream open() throws IOException {
            return object.open();
        }

        @Override
        public Optional<Path> localFile() {
            return object.localFile();
        }
    }
}
