package dev.modvault.core.sumdb;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-memory checksum database for verifier tests: the testClient of golang.org/x/mod 0.7.0 sumdb/client_test.go
 * (records added one by one; for each, the lookup answer with the tree head signed at that size and the new tiles),
 * with its test key and tile height 2. Serves through {@link #fetcher()} and logs the paths fetched.
 */
final class FakeDatabase {

    static final String NAME = "localhost.localdev/sumdb";
    static final String VERIFIER_KEY = "localhost.localdev/sumdb+00000c67+AcTrnkbUA+TU4heY3hkjiSES/DSQniBqIeQ/YppAUtK6";
    static final String SIGNER_KEY =
            "PRIVATE+KEY+localhost.localdev/sumdb+00000c67+AXu6+oaVaOYuQOFrf1V59JK1owcFlJcHwwXHDfDGxSPk";

    final int tileHeight;
    final SignerKey signer;
    final List<Hash> hashes = new ArrayList<>();
    final Map<String, byte[]> remote = new HashMap<>();
    final List<String> fetched = new CopyOnWriteArrayList<>();
    final Map<String, byte[]> records = new HashMap<>();
    long treeSize;
    boolean getTileOk = true;

    FakeDatabase(int tileHeight, String signerKey) {
        this.tileHeight = tileHeight;
        this.signer = SignerKey.parse(signerKey);
    }

    FakeDatabase(int tileHeight) {
        this(tileHeight, SIGNER_KEY);
    }

    /** The database of x/mod newTestClient: its four records, tile height 2. */
    static FakeDatabase xmodTestClient() throws Exception {
        FakeDatabase db = new FakeDatabase(2);
        db.addRecord("rsc.io/quote@v1.5.2", """
                rsc.io/quote v1.5.2 h1:w5fcysjrx7yqtD/aO+QwRjYZOKnaM9Uh2b40tElTs3Y=
                rsc.io/quote v1.5.2/go.mod h1:LzX7hefJvL54yjefDEDHNONDjII0t9xZLPXsUe+TKr0=
                rsc.io/quote v1.5.2 h2:xyzzy
                """);
        db.addRecord("golang.org/x/text@v0.0.0-20170915032832-14c0d48ead0c", """
                golang.org/x/text v0.0.0-20170915032832-14c0d48ead0c h1:qgOY6WgZOaTkIIMiVjBQcw93ERBE4m30iBm00nkL0i8=
                golang.org/x/text v0.0.0-20170915032832-14c0d48ead0c/go.mod h1:NqM8EUOU14njkJ3fqMW+pc6Ldnwhi/IjpwHt7yyuwOQ=
                """);
        db.addRecord("rsc.io/sampler@v1.3.0", """
                rsc.io/sampler v1.3.0 h1:7uVkIFmeBqHfdjD+gZwtXXI+RODJ2Wc4O7MPEh/QiW4=
                rsc.io/sampler v1.3.0/go.mod h1:T1hPZKmBbMNahiBKFy5HrXp6adAjACjK9JXDnKaTXpA=
                """);
        db.addRecord("rsc.io/!quote@v1.5.2", "rsc.io/Quote v1.5.2 h1:uppercase!=\n");
        return db;
    }

    /** A copy whose later changes are its own (x/mod testClient.fork). */
    FakeDatabase fork() {
        FakeDatabase f = new FakeDatabase(tileHeight, signer.encoded());
        f.hashes.addAll(hashes);
        f.remote.putAll(remote);
        f.records.putAll(records);
        f.treeSize = treeSize;
        return f;
    }

    /** Adds a record under the (escaped) key {@code path@version} (x/mod testClient.addRecord). */
    void addRecord(String key, String data) throws Exception {
        long id = treeSize++;
        byte[] text = data.getBytes(StandardCharsets.UTF_8);
        hashes.addAll(Tlog.storedHashesForRecordHash(id, Tlog.recordHash(text), this::read));
        records.put(key, Records.format(id, text));
        remote.put("/lookup/" + key, answer(key, treeSize));
        for (Tile t : Tile.newTiles(tileHeight, id, treeSize)) {
            remote.put("/" + t.path(), t.readTileData(this::read));
        }
    }

    /** Makes every lookup answer carry the current tree head, as a live database does. */
    void answerWithCurrentTree() throws Exception {
        for (String key : records.keySet()) {
            remote.put("/lookup/" + key, answer(key, treeSize));
        }
    }

    private byte[] answer(String key, long size) throws Exception {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        answer.writeBytes(records.get(key));
        answer.writeBytes(signTree(size));
        return answer.toByteArray();
    }

    /** The signed head of the tree of the first {@code size} records. */
    byte[] signTree(long size) throws Exception {
        return signedHead(size).noteBytes();
    }

    SignedTreeHead signedHead(long size) throws Exception {
        return SignedTreeHead.sign(new TreeHead(size, Tlog.treeHash(size, this::read)), signer);
    }

    SumdbFetcher fetcher() {
        return path -> {
            fetched.add(path);
            if (path.startsWith("/tile/") && !getTileOk) {
                throw new IOException("disallowed remote tile read " + path);
            }
            byte[] d = remote.get(path);
            if (d == null) {
                throw new SumdbNotFoundException(path, "no remote path " + path);
            }
            return d.clone();
        };
    }

    /** Flips the top bit of every byte of every tile (x/mod TestClientBadTiles flipBits). */
    void flipTileBits() {
        remote.forEach((path, data) -> {
            if (path.startsWith("/tile/")) {
                for (int i = 0; i < data.length; i++) {
                    data[i] ^= (byte) 0x80;
                }
            }
        });
    }

    List<String> fetchedTiles() {
        return fetched.stream().filter(p -> p.startsWith("/tile/")).toList();
    }

    private List<Hash> read(long[] indexes) {
        List<Hash> out = new ArrayList<>();
        for (long x : indexes) {
            out.add(hashes.get((int) x));
        }
        return out;
    }
}
