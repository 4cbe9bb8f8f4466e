package dev.modvault.core.verify;

import dev.modvault.core.audit.AuditSink;
import dev.modvault.core.cache.CachingGoProxy;
import dev.modvault.core.cache.ModuleLayout;
import dev.modvault.core.catalog.Catalog;
import dev.modvault.core.catalog.CatalogEntry;
import dev.modvault.core.checksum.DirHash;
import dev.modvault.core.module.ModulePath;
import dev.modvault.core.module.Version;
import dev.modvault.storage.ArtifactStore;
import dev.modvault.storage.StorageKey;
import dev.modvault.storage.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scrub: re-verifies every cached artifact the catalog lists against what was recorded when it was stored: the
 * SHA-256 of {@code .info}, {@code .mod} and {@code .zip}, and the {@code h1:} hash of {@code .mod} and {@code .zip}
 * (the one the checksum database or the first fetch vouched for), each against the store's metadata and against the
 * catalog in PostgreSQL, which an attacker who can write the store cannot rewrite along with it. Damaged and missing
 * artifacts are reported by key, audited as SECURITY events, and forgotten by the per-serve check so that their next
 * request fails before serving. Bit rot, which changes no file metadata, is found here.
 *
 * <p>One scrub at a time per replica, in the background ({@link #start}); {@link #report} shows its progress and, once
 * done, its outcome. Reads the store directly (not through {@link VerifyingArtifactStore}), one artifact at a time.
 */
public final class Scrubber {

    private static final Logger log = LoggerFactory.getLogger(Scrubber.class);
    private static final int PAGE = 500;
    /** At most this many problems are listed; the counts go on. */
    static final int MAX_LISTED = 1000;

    /** Where a scrub is. */
    public enum State { IDLE, RUNNING, FINISHED, FAILED }

    /** One damaged or missing artifact. */
    public record Problem(String key, String problem) {
    }

    /**
     * @param state      where the scrub is
     * @param startedAt  when the current or last scrub started (null before the first)
     * @param finishedAt when it ended (null while running)
     * @param checked    artifacts checked so far
     * @param damaged    artifacts whose bytes no longer match a recorded hash, or cannot be read
     * @param missing    artifacts the catalog lists but the store does not hold
     * @param problems   the damaged and missing keys (at most {@value #MAX_LISTED})
     * @param error      why a FAILED scrub stopped
     */
    public record Report(State state, Instant startedAt, Instant finishedAt, long checked, long damaged, long missing,
                         List<Problem> problems, String error) {
    }

    private final Catalog catalog;
    private final ArtifactStore store;
    private final VerifyingArtifactStore serving;
    private final SecurityAudit audit;
    private final Clock clock;
    private final Path tempDir;

    private final Object lock = new Object();
    // guarded by lock
    private State state = State.IDLE;
    private Instant startedAt;
    private Instant finishedAt;
    private long checked;
    private long damaged;
    private long missing;
    private List<Problem> problems = new ArrayList<>();
    private String error;

    /**
     * @param store   the store to read (the raw one, not the per-serve decorator)
     * @param serving the per-serve decorator whose memory of verified keys is cleared for damaged ones, or null
     * @param tempDir where zips are copied to compute their h1
     */
    public Scrubber(Catalog catalog, ArtifactStore store, VerifyingArtifactStore serving, AuditSink audit, Clock clock,
                    Path tempDir) {
        this.catalog = catalog;
        this.store = store;
        this.serving = serving;
        this.audit = new SecurityAudit(audit, clock);
        this.clock = clock;
        this.tempDir = tempDir;
    }

    /** Starts a scrub in the background. @return false if one is running already */
    public boolean start() {
        synchronized (lock) {
            if (state == State.RUNNING) {
                return false;
            }
            begin();
        }
        Thread.ofVirtual().name("scrub").start(this::walk);
        return true;
    }

    /** Runs a scrub in the calling thread (tools, benchmarks). @return its report */
    public Report runNow() {
        synchronized (lock) {
            if (state == State.RUNNING) {
                throw new IllegalStateException("a scrub is running");
            }
            begin();
        }
        walk();
        return report();
    }

    public Report report() {
        synchronized (lock) {
            return new Report(state, startedAt, finishedAt, checked, damaged, missing, List.copyOf(problems), error);
        }
    }

    private void begin() {
        state = State.RUNNING;
        startedAt = clock.instant();
        finishedAt = null;
        checked = 0;
        damaged = 0;
        missing = 0;
        problems = new ArrayList<>();
        error = null;
    }

    private void walk() {
        try {
            String after = null;
            while (true) {
                List<String> modules = catalog.searchModules("", after, PAGE);
                for (String module : modules) {
                    for (CatalogEntry entry : catalog.entries(module)) {
                        check(entry);
                    }
                }
                if (modules.size() < PAGE) {
                    break;
                }
                after = modules.getLast();
            }
            end(State.FINISHED, null);
        } catch (RuntimeException e) {
            log.warn("scrub failed", e);
            end(State.FAILED, e.toString());
        }
    }

    private void end(State outcome, String failure) {
        synchronized (lock) {
            state = outcome;
            error = failure;
            finishedAt = clock.instant();
            log.info("scrub {}: {} checked, {} damaged, {} missing", outcome.name().toLowerCase(Locale.ROOT), checked,
                    damaged, missing);
        }
    }

    private void check(CatalogEntry entry) {
        ModuleLayout.Kind kind;
        StorageKey key;
        try {
            kind = ModuleLayout.Kind.valueOf(entry.artifact().toUpperCase(Locale.ROOT));
            key = ModuleLayout.artifact(ModulePath.of(entry.module()), Version.of(entry.version()), kind);
        } catch (RuntimeException e) {
            log.debug("scrub skips catalog entry {}: {}", entry, e.toString());
            return;
        }
        Optional<StoredObject> object = store.get(key);
        if (object.isEmpty()) {
            found(entry, key, true, "missing from storage although the catalog lists it");
            return;
        }
        String problem;
        try {
            problem = verify(entry, kind, object.get());
        } catch (IOException e) {
            problem = "cannot be read: " + e.getMessage();
        }
        if (problem != null) {
            found(entry, key, false, problem);
        } else {
            synchronized (lock) {
                checked++;
            }
        }
    }

    /** @return what is wrong, or null */
    private String verify(CatalogEntry entry, ModuleLayout.Kind kind, StoredObject object) throws IOException {
        Hashes actual = hash(kind, object);
        String stored = object.metadata().sha256();
        if (!actual.sha256.equals(stored)) {
            return "content has SHA-256 " + actual.sha256 + ", stored as " + stored;
        }
        if (entry.sha256() != null && !actual.sha256.equals(entry.sha256())) {
            return "content has SHA-256 " + actual.sha256 + ", the catalog recorded " + entry.sha256();
        }
        if (actual.h1 != null) {
            String storedH1 = object.metadata().attribute(CachingGoProxy.H1);
            if (storedH1 != null && !actual.h1.equals(storedH1)) {
                return "content has " + actual.h1 + ", stored as " + storedH1;
            }
            if (entry.h1() != null && !actual.h1.equals(entry.h1())) {
                return "content has " + actual.h1 + ", the catalog recorded " + entry.h1();
            }
        }
        return null;
    }

    private record Hashes(String sha256, String h1) {
    }

    private Hashes hash(ModuleLayout.Kind kind, StoredObject object) throws IOException {
        MessageDigest digest = sha256();
        Optional<Path> local = object.localFile();
        try (InputStream raw = local.isPresent() ? Files.newInputStream(local.get()) : object.open();
             DigestInputStream in = new DigestInputStream(raw, digest)) {
            switch (kind) {
                case INFO -> {
                    in.transferTo(OutputStream.nullOutputStream());
                    return new Hashes(hex(digest), null);
                }
                case MOD -> {
                    String h1 = DirHash.hashGoMod(in);
                    return new Hashes(hex(digest), h1);
                }
                default -> {
                    Files.createDirectories(tempDir);
                    Path copy = Files.createTempFile(tempDir, "scrub-", ".zip");
                    try {
                        try (OutputStream out = Files.newOutputStream(copy)) {
                            in.transferTo(out);
                        }
                        String sha = hex(digest);
                        String h1;
                        try {
                            h1 = DirHash.hashZip(copy);
                        } catch (IOException e) {
                            h1 = "(not a readable zip)";
                        }
                        return new Hashes(sha, h1);
                    } finally {
                        Files.deleteIfExists(copy);
                    }
                }
            }
        }
    }

    private void found(CatalogEntry entry, StorageKey key, boolean isMissing, String problem) {
        synchronized (lock) {
            if (isMissing) {
                missing++;
            } else {
                damaged++;
                checked++;
            }
            if (problems.size() < MAX_LISTED) {
                problems.add(new Problem(key.value(), problem));
            }
        }
        if (serving != null) {
            serving.forget(key);
        }
        log.error("SECURITY: scrub found {}: {}", key, problem);
        audit.record(entry.module(), entry.version(), entry.artifact(),
                isMissing ? "stored-artifact-missing" : "stored-artifact-damaged",
                Map.of("key", key.value(), "problem", problem));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }
}
