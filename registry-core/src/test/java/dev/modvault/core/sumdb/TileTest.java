package dev.modvault.core.sumdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tile coordinates and paths. Vectors ported from golang.org/x/mod 0.7.0 sumdb/tlog/tlog_test.go TestTilePath (the
 * tilePaths table, including the invalid paths "tile/3/5/123/456/078" and "tile/3/-1/123/456/078"); the NewTiles lists
 * and tile data digests were printed by x/mod 0.7.0's tlog for the "leaf %d" log.
 */
class TileTest {

    @Test
    void formatsAndParsesTheXModTilePaths() {
        assertRoundTrip("tile/4/0/001", new Tile(4, 0, 1, 16));
        assertRoundTrip("tile/4/0/001.p/5", new Tile(4, 0, 1, 5));
        assertRoundTrip("tile/3/5/x123/x456/078", new Tile(3, 5, 123456078, 8));
        assertRoundTrip("tile/3/5/x123/x456/078.p/2", new Tile(3, 5, 123456078, 2));
        assertRoundTrip("tile/1/0/x003/x057/500", new Tile(1, 0, 3057500, 2));
        assertRoundTrip("tile/1/data/x003/x057/500", new Tile(1, -1, 3057500, 2));
        assertRoundTrip("tile/8/0/000.p/1", new Tile(8, 0, 0, 1));
        assertRoundTrip("tile/8/2/x001/x234/067.p/255", new Tile(8, 2, 1234067, 255));
        assertThat(new Tile(3, 4, 1234067, 1).path()).isEqualTo("tile/3/4/x001/x234/067.p/1");
        assertThat(new Tile(3, 4, 1234067, 8).path()).isEqualTo("tile/3/4/x001/x234/067");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "tile/3/5/123/456/078", "tile/3/-1/123/456/078", // from x/mod
        "tile/8/0/000.p/256", "tile/8/0/000.p/0", "tile/8/0/0", "tile/8/0/1000", "tile/8/0/x000/001",
        "tile/8/0/001.p/05", "tile/08/0/001", "tile/+8/0/001", "tile/31/0/001", "tile/0/0/001", "tiles/8/0/001",
        "tile/8/0", "tile/8/0/001/", "tile/8/x/001", "tile/8/0/x001", "tile/8/0/001.p", "/tile/8/0/001",
        "tile/8/0/x999/x999/x999/x999/x999/x999/x999/999"})
    void rejectsMalformedTilePaths(String path) {
        assertThatThrownBy(() -> Tile.parse(path)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("malformed tile path \"" + path + "\"");
    }

    @Test
    void listsTheTilesToPublishLikeXMod() throws Exception {
        List<Tile> tiles = Tile.newTiles(2, 5, 13);
        assertThat(tiles).extracting(Tile::path).containsExactly(
                "tile/2/0/001", "tile/2/0/002", "tile/2/0/003.p/1",
                "tile/2/1/000.p/1", "tile/2/1/000.p/2", "tile/2/1/000.p/3");
        TlogTest.Storage s = TlogTest.leafLog(13);
        List<String> digests = List.of(
                "1ac48cf9f645200d8a2fc31c8fdab7b323a9b5a2f8714d9ed36ef2e71dbc7515",
                "37d0b32f7ba1805e2b931011138db60ffe2f91fe1c716e5e55c6e219dbe477fb",
                "7c615894ac11bd760fdf2de5007c423fb7b4ba8b4ef4c803d6ce8a42436367fe",
                "aa871140a54d1c60ea26d59bc1a03b4425f32f19910504b59768c6610267f98b",
                "9dbfc775650b7537c83e4c735ffc737bebc684be26a5e3726eff3d63af862d31",
                "9ecd22fbc03c53b7c6af7fa77836f6a93ad83683301fc51a30ac62a79f624910");
        for (int i = 0; i < tiles.size(); i++) {
            byte[] d = tiles.get(i).readTileData(s);
            assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(d)))
                    .as("data of %s", tiles.get(i)).isEqualTo(digests.get(i));
        }

        List<Tile> h8 = Tile.newTiles(8, 0, 300);
        assertThat(h8).hasSize(46);
        assertThat(h8.get(0)).isEqualTo(new Tile(8, 0, 0, 256));
        assertThat(h8.get(1)).isEqualTo(new Tile(8, 0, 1, 1));
        assertThat(h8.get(44)).isEqualTo(new Tile(8, 0, 1, 44));
        assertThat(h8.get(45)).isEqualTo(new Tile(8, 1, 0, 1));
        // No growth: x/mod still lists the current partial tiles (their widths are unchanged).
        assertThat(Tile.newTiles(8, 300, 300)).extracting(Tile::path)
                .containsExactly("tile/8/0/001.p/44", "tile/8/1/000.p/1");
    }

    @Test
    void findsTheTileOfAStoredHash() {
        // Record 0's hash is the first hash of the first tile; record 300's is hash 44 of tile 1 at level 0.
        assertThat(Tile.forIndex(8, Tlog.storedHashIndex(0, 0))).isEqualTo(new Tile(8, 0, 0, 1));
        assertThat(Tile.forIndex(8, Tlog.storedHashIndex(0, 300))).isEqualTo(new Tile(8, 0, 1, 45));
        // The level-8 hash of records [0, 256) is the first hash of the level-1 tile.
        assertThat(Tile.forIndex(8, Tlog.storedHashIndex(8, 0))).isEqualTo(new Tile(8, 1, 0, 1));
        // A level-3 hash lives in a level-0 tile, as the subtree of 8 of its hashes.
        assertThat(Tile.forIndex(8, Tlog.storedHashIndex(3, 2))).isEqualTo(new Tile(8, 0, 0, 24));
        assertThat(new Tile(8, 0, 0, 256).isFull()).isTrue();
        assertThat(new Tile(8, 0, 0, 255).full()).isEqualTo(new Tile(8, 0, 0, 256));
        assertThatThrownBy(() -> new Tile(8, 0, 0, 257)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Tile.forIndex(0, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsAHashOnlyFromItsTileOrAWiderOne() throws Exception {
        TlogTest.Storage s = TlogTest.leafLog(13);
        Tile t = Tile.forIndex(2, Tlog.storedHashIndex(0, 5)); // tile/2/0/001.p/2
        assertThat(t).isEqualTo(new Tile(2, 0, 1, 2));
        byte[] full = t.full().readTileData(s);
        assertThat(t.full().hashFromTile(full, Tlog.storedHashIndex(0, 5))).isEqualTo(s.hashes.get(
                (int) Tlog.storedHashIndex(0, 5)));
        // The level-1 hash of records 4 and 5 is the subtree of the tile's first two hashes.
        assertThat(Tile.forIndex(2, Tlog.storedHashIndex(1, 2))).isEqualTo(new Tile(2, 0, 1, 2));
        assertThat(t.full().hashFromTile(full, Tlog.storedHashIndex(1, 2))).isEqualTo(s.hashes.get(
                (int) Tlog.storedHashIndex(1, 2)));
        assertThatThrownBy(() -> new Tile(2, 0, 1, 1).hashFromTile(full, Tlog.storedHashIndex(0, 5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is in tile/2/0/001.p/2");
        assertThatThrownBy(() -> t.full().hashFromTile(new byte[64], Tlog.storedHashIndex(0, 5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too short");
    }

    private static void assertRoundTrip(String path, Tile tile) {
        assertThat(tile.path()).isEqualTo(path);
        assertThat(Tile.parse(path)).isEqualTo(tile);
    }
}
