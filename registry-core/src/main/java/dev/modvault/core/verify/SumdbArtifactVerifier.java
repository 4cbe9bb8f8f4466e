package dev.modvault.core.verify;

import dev.modvault.core.audit.AuditSink;
import dev.modvault.core.cache.ArtifactVerifier;
import dev.modvault.core.cache.CachingGoProxy;
import dev.modvault.core.cache.ModuleLayout.Kind;
import dev.modvault.core.checksum.DirHash;
import dev.modvault.core.error.ChecksumMismatchException;
import dev.modvault.core.error.StorageFailureException;
import dev.modvault.core.error.UpstreamException;
import dev.modvault.core.module.ModulePath;
import dev.modvault.core.module.Version;
import dev.modvault.core.policy.PolicySnapshot;
import dev.modvault.core.sumdb.SumdbException;
import dev.modvault.core.sumdb.SumdbNotFoundException;
import dev.modvault.core.sumdb.TreeForkException;
import dev.modvault.core.sumdb.VerifiedSums;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.zip.ZipException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nothing unverified is cached: computes the go command's {@code h1:} hash of a fetched {@code .mod} or {@code .zip}
 * and, before it is committed to the store,
 * <ul>
 *   <li>for public modules, looks {@code module@version} up in every configured checksum database (signature,
 *       inclusion proof and tree-head consistency checked by {@link dev.modvault.core.sumdb.ChecksumDatabaseVerifier})
 *       and requires the database's hash: a different hash is a {@link ChecksumMismatchException}; a database that
 *       cannot be reached, does not know the version, or fails its own verification refuses the artifact
 *       ({@link UpstreamException}, 502); a fork is also a SECURITY audit event and an alert in the log;</li>
 *   <li>for PRIVATE and NOSUMDB modules, never contacts a database: the first fetch's hash is recorded durably
 *       ({@link ChecksumRecords}, trust on first use) and a later fetch with another hash is refused.</li>
 * </ul>
 * {@code golang.org/toolchain} is always checked against the databases, whatever the rules say (as the go command
 * ignores GONOSUMDB for it). With {@code verify} off no database is asked (public modules are only hashed), but trust
 * on first use still holds for PRIVATE and NOSUMDB modules. Verified database answers are remembered in memory (one
 * lookup serves both the {@code .mod} and the {@code .zip}). Thread-safe.
 */
public final class SumdbArtifactVerifier implements ArtifactVerifier {

    private static final Logger log = LoggerFactory.getLogger(SumdbArtifactVerifier.class);
    /** The go command always verifies the toolchain module against the checksum database (no GONOSUMDB). */
    static final String TOOLCHAIN = "golang.org/toolchain";
    private static final int MEMO_ENTRIES = 10_000;

    private final List<ChecksumDatabase> databases;
    private final boolean verify;
    private final Supplier<PolicySnapshot> policy;
    private final ChecksumRecords records;
    private final SecurityAudit audit;
    private final AtomicLong verifications = new AtomicLong();
    private final AtomicLong mismatches = new AtomicLong();
    private final AtomicLong forks = new AtomicLong();
    private final AtomicLong databaseFailures = new AtomicLong();
    private final Map<String, VerifiedSums> memo = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, VerifiedSums> eldest) {
            return size() > MEMO_ENTRIES;
        }
    };

    /**
     * @param databases the checksum databases every public module must be found in (usually one)
     * @param verify    whether to ask them at all
     * @param policy    the current policy rules (PRIVATE / NOSUMDB)
     * @param records   first-fetch hashes of PRIVATE and NOSUMDB modules
     */
    public SumdbArtifactVerifier(List<ChecksumDatabase> databases, boolean verify, Supplier<PolicySnapshot> policy,
                                 ChecksumRecords records, AuditSink audit, Clock clock) {
        this.databases = List.copyOf(databases);
        this.verify = verify;
        this.policy = policy;
        this.records = records;
        this.audit = new SecurityAudit(audit, clock);
    }

    /** Fetched .mod and .zip files hashed and checked (against a database or their first fetch). */
    public long verifications() {
        return verifications.get();
    }

    /** Artifacts refused because their hash differed from the database's or the first fetch's. */
    public long mismatches() {
        return mismatches.get();
    }

    /** Lookups refused because a database's tree head was inconsistent with the stored one (security alerts). */
    public long forks() {
        return forks.get();
    }

    /** Artifacts refused because a database could not be reached or its answer did not verify. */
    public long databaseFailures() {
        return databaseFailures.get();
    }

    @Override
    public Map<String, String> verify(ModulePath module, Version version, Kind kind, Path file) {
        if (kind == Kind.INFO) {
            return Map.of();
        }
        String artifact = kind == Kind.ZIP ? "zip" : "mod";
        verifications.incrementAndGet();
        String h1 = h1(module, version, kind, file);
        boolean toolchain = module.value().equals(TOOLCHAIN);
        if (!toolchain && policy.get().isNoSumDb(module.value())) {
            checkFirstUse(module, version, artifact, h1);
        } else if (verify) {
            for (ChecksumDatabase database : databases) {
                checkDatabase(database, module, version, kind, artifact, h1);
            }
        }
        return Map.of(CachingGoProxy.H1, h1);
    }

    private static String h1(ModulePath module, Version version, Kind kind, Path file) {
        try {
            if (kind == Kind.ZIP) {
                return DirHash.hashZip(file);
            }
            try (InputStream in = Files.newInputStream(file)) {
                return DirHash.hashGoMod(in);
            }
        } catch (ZipException e) {
            throw new UpstreamException("upstream served an unreadable zip for " + module + "@" + version + " ("
                    + e.getMessage().replace(file.toString(), "<spool>") + "); not cached");
        } catch (IOException e) {
            throw new StorageFailureException("cannot hash the spooled " + module + "@" + version + " "
                    + kind.name().toLowerCase() + ", try again later", e);
        }
    }

    // ---- trust on first use ----

    private void checkFirstUse(ModulePath module, Version version, String artifact, String h1) {
        String recorded;
        try {
            recorded = records.recordIfAbsent(module.value(), version.value(), artifact, h1);
        } catch (RuntimeException e) {
            log.warn("cannot record the checksum of {}@{} {}: {}", module, version, artifact, e.toString());
            throw new StorageFailureException("cannot record the checksum of " + module + "@" + version
                    + " (the database is unavailable); not cached, try again later", e);
        }
        if (!recorded.equals(h1)) {
            mismatch(module, version, artifact, h1, recorded, "first fetch",
                    "trust on first use: the content of a version must never change");
        }
    }

    // ---- checksum databases ----

    private void checkDatabase(ChecksumDatabase database, ModulePath module, Version version, Kind kind,
                               String artifact, String h1) {
        VerifiedSums sums = lookup(database, module, version);
        Optional<String> expected = kind == Kind.ZIP ? sums.zipHash() : sums.goModHash();
        if (expected.isEmpty()) {
            databaseFailures.incrementAndGet();
            throw new UpstreamException("cannot verify " + module + "@" + version + ": checksum database "
                    + database.name() + " holds no h1 hash of its " + artifact + "; not cached");
        }
        if (!expected.get().equals(h1)) {
            mismatch(module, version, artifact, h1, expected.get(), database.name(),
                    "the upstream served content the checksum database does not vouch for");
        }
    }

    private VerifiedSums lookup(ChecksumDatabase database, ModulePath module, Version version) {
        String memoKey = database.name() + " " + module.value() + "@" + version.value();
        synchronized (memo) {
            VerifiedSums known = memo.get(memoKey);
            if (known != null) {
                return known;
            }
        }
        String what = module + "@" + version;
        try {
            VerifiedSums sums = database.verifier().lookup(module.value(), version.value());
            synchronized (memo) {
                memo.put(memoKey, sums);
            }
            return sums;
        } catch (SumdbNotFoundException e) {
            databaseFailures.incrementAndGet();
            throw new UpstreamException("cannot verify " + what + ": checksum database " + database.name()
                    + " has no record of it (" + e.getMessage() + "); not cached. A private module needs a PRIVATE"
                    + " or NOSUMDB rule");
        } catch (TreeForkException e) {
            forks.incrementAndGet();
            databaseFailures.incrementAndGet();
            log.error("SECURITY ALERT while verifying {}: {}", what, e.getMessage());
            audit.record(module.value(), version.value(), null, "sumdb-fork", Map.of(
                    "database", database.name(), "message", e.getMessage()));
            throw new UpstreamException("SECURITY ERROR: checksum database " + database.name()
                    + " has forked (its tree head is inconsistent with the one Modvault verified before); nothing"
                    + " it vouches for is cached until an operator investigates. While verifying " + what, false, e);
        } catch (SumdbException e) {
            databaseFailures.incrementAndGet();
            log.warn("checksum database {} failed verification while verifying {}: {}", database.name(), what,
                    e.getMessage());
            throw new UpstreamException("cannot verify " + what + ": the answer of checksum database "
                    + database.name() + " does not verify (" + e.getMessage() + "); not cached", false, e);
        } catch (IOException e) {
            databaseFailures.incrementAndGet();
            throw new UpstreamException("cannot verify " + what + ": checksum database " + database.name() + " ("
                    + database.source() + ") cannot be reached (" + e.getMessage() + "); not cached, try again later",
                    false, e);
        }
    }

    private void mismatch(ModulePath module, Version version, String artifact, String downloaded, String expected,
                          String source, String why) {
        mismatches.incrementAndGet();
        log.error("SECURITY: checksum mismatch for {}@{} {}: downloaded {}, {} has {}", module, version, artifact,
                downloaded, source, expected);
        audit.record(module.value(), version.value(), artifact, "checksum-mismatch", orderedMap(
                "downloaded", downloaded, "expected", expected, "source", source));
        throw new ChecksumMismatchException(module + "@" + version + ": checksum mismatch (" + artifact
                + "): downloaded " + downloaded + ", " + source + " has " + expected + "; refused and not cached ("
                + why + ")");
    }

    static Map<String, String> orderedMap(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
