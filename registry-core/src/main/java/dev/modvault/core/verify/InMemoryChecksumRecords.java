package dev.modvault.core.verify;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** {@link ChecksumRecords} in this process's memory: for tests and tools; not durable. Thread-safe. */
public final class InMemoryChecksumRecords implements ChecksumRecords {

    private final ConcurrentMap<String, String> records = new ConcurrentHashMap<>();

    @Override
    public String recordIfAbsent(String module, String version, String artifact, String h1) {
        String previous = records.putIfAbsent(module + "@" + version + " " + artifact, h1);
        return previous == null ? h1 : previous;
    }

    /** How many hashes are recorded. */
    public int size() {
        return records.size();
    }
}
