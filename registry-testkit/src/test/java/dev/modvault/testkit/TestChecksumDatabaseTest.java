package dev.modvault.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modvault.core.sumdb.NoteVerifiers;
import dev.modvault.core.sumdb.SignedNotes;
import dev.modvault.core.sumdb.SignedTreeHead;
import dev.modvault.core.sumdb.VerifierKey;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The bookkeeping of {@link TestChecksumDatabase}: keys, records, faults, request log. */
class TestChecksumDatabaseTest {

    private static final Fixtures FIXTURES = Fixtures.standard();

    @Test
    void generatesAKeyAndSignsItsTreeHead() throws Exception {
        try (TestChecksumDatabase db = TestChecksumDatabase.start(FIXTURES)) {
            VerifierKey key = VerifierKey.parse(db.verifierKey());
            assertThat(key.name()).isEqualTo(TestChecksumDatabase.DEFAULT_NAME).isEqualTo(db.name());
            assertThat(db.gosumdb()).isEqualTo(db.verifierKey() + " " + db.uri());
            SignedTreeHead head = db.treeHead();
            assertThat(head.size()).isEqualTo(FIXTURES.all().size()).isEqualTo(db.size());
            assertThat(SignedNotes.open(head.noteBytes(), NoteVerifiers.of(key)).text())
                    .isEqualTo(head.tree().format());
            assertThat(db.proxyPrefixUri()).hasToString(db.uri() + "/sumdb/sum.test.example");
        }
        try (TestChecksumDatabase other = TestChecksumDatabase.start("sum.other.example/db")) {
            assertThat(VerifierKey.parse(other.verifierKey()).name()).isEqualTo("sum.other.example/db");
            assertThat(other.size()).isZero();
            assertThat(other.treeHead().size()).isZero();
        }
    }

    @Test
    void keepsRecordsInOrderAndRefusesDuplicates() throws Exception {
        try (TestChecksumDatabase db = TestChecksumDatabase.start()) {
            FixtureModule a = FIXTURES.all().get(0);
            FixtureModule b = FIXTURES.all().get(1);
            assertThat(db.add(a)).isZero();
            assertThat(db.add(b)).isEqualTo(1);
            assertThat(db.recordId(b.path(), b.version())).contains(1L);
            assertThat(db.recordId("example.com/none", "v1.0.0")).isEmpty();
            assertThatThrownBy(() -> db.add(a)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("already in the log");
            assertThatThrownBy(() -> db.add("example.com/x", "v1.0.0", "h1:a\n", "h1:b"))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> db.setRecordOverride("example.com/none", "v1.0.0", "h1:a=", "h1:b="))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not in the log");
        }
    }

    @Test
    void overridesAndForksChangeTheServedTreeButNotItsSize() throws Exception {
        try (TestChecksumDatabase db = TestChecksumDatabase.start(FIXTURES)) {
            FixtureModule m = FIXTURES.all().get(2);
            SignedTreeHead real = db.treeHead();

            db.setRecordOverride(m.path(), m.version(), "h1:" + "A".repeat(43) + "=", m.modHash());
            SignedTreeHead overridden = db.treeHead();
            assertThat(overridden.size()).isEqualTo(real.size());
            assertThat(overridden.hash()).isNotEqualTo(real.hash());
            db.clearRecordOverride(m.path(), m.version());
            assertThat(db.treeHead()).isEqualTo(real);

            db.serveFork(true);
            assertThat(db.isServingFork()).isTrue();
            String latest = get(db.uri() + "/latest").body();
            assertThat(latest).startsWith("go.sum database tree\n" + real.size() + "\n").isNotEqualTo(real.note());
            assertThat(db.treeHead()).as("treeHead() is the real one").isEqualTo(real);
            db.serveFork(false);
            assertThat(get(db.uri() + "/latest").body()).isEqualTo(real.note());
        }
    }

    @Test
    void logsRequestsAndServesHeadAndNothingElse() throws Exception {
        try (TestChecksumDatabase db = TestChecksumDatabase.start(FIXTURES);
                HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<Void> head = http.send(HttpRequest.newBuilder(URI.create(db.uri() + "/latest"))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.headers().firstValueAsLong("Content-Length"))
                    .hasValue(db.treeHead().noteBytes().length);
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(db.uri() + "/latest"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(get(db.uri() + "/other").statusCode()).isEqualTo(404);
            assertThat(get(db.uri() + "/lookup/mod.example/%21upper/%21case@v1.0.0").statusCode()).isEqualTo(200);
            assertThat(get(db.uri() + "/lookup/mod.example/Upper/Case@v1.0.0").statusCode()).isEqualTo(400);
            assertThat(db.requestLog()).containsExactly("/latest", "/latest", "/other",
                    "/lookup/mod.example/!upper/!case@v1.0.0", "/lookup/mod.example/Upper/Case@v1.0.0");
            assertThat(db.requests("/latest")).isEqualTo(2);
            db.clearRequestLog();
            assertThat(db.requestLog()).isEmpty();
        }
    }

    @Test
    void unescapesLikeModuleUnescapePath() {
        assertThat(TestChecksumDatabase.unescape("mod.example/!upper/!case")).isEqualTo("mod.example/Upper/Case");
        assertThat(TestChecksumDatabase.unescape("a/B")).isNull();
        assertThat(TestChecksumDatabase.unescape("a/!")).isNull();
        assertThat(TestChecksumDatabase.unescape("a/!1")).isNull();
    }

    private static HttpResponse<String> get(String uri) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }
    }
}
