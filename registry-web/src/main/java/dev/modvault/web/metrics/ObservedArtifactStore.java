package dev.modvault.web.metrics;

import dev.modvault.storage.ArtifactStore;
import dev.modvault.storage.ObjectMetadata;
import dev.modvault.storage.StorageException;
import dev.modvault.storage.StorageKey;
import dev.modvault.storage.StoredObject;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Storage operations by backend, operation and outcome ({@code modvault_storage_operations_seconds}), composed over
 * any backend at wiring time. Outcomes: ok, miss (get of an absent key), error.
 */
public final class ObservedArtifactStore implements ArtifactStore {

    private final ArtifactStore delegate;
    private final MeterRegistry registry;

    public ObservedArtifactStore(ArtifactStore delegate, MeterRegistry registry) {
        this.delegate = delegate;
        this.registry = registry;
    }

    private <T> T observe(String operation, Supplier<T> call, java.util.function.Function<T, String> outcome) {
        long start = System.nanoTime();
        String result = "error";
        try {
            T value = call.get();
            result = outcome.apply(value);
            return value;
        } finally {
            Timer.builder("modvault.storage.operations")
                    .description("Storage operations by backend, operation and outcome")
                    .tags("backend", delegate.type(), "operation", operation, "outcome", result)
                    .register(registry)
                    .record(Duration.ofNanos(System.nanoTime() - start));
        }
    }

    @Override
    public String type() {
        return delegate.type();
    }

    @Override
    public Optional<StoredObject> get(StorageKey key) {
        return observe("get", () -> delegate.get(key), found -> found.isPresent() ? "ok" : "miss");
    }

    @Override
    public void put(StorageKey key, InputStream body, ObjectMetadata metadata) {
        observe("put", () -> {
            delegate.put(key, body, metadata);
            return Boolean.TRUE;
        }, ok -> "ok");
    }

    @Override
    public List<StorageKey> list(StorageKey prefix) {
        return observe("list", () -> delegate.list(prefix), keys -> "ok");
    }

    @Override
    public boolean delete(StorageKey key) {
        return observe("delete", () -> delegate.delete(key), deleted -> "ok");
    }

    @Override
    public void checkWritable() throws StorageException {
        observe("check", () -> {
            delegate.checkWritable();
            return Boolean.TRUE;
        }, ok -> "ok");
    }

    @Override
    public Optional<URI> directDownloadUri(StorageKey key, Duration validity) {
        return delegate.directDownloadUri(key, validity);
    }
}
