package dev.modvault.core.verify;

import dev.modvault.core.sumdb.ChecksumDatabaseVerifier;
import dev.modvault.core.sumdb.SumdbFetcher;
import java.util.Objects;

/**
 * One configured checksum database: its name (from its verifier key), where its answers come from, and the verifier
 * that checks them. The same fetcher serves Modvault's own lookups and the {@code /sumdb/<name>/} proxy for clients.
 *
 * @param verifier verifies lookups and tree heads against the database's key and the stored tree head
 * @param fetcher  fetches database paths ({@code /lookup/...}, {@code /tile/...}, {@code /latest})
 * @param source   where the fetcher goes, for messages (e.g. {@code https://sum.golang.org})
 */
public record ChecksumDatabase(ChecksumDatabaseVerifier verifier, SumdbFetcher fetcher, String source) {

    public ChecksumDatabase {
        Objects.requireNonNull(verifier, "verifier");
        Objects.requireNonNull(fetcher, "fetcher");
        Objects.requireNonNull(source, "source");
    }

    /** The database's name, e.g. {@code sum.golang.org}. */
    public String name() {
        return verifier.name();
    }
}
