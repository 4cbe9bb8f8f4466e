package dev.modvault.core.sumdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.modvault.core.error.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The verifying client. Scenarios and vectors ported from golang.org/x/mod 0.7.0 sumdb/client_test.go:
 * TestClientLookup (lookups, several hash lines, !-escaping, the tree head moving 1 → 3 → 4), TestClientBadTiles
 * (corrupted tiles before and after the first lookup, a bad stored tree hash) and TestClientFork (the security report
 * with the exact signature and proof prefixes of x/mod's test key). Differences from x/mod, by design: records are not
 * cached here (the caller stores what it verified), only full tiles are, and a stored head whose hash is contradicted
 * by a newer signed tree is reported as the fork it proves rather than as a tile error.
 */
class ChecksumDatabaseVerifierTest {

    private final InMemoryTreeHeadStore store = new InMemoryTreeHeadStore();

    private ChecksumDatabaseVerifier verifier(FakeDatabase db, TileCache cache) {
        return new ChecksumDatabaseVerifier(VerifierKey.parse(FakeDatabase.VERIFIER_KEY), db.fetcher(), store, cache,
                db.tileHeight);
    }

    private long storedSize() {
        return store.load(FakeDatabase.NAME).orElseThrow().size();
    }

    // ---- TestClientLookup ----

    @Test
    void looksUpAndVerifiesRecordsWhileTheTreeGrows() throws Exception {
        FakeDatabase db = FakeDatabase.xmodTestClient();
        store.put(FakeDatabase.NAME, db.signedHead(1));
        ChecksumDatabaseVerifier v = verifier(db, TileCache.none());

        VerifiedSums sampler = v.lookup("rsc.io/sampler", "v1.3.0");
        assertThat(sampler.zipLines()).containsExactly("rsc.io/sampler v1.3.0 h1:7uVkIFmeBqHfdjD+gZwtXXI+RODJ2Wc4O7MPEh/QiW4=");
        assertThat(sampler.goModLines())
                .containsExactly("rsc.io/sampler v1.3.0/go.mod h1:T1hPZKmBbMNahiBKFy5HrXp6adAjACjK9JXDnKaTXpA=");
        assertThat(sampler.zipHash()).contains("h1:7uVkIFmeBqHfdjD+gZwtXXI+RODJ2Wc4O7MPEh/QiW4=");
        assertThat(sampler.goModHash()).contains("h1:T1hPZKmBbMNahiBKFy5HrXp6adAjACjK9JXDnKaTXpA=");
        assertThat(sampler.recordId()).isEqualTo(2);
        assertThat(storedSize()).isEqualTo(3);

        // Several lines for one version.
        VerifiedSums quote = v.lookup("rsc.io/quote", "v1.5.2");
        assertThat(quote.zipLines()).containsExactly(
                "rsc.io/quote v1.5.2 h1:w5fcysjrx7yqtD/aO+QwRjYZOKnaM9Uh2b40tElTs3Y=", "rsc.io/quote v1.5.2 h2:xyzzy");
        assertThat(quote.lines()).hasSize(3);
        assertThat(storedSize()).isEqualTo(3);

        // !-escaping; the only record written after the sampler, so the tree moves to 4.
        VerifiedSums upper = v.lookup("rsc.io/Quote", "v1.5.2");
        assertThat(upper.zipLines()).containsExactly("rsc.io/Quote v1.5.2 h1:uppercase!=");
        assertThat(upper.goModLines()).isEmpty();
        assertThat(upper.goModHash()).isEmpty();
        assertThat(db.fetched).contains("/lookup/rsc.io/!quote@v1.5.2");
        assertThat(storedSize()).isEqualTo(4);
        assertThat(upper.tree().size()).isEqualTo(4);
    }

    @Test
    void startsFromAnEmptyStore() throws Exception {
        FakeDatabase db = FakeDatabase.xmodTestClient();
        VerifiedSums s = verifier(db, TileCache.none()).lookup("rsc.io/sampler", "v1.3.0");
        assertThat(s.tree().size()).isEqualTo(3);
        assertThat(store.load(FakeDatabase.NAME)).contains(db.signedHead(3));
    }

    // ---- TestClientBadTiles ----

    @Test
    void refusesCorruptedTiles() throws Exception {
        FakeDatabase db = FakeDatabase.xmodTestClient();
        store.put(FakeDatabase.NAME, db.signedHead(1));

        // Bad tiles in the first download.
        db.flipTileBits();
        assertThatThrownBy(() -> verifier(db, TileCache.none()).lookup("rsc.io/sampler", "v1.3.0"))
                .isInstanceOf(TileVerificationException.class).hasMessageContaining("downloaded inconsistent tile");
        assertThat(storedSize()).as("nothing stored from a failed check").isEqualTo(1);
        db.flipTileBits();
        assertThat(verifier(db, TileCache.none()).lookup("rsc.io/sampler", "v1.3.0").zipHash())
                .contains("h1:7uVkIFmeBqHfdjD+gZwtXXI+RODJ2Wc4O7MPEh/QiW4=");

        // Bad tiles after that.
        db.flipTileBits();
        assertThatThrownBy(() -> verifier(db, TileCache.none()).lookup("rsc.io/Quote", "v1.5.2"))
                .isInstanceOf(TileVerificationException.class).hasMessageContaining("downloaded inconsistent tile");
        db.flipTileBits();
        assertThat(verifier(db, TileCache.none()).lookup("rsc.io/Quote", "v1.5.2").zipLines())
                .containsExactly("rsc.io/Quote v1.5.2 h1:uppercase!=");
    }

    @Test
    void aStoredHeadContradictedByTheDatabaseIsAFork() throws Exception {
        // x/mod's "bad starting tree hash": a validly signed tree 1 with a zero hash. x/mod reports the tiles of that
        // tree as inconsistent; the newer signed tree 3 contradicts it, so here it is the fork it proves.
        FakeDatabase db = FakeDatabase.xmodTestClient();
        store.put(FakeDatabase.NAME, SignedTreeHead.sign(new TreeHead(1, Hash.ZERO), db.signer));
        TreeForkException e = catchThrowableOfType(TreeForkException.class,
                () -> verifier(db, TileCache.none()).lookup("rsc.io/sampler", "v1.3.0"));
        assertThat(e.older().tree()).isEqualTo(new TreeHead(1, Hash.ZERO));
        assertThat(e.newer().size()).isEqualTo(3);
        assertThat(e.olderHashInNewer()).isEqualTo(db.signedHead(1).hash());
        assertThat(storedSize()).isEqualTo(1);
    }

    // ---- TestClientFork ----

    @Test
    void detectsAForkAndReportsItLikeTheGoCommand() throws Exception {
        FakeDatabase tc = FakeDatabase.xmodTestClient();
        FakeDatabase tc2 = tc.fork();
        InMemoryTreeHeadStore store2 = new InMemoryTreeHeadStore();
        store.put(FakeDatabase.NAME, tc.signedHead(1));
        store2.put(FakeDatabase.NAME, tc.signedHead(1));
        VerifierKey key = VerifierKey.parse(FakeDatabase.VERIFIER_KEY);

        tc.addRecord("rsc.io/pkg1@v1.5.2", "rsc.io/pkg1 v1.5.2 h1:hash!=\n");
        tc.addRecord("rsc.io/pkg1@v1.5.4", "rsc.io/pkg1 v1.5.4 h1:hash!=\n");
        assertThat(verifier(tc, TileCache.none()).lookup("rsc.io/pkg1", "v1.5.2").zipLines())
                .containsExactly("rsc.io/pkg1 v1.5.2 h1:hash!=");

        tc2.addRecord("rsc.io/pkg1@v1.5.3", "rsc.io/pkg1 v1.5.3 h1:hash!=\n");
        tc2.addRecord("rsc.io/pkg1@v1.5.4", "rsc.io/pkg1 v1.5.4 h1:hash!=\n");
        ChecksumDatabaseVerifier v2 = new ChecksumDatabaseVerifier(key, tc2.fetcher(), store2, TileCache.none(), 2);
        assertThat(v2.lookup("rsc.io/pkg1", "v1.5.4").zipLines()).containsExactly("rsc.io/pkg1 v1.5.4 h1:hash!=");
        assertThat(store2.load(FakeDatabase.NAME).orElseThrow().size()).isEqualTo(6);

        // tc2 now serves tc's answer for v1.5.2, signed at tree 5 of the other history.
        tc2.remote.put("/lookup/rsc.io/pkg1@v1.5.2", tc.remote.get("/lookup/rsc.io/pkg1@v1.5.2"));
        TreeForkException e = catchThrowableOfType(TreeForkException.class, () -> v2.lookup("rsc.io/pkg1", "v1.5.2"));
        assertThat(e.getMessage()).contains(
                "SECURITY ERROR",
                "old database:\n\tgo.sum database tree\n\t5\n",
                "— localhost.localdev/sumdb AAAMZ5/2FVAd",
                "new database:\n\tgo.sum database tree\n\t6\n",
                "— localhost.localdev/sumdb AAAMZ6oRNswl",
                "proof of misbehavior:\n\tT7i+H/8ER4nXOiw4Bj0k",
                "tree#6", "tree#5", e.older().hash().toString(), e.newer().hash().toString());
        assertThat(e.older().size()).isEqualTo(5);
        assertThat(e.newer().size()).isEqualTo(6);
        // The proof is real: tree 6 holds olderHashInNewer at size 5, which is not the hash tree 5 was signed with.
        TlogProofs.checkTree(e.proof(), 6, e.newer().hash(), 5, e.olderHashInNewer());
        assertThat(e.olderHashInNewer()).isNotEqualTo(e.older().hash());
        assertThat(store2.load(FakeDatabase.NAME).orElseThrow().size()).as("the stored head is kept").isEqualTo(6);
    }

    @Test
    void detectsANewerTreeThatDoesNotExtendTheStoredOne() throws Exception {
        FakeDatabase honest = FakeDatabase.xmodTestClient();
        FakeDatabase forked = new FakeDatabase(2);
        forked.addRecord("rsc.io/other@v1.0.0", "rsc.io/other v1.0.0 h1:other=\n");
        for (int i = 0; i < 6; i++) {
            forked.addRecord("rsc.io/pkg@v1.0." + i, "rsc.io/pkg v1.0." + i + " h1:hash" + i + "=\n");
        }
        store.put(FakeDatabase.NAME, honest.signedHead(4));
        TreeForkException e = catchThrowableOfType(TreeForkException.class,
                () -> verifier(forked, TileCache.none()).lookup("rsc.io/pkg", "v1.0.5"));
        assertThat(e.older().size()).isEqualTo(4);
        assertThat(e.newer().size()).isEqualTo(7);
        assertThat(e.getMessage()).contains("tree#7", "does not extend tree#4", honest.signedHead(4).hash().toString());
        TlogProofs.checkTree(e.proof(), 7, e.newer().hash(), 4, e.olderHashInNewer());
        assertThat(storedSize()).isEqualTo(4);
    }

    @Test
    void detectsTwoTreesOfTheSameSize() throws Exception {
        FakeDatabase honest = FakeDatabase.xmodTestClient();
        FakeDatabase forked = new FakeDatabase(2);
        forked.addRecord("rsc.io/a@v1.0.0", "rsc.io/a v1.0.0 h1:a=\n");
        forked.addRecord("rsc.io/b@v1.0.0", "rsc.io/b v1.0.0 h1:b=\n");
        forked.addRecord("rsc.io/c@v1.0.0", "rsc.io/c v1.0.0 h1:c=\n");
        forked.addRecord("rsc.io/d@v1.0.0", "rsc.io/d v1.0.0 h1:d=\n");
        store.put(FakeDatabase.NAME, honest.signedHead(4));
        TreeForkException e = catchThrowableOfType(TreeForkException.class,
                () -> verifier(forked, TileCache.none()).lookup("rsc.io/d", "v1.0.0"));
        assertThat(e.getMessage()).contains("two different trees of size 4", honest.signedHead(4).hash().toString(),
                forked.signedHead(4).hash().toString());
        assertThat(forked.fetchedTiles()).as("no tiles needed to see it").isEmpty();
    }

    // ---- other failures ----

    @Test
    void refusesARecordThatIsNotTheOneInTheTree() throws Exception {
        FakeDatabase db = FakeDatabase.xmodTestClient();
        String key = "/lookup/rsc.io/sampler@v1.3.0";
        String answer = new String(db.remote.get(key), StandardCharsets.UTF_8);
        db.remote.put(key, answer.replace("h1:7uVkIFmeBqHfdjD", "h1:AAAAAAAAAAAAAAAAA").getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> verifier(db, TileCache.none()).lookup("rsc.io/sampler", "v1.3.0"))
                .isInstanceOf(RecordVerificationException.class)
                .hasMessageContaining("cannot authenticate record data");
    }

    @Test
    void refusesARecordOutsideTheTreeOrAboutAnotherModule() throws Exception {
        FakeDatabase db = FakeDatabase.xmodTestClient();
        // An answer naming record 9 of a tree of 4.
        String answer = new String(db.remote.get("/lookup/rsc.io/!quote@v1.5.2"), StandardCharsets.UTF_8);
        db.remote.put("/lookup/rsc.io/x@v1.0.0", ("9" + answer.substring(1)).getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> verifier(db, TileCache.none()).lookup("rsc.io/x", "v1.0.0"))
                .isInstanceOf(RecordVerificationException.class)
                .hasMessageContaining("cannot validate record 9 in tree of size 4");
        // The right record for another module.
        db.remote.put("/lookup/rsc.io/y@v1.0.0", db.remote.get("/lookup/rsc.io/sampler@v1.3.0"));
        assertThatThrownBy(() -> verifier(db, TileCache.none()).lookup("rsc.io/y", "v1.0.0"))
                .isInstanceOf(RecordVerificationException.class)
                .hasMessageContaining("holds no hashes for rsc.io/y@v1.0.0");
    }

    @Test
    void refusesATreeHeadNotSignedByTheDatabaseKey() throws Exception {
        // Same name, another key: the signature is by an unknown key.
        FakeDatabase impostor = new FakeDatabase(2, SignerKey.generate(FakeDatabase.NAME).encoded());
        impostor.addRecord("rsc.io/a@v1.0.0", "rsc.io/a v1.0.0 h1:a=\n");
        NoteVerificationException e = catchThrowableOfType(NoteVerificationException.class,
                () -> verifier(impostor, TileCache.none()).lookup("rsc.io/a", "v1.0.0"));
        assertThat(e.reason()).isEqualTo(NoteVerificationException.Reason.NO_VERIFIABLE_SIGNATURE);

        // The right key, a signature that does not verify.
        FakeDatabase db = FakeDatabase.xmodTestClient();
        String answer = new String(db.remote.get("/lookup/rsc.io/sampler@v1.3.0"), StandardCharsets.UTF_8);
        db.remote.put("/lookup/rsc.io/sampler@v1.3.0",
                answer.replace("go.sum database tree\n3\n", "go.sum database tree\n2\n").getBytes(StandardCharsets.UTF_8));
        NoteVerificationException e2 = catchThrowableOfType(NoteVerificationException.class,
                () -> verifier(db, TileCache.none()).lookup("rsc.io/sampler", "v1.3.0"));
        assertThat(e2.reason()).isEqualTo(NoteVerificationException.Reason.INVALID_SIGNATURE);
        assertThat(e2).hasMessage("invalid signature for key localhost.localdev/sumdb+00000c67");
        assertThat(store.load(FakeDatabase.NAME)).isEmpty();
    }

    @Test
    void reportsUnknownModulesAndBadInput() throws Exception {
        FakeDatabase db = FakeDatabase.xmodTestClient();
        assertThatThrownBy(() -> verifier(db, TileCache.none()).lookup("rsc.io/nope", "v1.0.0"))
                .isInstanceOf(SumdbNotFoundException.class);
        assertThatThrownBy(() -> verifier(db, TileCache.none()).lookup("/rsc.io/nope", "v1.0.0"))
                .isInstanceOf(InvalidRequestException.class);
        db.remote.put("/lookup/rsc.io/garbage@v1.0.0", "not a record".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> verifier(db, TileCache.none()).lookup("rsc.io/garbage", "v1.0.0"))
                .isInstanceOf(SumdbFormatException.class).hasMessage("malformed record data");
    }

    // ---- tiles: only the needed ones, full ones cached, partial ones from full ones ----

    @Test
    void fetchesOnlyTheTilesNeededAndReusesCachedFullTiles() throws Exception {
        FakeDatabase db = new FakeDatabase(2);
        for (int i = 0; i < 11; i++) {
            db.addRecord("example.com/m@v1.0." + i, "example.com/m v1.0." + i + " h1:h" + i + "=\n");
        }
        db.answerWithCurrentTree();
        InMemoryTileCache cache = new InMemoryTileCache(100);
        ChecksumDatabaseVerifier v = verifier(db, cache);

        // Tree 11 = [0,8) + [8,10) + [10,11); record 1 is in the full tile/2/0/000 below tile/2/1/000.p/2.
        v.lookup("example.com/m", "v1.0.1");
        assertThat(db.fetchedTiles()).containsExactlyInAnyOrder(
                "/tile/2/1/000.p/2", "/tile/2/0/002.p/3", "/tile/2/0/000");
        assertThat(cache.size()).isEqualTo(1);

        db.fetched.clear();
        v.lookup("example.com/m", "v1.0.2");
        assertThat(db.fetchedTiles()).as("the full tile comes from the cache")
                .containsExactlyInAnyOrder("/tile/2/1/000.p/2", "/tile/2/0/002.p/3");

        db.fetched.clear();
        v.lookup("example.com/m", "v1.0.6"); // in full tile/2/0/001
        assertThat(db.fetchedTiles()).containsExactlyInAnyOrder("/tile/2/1/000.p/2", "/tile/2/0/002.p/3",
                "/tile/2/0/001");
        assertThat(cache.size()).isEqualTo(2);
        assertThat(db.fetched.stream().filter(p -> p.startsWith("/lookup/"))).hasSize(1);
    }

    @Test
    void takesAPartialTileTheDatabaseNoLongerServesFromTheFullOne() throws Exception {
        FakeDatabase db = new FakeDatabase(2);
        for (int i = 0; i < 3; i++) {
            db.addRecord("example.com/m@v1.0." + i, "example.com/m v1.0." + i + " h1:h" + i + "=\n");
        }
        store.put(FakeDatabase.NAME, db.signedHead(3));
        db.addRecord("example.com/m@v1.0.3", "example.com/m v1.0.3 h1:h3=\n");
        // Tree 4 makes tile/2/0/000 full; the database drops its partial versions.
        db.remote.keySet().removeIf(p -> p.startsWith("/tile/2/0/000.p/"));
        db.answerWithCurrentTree();
        VerifiedSums s = verifier(db, TileCache.none()).lookup("example.com/m", "v1.0.3");
        assertThat(s.tree().size()).isEqualTo(4);
        assertThat(db.fetchedTiles()).contains("/tile/2/0/000");
        assertThat(storedSize()).isEqualTo(4);
    }

    // ---- the stored head ----

    @Test
    void refreshesTheLatestTreeHead() throws Exception {
        FakeDatabase db = FakeDatabase.xmodTestClient();
        store.put(FakeDatabase.NAME, db.signedHead(2));
        db.remote.put("/latest", db.signTree(4));
        assertThat(verifier(db, TileCache.none()).refreshLatest().size()).isEqualTo(4);
        assertThat(storedSize()).isEqualTo(4);
        // An older /latest is checked, and leaves the stored head alone.
        db.remote.put("/latest", db.signTree(3));
        assertThat(verifier(db, TileCache.none()).refreshLatest().size()).isEqualTo(4);
    }

    @Test
    void checksAgainstTheHeadAnotherWriterStoredFirst() throws Exception {
        FakeDatabase db = FakeDatabase.xmodTestClient();
        SignedTreeHead four = db.signedHead(4);
        AtomicBoolean raced = new AtomicBoolean();
        TreeHeadStore racing = new TreeHeadStore() {
            @Override
            public Optional<SignedTreeHead> load(String name) {
                return store.load(name);
            }

            @Override
            public boolean compareAndSet(String name, SignedTreeHead expected, SignedTreeHead replacement) {
                if (raced.compareAndSet(false, true)) {
                    store.put(name, four); // another replica verified tree 4 meanwhile
                    return false;
                }
                return store.compareAndSet(name, expected, replacement);
            }
        };
        store.put(FakeDatabase.NAME, db.signedHead(1));
        ChecksumDatabaseVerifier v = new ChecksumDatabaseVerifier(VerifierKey.parse(FakeDatabase.VERIFIER_KEY),
                db.fetcher(), racing, TileCache.none(), 2);
        VerifiedSums s = v.lookup("rsc.io/sampler", "v1.3.0"); // answer signed at tree 3
        assertThat(raced).isTrue();
        assertThat(s.tree()).isEqualTo(four);
        assertThat(storedSize()).isEqualTo(4);
    }

    @Test
    void inMemoryStoreIsACompareAndSet() throws Exception {
        FakeDatabase db = FakeDatabase.xmodTestClient();
        InMemoryTreeHeadStore s = new InMemoryTreeHeadStore();
        assertThat(s.compareAndSet("db", null, db.signedHead(1))).isTrue();
        assertThat(s.compareAndSet("db", null, db.signedHead(2))).isFalse();
        assertThat(s.compareAndSet("db", db.signedHead(3), db.signedHead(2))).isFalse();
        assertThat(s.compareAndSet("db", db.signedHead(1), db.signedHead(2))).isTrue();
        assertThat(s.load("db")).contains(db.signedHead(2));
        assertThat(s.load("other")).isEmpty();
    }
}
