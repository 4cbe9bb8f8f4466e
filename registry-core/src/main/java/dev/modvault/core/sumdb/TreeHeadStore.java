package dev.modvault.core.sumdb;

import java.util.Optional;

/**
 * Where the newest verified tree head of each checksum database is kept: the memory of the log that makes forks
 * detectable. Every replica must see the same value (PostgreSQL in production; {@link InMemoryTreeHeadStore} for
 * one process and tests). Only ever moved forward, and only by {@link #compareAndSet}.
 */
public interface TreeHeadStore {

    /** The newest verified tree head of database {@code name}, empty before the first. */
    Optional<SignedTreeHead> load(String name);

    /**
     * Replaces the stored head of {@code name} by {@code replacement} if it is still {@code expected} (null: nothing
     * stored yet), atomically.
     *
     * @return whether it was replaced; false means another writer got there first (reload and try again)
     */
    boolean compareAndSet(String name, SignedTreeHead expected, SignedTreeHead replacement);
}
