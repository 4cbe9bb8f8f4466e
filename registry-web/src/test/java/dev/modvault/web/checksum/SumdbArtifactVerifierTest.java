package dev.modvault.web.checksum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modvault.core.audit.AuditAction;
import dev.modvault.core.audit.AuditEvent;
import dev.modvault.core.audit.AuditSink;
import dev.modvault.core.cache.ModuleLayout.Kind;
import dev.modvault.core.error.ChecksumMismatchException;
import dev.modvault.core.error.UpstreamException;
import dev.modvault.core.module.ModulePath;
import dev.modvault.core.module.Version;
import dev.modvault.core.policy.PolicyRule;
import dev.modvault.core.policy.PolicySnapshot;
import dev.modvault.core.policy.RuleKind;
import dev.modvault.core.sumdb.ChecksumDatabaseVerifier;
import dev.modvault.core.sumdb.HttpSumdbFetcher;
import dev.modvault.core.sumdb.InMemoryTileCache;
import dev.modvault.core.sumdb.InMemoryTreeHeadStore;
import dev.modvault.core.sumdb.VerifierKey;
import dev.modvault.core.verify.ChecksumDatabase;
import dev.modvault.core.verify.InMemoryChecksumRecords;
import dev.modvault.core.verify.SumdbArtifactVerifier;
import dev.modvault.testkit.FixtureModule;
import dev.modvault.testkit.TestChecksumDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SumdbArtifactVerifier against a real signed test database over loopback, without a server around it. */
class SumdbArtifactVerifierTest {

    static final FixtureModule GOOD = module("good.example/lib", "v1.0.0", "good");
    static final FixtureModule ALTERED = module("good.example/lib", "v1.0.0", "ALTERED");
    static final FixtureModule OTHER = module("other.example/lib", "v1.2.0", "other");
    static final FixtureModule UNKNOWN = module("unknown.example/lib", "v1.0.0", "unknown");
    static final FixtureModule SECRET = module("corp.example.com/secret", "v1.0.0", "secret");
    static final FixtureModule SECRET_ALTERED = module("corp.example.com/secret", "v1.0.0", "tampered");
    static final FixtureModule TOOLCHAIN = module("golang.org/toolchain", "v0.0.1-go1.21.0.linux-amd64", "tool");
    static final FixtureModule X_TOOLS = module("golang.org/x/tools", "v0.1.0", "tools");

    static TestChecksumDatabase db;
    static final HttpClient CLIENT = HttpClient.newHttpClient();

    @TempDir
    Path dir;
    final List<AuditEvent> events = new CopyOnWriteArrayList<>();
    final AuditSink audit = events::add;
    final InMemoryChecksumRecords records = new InMemoryChecksumRecords();

    static FixtureModule module(String path, String version, String says) {
        return FixtureModule.builder(path, version)
                .file("lib.go", "package lib\n\nfunc Says() string { return \"" + says + "\" }\n").build();
    }

    @BeforeAll
    static void startDatabase() throws Exception {
        db = TestChecksumDatabase.start(List.of(GOOD, OTHER, TOOLCHAIN, X_TOOLS));
    }

    @AfterAll
    static void stopDatabase() {
        db.close();
    }

    @BeforeEach
    void clearLog() {
        db.clearRequestLog();
    }

    static ChecksumDatabase database(URI url) {
        HttpSumdbFetcher fetcher = HttpSumdbFetcher.direct(CLIENT, url, Duration.ofSeconds(5));
        return new ChecksumDatabase(new ChecksumDatabaseVerifier(VerifierKey.parse(db.verifierKey()), fetcher,
                new InMemoryTreeHeadStore(), new InMemoryTileCache(100)), fetcher, url.toString());
    }

    static PolicySnapshot rules(RuleKind kind, String pattern) {
        Instant now = Instant.now();
        return new PolicySnapshot(List.of(new PolicyRule(7, kind, pattern, null, "test", "test", now, now, 1)), false);
    }

    SumdbArtifactVerifier verifier(ChecksumDatabase database, boolean verify, PolicySnapshot policy) {
        return new SumdbArtifactVerifier(List.of(database), verify, () -> policy, records, audit, Clock.systemUTC());
    }

    Map<String, String> verify(SumdbArtifactVerifier verifier, FixtureModule m, Kind kind) throws Exception {
        Path file = dir.resolve(kind.name());
        if (kind == Kind.ZIP) {
            m.writeZip(file);
        } else {
            Files.write(file, m.modBytes());
        }
        return verifier.verify(ModulePath.of(m.path()), Version.of(m.version()), kind, file);
    }

    @Test
    void aModuleMatchingTheDatabaseIsAcceptedWithItsH1AndOneLookupServesModAndZip() throws Exception {
        SumdbArtifactVerifier verifier = verifier(database(db.uri()), true, PolicySnapshot.EMPTY);

        assertThat(verify(verifier, GOOD, Kind.MOD)).containsEntry("h1", GOOD.modHash());
        assertThat(verify(verifier, GOOD, Kind.ZIP)).containsEntry("h1", GOOD.zipHash());
        assertThat(db.requests("/lookup/good.example/lib@v1.0.0")).isEqualTo(1);
        assertThat(verifier.mismatches()).isZero();
        assertThat(events).isEmpty();
    }

    @Test
    void aZipTheDatabaseDoesNotVouchForIsAChecksumMismatchNamingBothHashesAndIsAudited() throws Exception {
        SumdbArtifactVerifier verifier = verifier(database(db.uri()), true, PolicySnapshot.EMPTY);

        assertThatThrownBy(() -> verify(verifier, ALTERED, Kind.ZIP))
                .isInstanceOf(ChecksumMismatchException.class)
                .hasMessageContaining("checksum mismatch").hasMessageContaining("good.example/lib@v1.0.0")
                .hasMessageContaining(ALTERED.zipHash()).hasMessageContaining(GOOD.zipHash())
                .hasMessageContaining(db.name());
        assertThat(verifier.mismatches()).isEqualTo(1);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo(AuditAction.SECURITY);
            assertThat(e.module()).isEqualTo("good.example/lib");
            assertThat(e.details()).contains("checksum-mismatch").contains(GOOD.zipHash());
        });
    }

    @Test
    void aVersionTheDatabaseDoesNotKnowOrADatabaseThatCannotBeReachedIsRefused() throws Exception {
        SumdbArtifactVerifier verifier = verifier(database(db.uri()), true, PolicySnapshot.EMPTY);
        assertThatThrownBy(() -> verify(verifier, UNKNOWN, Kind.MOD)).isInstanceOf(UpstreamException.class)
                .hasMessageContaining("has no record").hasMessageContaining("not cached");

        SumdbArtifactVerifier unreachable = verifier(database(URI.create("http://127.0.0.1:9")), true,
                PolicySnapshot.EMPTY);
        assertThatThrownBy(() -> verify(unreachable, GOOD, Kind.MOD)).isInstanceOf(UpstreamException.class)
                .hasMessageContaining("cannot be reached").hasMessageContaining("not cached");
        assertThat(unreachable.databaseFailures()).isEqualTo(1);
    }

    @Test
    void aForkedDatabaseIsASecurityAlertAndVouchesForNothing() throws Exception {
        SumdbArtifactVerifier verifier = verifier(database(db.uri()), true, PolicySnapshot.EMPTY);
        verify(verifier, GOOD, Kind.MOD); // the real tree is now the stored one
        db.serveFork(true);
        try {
            assertThatThrownBy(() -> verify(verifier, OTHER, Kind.MOD)).isInstanceOf(UpstreamException.class)
                    .hasMessageContaining("SECURITY ERROR").hasMessageContaining("forked");
        } finally {
            db.serveFork(false);
        }
        assertThat(verifier.forks()).isEqualTo(1);
        assertThat(events).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo(AuditAction.SECURITY);
            assertThat(e.details()).contains("sumdb-fork");
        });
    }

    @Test
    void privateModulesNeverReachTheDatabaseAndAreTrustedOnFirstUseOnly() throws Exception {
        SumdbArtifactVerifier verifier = verifier(database(db.uri()), true, rules(RuleKind.PRIVATE, "corp.example.com"));

        assertThat(verify(verifier, SECRET, Kind.ZIP)).containsEntry("h1", SECRET.zipHash());
        assertThat(verify(verifier, SECRET, Kind.ZIP)).as("same content again").containsEntry("h1", SECRET.zipHash());
        assertThatThrownBy(() -> verify(verifier, SECRET_ALTERED, Kind.ZIP))
                .isInstanceOf(ChecksumMismatchException.class).hasMessageContaining("checksum mismatch")
                .hasMessageContaining("first fetch").hasMessageContaining(SECRET.zipHash())
                .hasMessageContaining(SECRET_ALTERED.zipHash());
        assertThat(db.requestLog()).isEmpty();
        assertThat(events).anySatisfy(e -> assertThat(e.action()).isEqualTo(AuditAction.SECURITY));
    }

    @Test
    void theToolchainModuleIsCheckedEvenWhenANoSumDbRuleCoversIt() throws Exception {
        SumdbArtifactVerifier verifier = verifier(database(db.uri()), true, rules(RuleKind.NOSUMDB, "golang.org"));

        verify(verifier, X_TOOLS, Kind.MOD);
        assertThat(db.requestLog()).as("golang.org/x/tools is NOSUMDB").isEmpty();
        verify(verifier, TOOLCHAIN, Kind.MOD);
        assertThat(db.requests("/lookup/golang.org/toolchain@v0.0.1-go1.21.0.linux-amd64")).isEqualTo(1);
    }

    @Test
    void withVerifyOffNoDatabaseIsAskedButH1IsStillComputed() throws Exception {
        SumdbArtifactVerifier verifier = verifier(database(db.uri()), false, PolicySnapshot.EMPTY);

        assertThat(verify(verifier, ALTERED, Kind.ZIP)).containsEntry("h1", ALTERED.zipHash());
        assertThat(db.requestLog()).isEmpty();
    }
}
