package dev.modvault.web.sumdb;

import dev.modvault.core.sumdb.ChecksumDatabaseVerifier;
import dev.modvault.core.sumdb.HttpSumdbFetcher;
import dev.modvault.core.sumdb.SumdbFetcher;
import dev.modvault.core.sumdb.TileCache;
import dev.modvault.core.sumdb.TreeHeadStore;
import dev.modvault.core.sumdb.VerifierKey;
import dev.modvault.core.verify.ChecksumDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The configured checksum databases ({@code modvault.sumdb.databases}), by name. */
public record ChecksumDatabases(List<ChecksumDatabase> all) {

    public ChecksumDatabases {
        all = List.copyOf(all);
    }

    public Optional<ChecksumDatabase> named(String name) {
        return all.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    /** The configured names, for messages. */
    public List<String> names() {
        return all.stream().map(ChecksumDatabase::name).toList();
    }

    /**
     * Parses the configured entries, {@code <verifier key>[ <url>]} each.
     *
     * @param firstUpstream the proxy that databases without a URL are reached through ({@code <proxy>/sumdb/<name>})
     * @throws IllegalArgumentException naming the property and the bad entry
     */
    public static ChecksumDatabases parse(List<String> entries, URI firstUpstream, HttpClient client, Duration timeout,
                                          TreeHeadStore heads, TileCache tiles) {
        List<ChecksumDatabase> databases = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String entry : entries) {
            String[] parts = entry.strip().split("\\s+");
            if (parts.length == 0 || parts[0].isEmpty()) {
                continue;
            }
            if (parts.length > 2) {
                throw invalid(entry, "expected '<name>+<hash>+<key>' optionally followed by one URL");
            }
            VerifierKey key;
            try {
                key = VerifierKey.parse(parts[0]);
            } catch (IllegalArgumentException e) {
                throw invalid(entry, e.getMessage());
            }
            if (!names.add(key.name())) {
                throw invalid(entry, "database " + key.name() + " is configured twice");
            }
            SumdbFetcher fetcher;
            String source;
            if (parts.length == 2) {
                URI url = URI.create(parts[1]);
                if (url.getScheme() == null || !url.getScheme().matches("https?") || url.getHost() == null) {
                    throw invalid(entry, "the URL must be http(s)://host[:port][/path]");
                }
                fetcher = HttpSumdbFetcher.direct(client, url, timeout);
                source = url.toString();
            } else {
                HttpSumdbFetcher via = HttpSumdbFetcher.viaProxy(client, firstUpstream, key.name(), timeout);
                fetcher = via;
                source = via.base().toString();
            }
            databases.add(new ChecksumDatabase(new ChecksumDatabaseVerifier(key, fetcher, heads, tiles), fetcher,
                    source));
        }
        return new ChecksumDatabases(databases);
    }

    private static IllegalArgumentException invalid(String entry, String why) {
        return new IllegalArgumentException("modvault.sumdb.databases: invalid entry \"" + entry + "\": " + why);
    }
}
