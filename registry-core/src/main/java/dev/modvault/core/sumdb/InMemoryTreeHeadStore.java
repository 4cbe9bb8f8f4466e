package dev.modvault.core.sumdb;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** A {@link TreeHeadStore} in this process's memory: for tests and single-node use. Thread-safe. */
public final class InMemoryTreeHeadStore implements TreeHeadStore {

    private final ConcurrentMap<String, SignedTreeHead> heads = new ConcurrentHashMap<>();

    @Override
    public Optional<SignedTreeHead> load(String name) {
        return Optional.ofNullable(heads.get(Objects.requireNonNull(name, "name")));
    }

    @Override
    public boolean compareAndSet(String name, SignedTreeHead expected, SignedTreeHead replacement) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(replacement, "replacement");
        if (expected == null) {
            return heads.putIfAbsent(name, replacement) == null;
        }
        return heads.replace(name, expected, replacement);
    }

    /** Sets the stored head unconditionally (tests: start from a known or a deliberately wrong head). */
    public void put(String name, SignedTreeHead head) {
        heads.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(head, "head"));
    }
}
