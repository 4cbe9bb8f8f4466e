package dev.modvault.core.sumdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The log: hashes, stored hash indexes, tree hashes, tiles, tile hash reading, record and tree proofs. Ported from
 * golang.org/x/mod 0.7.0 sumdb/tlog/tlog_test.go: TestTree (a 100-record log with height-2 tiles: stored hash
 * counts, NewTiles / ReadTileData / HashFromTile, ProveRecord / CheckRecord with corrupted proofs, TileHashReader
 * reads and proofs, ProveTree / CheckTree with corrupted proofs, reads outside the tree) and
 * TestSplitStoredHashIndex. The golden tree hashes, proofs and tile digests below were printed by x/mod 0.7.0's tlog
 * for the same "leaf %d" log (go run against /usr/share/gocode/src/golang.org/x/mod), so they check this port against
 * Go rather than against itself.
 */
class TlogTest {

    /** The testHashStorage of tlog_test.go: every stored hash, by index; checks indexes come in increasing order. */
    static final class Storage implements HashReader {
        final List<Hash> hashes = new ArrayList<>();

        @Override
        public List<Hash> readHashes(long[] indexes) {
            for (int i = 1; i < indexes.length; i++) {
                if (indexes[i - 1] >= indexes[i]) {
                    throw new AssertionError("indexes out of order: " + Arrays.toString(indexes));
                }
            }
            List<Hash> out = new ArrayList<>();
            for (long x : indexes) {
                out.add(hashes.get((int) x));
            }
            return out;
        }
    }

    /** The testTilesStorage of tlog_test.go: height-2 tiles; counts tiles read but not (yet) saved. */
    static final class TileStorage implements TileReader {
        final Map<Tile, byte[]> tiles;
        int unsaved;

        TileStorage(Map<Tile, byte[]> tiles) {
            this.tiles = tiles;
        }

        @Override
        public int height() {
            return 2;
        }

        @Override
        public List<byte[]> readTiles(List<Tile> list) {
            List<byte[]> out = new ArrayList<>();
            for (Tile t : list) {
                out.add(tiles.get(t));
            }
            unsaved += list.size();
            return out;
        }

        @Override
        public void saveTiles(List<Tile> list, List<byte[]> data) {
            unsaved -= list.size();
        }
    }

    @Test
    void treeProofsAndTilesOfAHundredRecordLog() throws Exception {
        List<Hash> trees = new ArrayList<>();
        List<Hash> leafHashes = new ArrayList<>();
        Storage storage = new Storage();
        Map<Tile, byte[]> tiles = new HashMap<>();
        final int testH = 2;
        for (long i = 0; i < 100; i++) {
            byte[] data = ("leaf " + i).getBytes(StandardCharsets.UTF_8);
            List<Hash> hashes = Tlog.storedHashes(i, data, storage);
            leafHashes.add(Tlog.recordHash(data));
            int oldStorage = storage.hashes.size();
            storage.hashes.addAll(hashes);
            assertThat(Tlog.storedHashCount(i + 1)).as("storedHashCount(%d)", i + 1).isEqualTo(storage.hashes.size());
            Hash th = Tlog.treeHash(i + 1, storage);

            for (Tile tile : Tile.newTiles(testH, i, i + 1)) {
                byte[] d = tile.readTileData(storage);
                byte[] oldData = tile.w() == 1 ? new byte[0] : tiles.get(new Tile(tile.h(), tile.l(), tile.n(), tile.w() - 1));
                assertThat(oldData).as("tile %s extends the earlier one", tile).isNotNull();
                assertThat(Arrays.copyOf(d, oldData.length)).as("tile %s extends the earlier one", tile).isEqualTo(oldData);
                assertThat(d).hasSize(oldData.length + Hash.SIZE);
                tiles.put(tile, d);
            }
            for (Tile tile : Tile.newTiles(testH, 0, i + 1)) {
                assertThat(tiles.get(tile)).as("tile %s", tile).isEqualTo(tile.readTileData(storage));
            }
            for (Tile tile : Tile.newTiles(testH, i / 2, i + 1)) {
                assertThat(tiles.get(tile)).as("tile %s", tile).isEqualTo(tile.readTileData(storage));
            }

            // All the new hashes are readable from their tiles.
            for (int j = oldStorage; j < storage.hashes.size(); j++) {
                Tile tile = Tile.forIndex(testH, j);
                byte[] d = tiles.get(tile);
                assertThat(d).as("forIndex(%d, %d) = %s not yet stored", testH, j, tile).isNotNull();
                assertThat(tile.hashFromTile(d, j)).isEqualTo(storage.hashes.get(j));
            }

            trees.add(th);

            // Leaf proofs work, for all trees and leaves so far.
            for (long j = 0; j <= i; j++) {
                List<Hash> p = TlogProofs.proveRecord(i + 1, j, storage);
                TlogProofs.checkRecord(p, i + 1, th, j, leafHashes.get((int) j));
                for (int k = 0; k < p.size(); k++) {
                    List<Hash> corrupt = corrupt(p, k);
                    long t = i + 1;
                    long jj = j;
                    assertThatThrownBy(() -> TlogProofs.checkRecord(corrupt, t, th, jj, leafHashes.get((int) jj)))
                            .as("checkRecord(%d, %d) with corrupt proof hash #%d", t, jj, k)
                            .isInstanceOf(InvalidProofException.class);
                }
            }

            // Leaf proofs work using tiles: reading and verifying a leaf's hash is the proof.
            TileStorage tileStorage = new TileStorage(tiles);
            TileHashReader thr = new TileHashReader(new TreeHead(i + 1, th), tileStorage);
            for (long j = 0; j <= i; j++) {
                List<Hash> h = thr.readHashes(new long[] {Tlog.storedHashIndex(0, j)});
                assertThat(h).containsExactly(leafHashes.get((int) j));
                List<Hash> p = TlogProofs.proveRecord(i + 1, j, thr);
                TlogProofs.checkRecord(p, i + 1, th, j, leafHashes.get((int) j));
            }
            assertThat(tileStorage.unsaved).as("tiles read but not saved").isZero();

            // An index outside the tree is an error.
            long outside = (i + 1) * 2;
            assertThatThrownBy(() -> thr.readHashes(new long[] {outside}))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not in tree");
            assertThat(tileStorage.unsaved).isZero();

            // Tree proofs work, for all trees so far, using tiles.
            for (long j = 0; j <= i; j++) {
                assertThat(Tlog.treeHash(j + 1, thr)).as("treeHash(%d) from the tiles of tree %d", j + 1, i + 1)
                        .isEqualTo(trees.get((int) j));
                List<Hash> p = TlogProofs.proveTree(i + 1, j + 1, thr);
                TlogProofs.checkTree(p, i + 1, th, j + 1, trees.get((int) j));
                for (int k = 0; k < p.size(); k++) {
                    List<Hash> corrupt = corrupt(p, k);
                    long t = i + 1;
                    long jj = j;
                    assertThatThrownBy(() -> TlogProofs.checkTree(corrupt, t, th, jj + 1, trees.get((int) jj)))
                            .as("checkTree(%d, %d) with corrupt proof hash #%d", t, jj + 1, k)
                            .isInstanceOf(InvalidProofException.class);
                }
            }
            assertThat(tileStorage.unsaved).isZero();
        }
    }

    @Test
    void splitStoredHashIndexInvertsStoredHashIndex() {
        for (int l = 0; l < 10; l++) {
            for (long n = 0; n < 100; n++) {
                long x = Tlog.storedHashIndex(l, n);
                assertThat(Tlog.splitStoredHashIndex(x)).as("split(storedHashIndex(%d, %d))", l, n)
                        .isEqualTo(new Tlog.Node(l, n));
            }
        }
        assertThat(Tlog.storedHashIndex(3, 5)).isEqualTo(92);
        assertThat(Tlog.storedHashCount(100)).isEqualTo(197);
        assertThat(Tlog.storedHashCount(0)).isZero();
    }

    @Test
    void matchesTheTreeHashesAndProofsOfXMod() throws Exception {
        Storage s = leafLog(100);
        Map<Long, String> golden = Map.of(
                1L, "G7l9zCFjXUfiZj79/QoXRobZjdcBNS3SzQbotD/T0wU=",
                2L, "/F9riP+FVPdbsvnm85wxsZNtRLaSdu33sSBalVuXYeM=",
                3L, "1Pksj7uJcg6ztVZ3x9fvrd/rENEaGoSguo8aIzN/qpU=",
                7L, "WmH8K1T5z6cXdPJDIUPdQMbLKxGUf69lp9PaXLZRmcg=",
                8L, "xcLIIO00L92ozolra5z1uMAKIcxLIHFMxuXTwFw1JAs=",
                13L, "z5tMKkSnyqci1dVI7mT/kKEZsMMaysNETcWDAAo508o=",
                64L, "8mHiNpLZeP2sP9lJ21SVlApDeuZxuabd6aphGNADZS8=",
                100L, "E/iJFcVg3JEaHaD7IJ2EoglxBR8pTr60KPs/wpOvJ0M=");
        for (Map.Entry<Long, String> e : golden.entrySet()) {
            assertThat(Tlog.treeHash(e.getKey(), s)).as("treeHash(%d)", e.getKey()).hasToString(e.getValue());
        }
        assertThat(Tlog.treeHash(0, s)).isEqualTo(Hash.ZERO);

        List<Hash> recordProof = TlogProofs.proveRecord(100, 37, s);
        assertThat(recordProof).extracting(Hash::toString).containsExactly(
                "s0iJOUVkKQwAxsx9UEPV48IZlITDAcEYKvNGdY3fEbQ=", "OFkRC2Ia2bvMlPrsumkqr45ay32xXRqkGmqk4mmKIGk=",
                "W+d7jKTb7oTFmtC8yxfVbHM3UNCm0beA3j2Olp3QMWI=", "IFQ7jalskgBDvkqooacH36ByRDZ2D7pWPDROL9wwqIU=",
                "nElKb1se8i1C8FCfRZNrilwF6OoGvvi0IyTxX9Usl9Y=", "mltaKilXHK09gVVfNL8yVv2lYnlpHN7DT1fI9ISss/o=",
                "Ww8HmgYW6QBAbUdlvADEdLQtGc3Ps/Qs678QKnwkB/w=");
        List<Hash> treeProof = TlogProofs.proveTree(100, 37, s);
        assertThat(treeProof).extracting(Hash::toString).containsExactly(
                "s0iJOUVkKQwAxsx9UEPV48IZlITDAcEYKvNGdY3fEbQ=", "kAI2mHOU4t9fH4VMoQP22+YMp8FQ8JRBQSq7mpXSV4Q=",
                "OFkRC2Ia2bvMlPrsumkqr45ay32xXRqkGmqk4mmKIGk=", "W+d7jKTb7oTFmtC8yxfVbHM3UNCm0beA3j2Olp3QMWI=",
                "IFQ7jalskgBDvkqooacH36ByRDZ2D7pWPDROL9wwqIU=", "nElKb1se8i1C8FCfRZNrilwF6OoGvvi0IyTxX9Usl9Y=",
                "mltaKilXHK09gVVfNL8yVv2lYnlpHN7DT1fI9ISss/o=", "Ww8HmgYW6QBAbUdlvADEdLQtGc3Ps/Qs678QKnwkB/w=");
        // The proofs check against the golden hashes, and not against another tree.
        Hash t100 = Hash.parse(golden.get(100L));
        TlogProofs.checkRecord(recordProof, 100, t100, 37, Tlog.recordHash("leaf 37".getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> TlogProofs.checkRecord(recordProof, 100, t100, 37,
                Tlog.recordHash("leaf 38".getBytes(StandardCharsets.UTF_8)))).isInstanceOf(InvalidProofException.class);
        TlogProofs.checkTree(treeProof, 100, t100, 37, Tlog.treeHash(37, s));
        assertThatThrownBy(() -> TlogProofs.checkTree(treeProof, 100, t100, 37, Tlog.treeHash(36, s)))
                .isInstanceOf(InvalidProofException.class);
        // A proof with a hash too many or too few fails.
        List<Hash> longer = new ArrayList<>(recordProof);
        longer.add(0, Hash.ZERO);
        assertThatThrownBy(() -> TlogProofs.checkRecord(longer, 100, t100, 37,
                Tlog.recordHash("leaf 37".getBytes(StandardCharsets.UTF_8)))).isInstanceOf(InvalidProofException.class);
        assertThatThrownBy(() -> TlogProofs.checkTree(treeProof.subList(1, treeProof.size()), 100, t100, 37,
                Tlog.treeHash(37, s))).isInstanceOf(InvalidProofException.class);
    }

    @Test
    void hashesAreRfc6962() {
        // RFC 6962: the leaf hash is SHA-256(0x00 || data); the empty string's leaf hash is well known.
        assertThat(Tlog.recordHash(new byte[0]).bytes()).isEqualTo(hex(
                "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"));
        assertThat(Tlog.recordHash("hello world".getBytes(StandardCharsets.UTF_8)))
                .hasToString("TszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=");
        Hash a = Tlog.recordHash(new byte[] {1});
        Hash b = Tlog.recordHash(new byte[] {2});
        assertThat(Tlog.nodeHash(a, b)).isNotEqualTo(Tlog.nodeHash(b, a));
    }

    @Test
    void rejectsInvalidProofInputs() {
        assertThatThrownBy(() -> TlogProofs.checkRecord(List.of(), 5, Hash.ZERO, 5, Hash.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TlogProofs.checkTree(List.of(), 5, Hash.ZERO, 6, Hash.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TlogProofs.proveTree(5, 0, new Storage())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parsesHashes() {
        Hash h = Hash.parse("TszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=");
        assertThat(Hash.of(h.bytes())).isEqualTo(h).hasSameHashCodeAs(h);
        assertThatThrownBy(() -> Hash.parse("TszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0"))
                .hasMessage("malformed hash");
        assertThatThrownBy(() -> Hash.parse("AAAA")).hasMessage("malformed hash");
    }

    static Storage leafLog(int n) throws Exception {
        Storage s = new Storage();
        for (long i = 0; i < n; i++) {
            s.hashes.addAll(Tlog.storedHashes(i, ("leaf " + i).getBytes(StandardCharsets.UTF_8), s));
        }
        return s;
    }

    private static List<Hash> corrupt(List<Hash> p, int k) {
        List<Hash> c = new ArrayList<>(p);
        byte[] b = c.get(k).bytes();
        b[0] ^= 1;
        c.set(k, Hash.of(b));
        return c;
    }

    private static byte[] hex(String s) {
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }
}
