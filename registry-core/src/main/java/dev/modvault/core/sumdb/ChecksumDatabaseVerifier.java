package dev.modvault.core.sumdb;

import dev.modvault.core.module.PathEscaping;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Looks module versions up in a Go checksum database and verifies the answers the way the go command does
 * (golang.org/x/mod/sumdb Client):
 * <ol>
 *   <li>fetch {@code /lookup/<escaped path>@<escaped version>}: a record (id, text) and a signed tree head;</li>
 *   <li>verify the tree head's note is signed by the database's {@link VerifierKey};</li>
 *   <li>check that tree head against the newest one verified before ({@link TreeHeadStore}): a smaller or equal
 *       tree must be a prefix of the stored one, a larger one must extend it (both proved from tiles); if not, the
 *       database has forked: {@link TreeForkException}. A newer consistent head is stored (compare-and-set);</li>
 *   <li>read the record's hash from the tiles of the newest tree (only the tiles needed, full tiles from the
 *       {@link TileCache} when there) and check it is the hash of the record text:
 *       {@link RecordVerificationException} if not;</li>
 *   <li>return the record's lines for the zip and the go.mod.</li>
 * </ol>
 * Tiles are authenticated against the signed tree hash before anything read from them is used
 * ({@link TileHashReader}); only authenticated full tiles are cached. Thread-safe.
 */
public final class ChecksumDatabaseVerifier {

    /** The tile height of the Go checksum database. */
    public static final int DEFAULT_TILE_HEIGHT = 8;

    private final VerifierKey key;
    private final SumdbFetcher fetcher;
    private final TreeHeadStore store;
    private final TileCache cache;
    private final int tileHeight;

    /** A verifier of the database with {@code key}, tile height 8. */
    public ChecksumDatabaseVerifier(VerifierKey key, SumdbFetcher fetcher, TreeHeadStore store, TileCache cache) {
        this(key, fetcher, store, cache, DEFAULT_TILE_HEIGHT);
    }

    /** A verifier of a database serving tiles of {@code tileHeight} (tests use small heights). */
    public ChecksumDatabaseVerifier(VerifierKey key, SumdbFetcher fetcher, TreeHeadStore store, TileCache cache,
            int tileHeight) {
        this.key = Objects.requireNonNull(key, "key");
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
        this.store = Objects.requireNonNull(store, "store");
        this.cache = Objects.requireNonNull(cache, "cache");
        if (tileHeight < 1 || tileHeight > 30) {
            throw new IllegalArgumentException("invalid tile height " + tileHeight);
        }
        this.tileHeight = tileHeight;
    }

    /** The database's name, e.g. {@code sum.golang.org}. */
    public String name() {
        return key.name();
    }

    public VerifierKey key() {
        return key;
    }

    /**
     * Looks up {@code path@version} and verifies the answer (see the class comment).
     *
     * @param path    the module path, unescaped (e.g. {@code github.com/BurntSushi/toml})
     * @param version the version, e.g. {@code v1.2.3}
     * @throws dev.modvault.core.error.InvalidRequestException when path or version are not valid
     * @throws SumdbNotFoundException       the database does not know this module version (404/410)
     * @throws NoteVerificationException    the tree head is not validly signed by the database's key
     * @throws TreeForkException            the tree head is inconsistent with the stored one: a security alert
     * @throws RecordVerificationException  the record is not the one in the signed tree, or is about another module
     * @throws TileVerificationException    tiles from the database do not authenticate against the signed tree
     * @throws SumdbFormatException         the answer is malformed
     * @throws IOException                  fetching failed
     */
    public VerifiedSums lookup(String path, String version) throws IOException, SumdbException {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(version, "version");
        String remotePath = "/lookup/" + PathEscaping.escapePath(path) + "@" + PathEscaping.escapeVersion(version);
        byte[] answer = fetcher.fetch(remotePath);
        Records.Parsed record = Records.parse(answer);
        SignedTreeHead head = SignedTreeHead.open(record.rest(), key);
        Tiles tiles = new Tiles();
        SignedTreeHead latest = merge(head, tiles);
        checkRecord(record.id(), record.text(), latest.tree(), tiles);

        String zipPrefix = path + " " + version + " ";
        String modPrefix = path + " " + version + "/go.mod ";
        List<String> zip = new ArrayList<>();
        List<String> mod = new ArrayList<>();
        for (String line : record.textString().split("\n")) {
            if (line.startsWith(zipPrefix)) {
                zip.add(line);
            } else if (line.startsWith(modPrefix)) {
                mod.add(line);
            }
        }
        if (zip.isEmpty() && mod.isEmpty()) {
            throw new RecordVerificationException("checksum database " + name() + " answered " + remotePath
                    + " with record " + record.id() + ", which holds no hashes for " + path + "@" + version);
        }
        return new VerifiedSums(path, version, record.id(), zip, mod, latest);
    }

    /**
     * Fetches {@code /latest}, verifies its signature and its consistency with the stored tree head, and stores it if
     * newer.
     *
     * @return the newest verified tree head (the stored one when {@code /latest} was not newer)
     */
    public SignedTreeHead refreshLatest() throws IOException, SumdbException {
        return verifyTreeHead(fetcher.fetch("/latest"));
    }

    /**
     * Verifies a signed tree note (signature, then consistency with the stored head) and stores it if newer.
     *
     * @return the newest verified tree head
     */
    public SignedTreeHead verifyTreeHead(byte[] signedNote) throws IOException, SumdbException {
        return merge(SignedTreeHead.open(signedNote, key), new Tiles());
    }

    // ---- consistency of the timeline (x/mod Client.mergeLatest / checkTrees) ----

    private SignedTreeHead merge(SignedTreeHead head, Tiles tiles) throws IOException, SumdbException {
        while (true) {
            SignedTreeHead latest = store.load(name()).orElse(null);
            if (latest == null) {
                if (store.compareAndSet(name(), null, head)) {
                    return head;
                }
                continue;
            }
            if (head.size() <= latest.size()) {
                // On our timeline already?
                checkTrees(head, latest, tiles);
                return latest;
            }
            // Newer: it must extend what we verified before.
            checkTrees(latest, head, tiles);
            if (store.compareAndSet(name(), latest, head)) {
                return head;
            }
            // Another writer moved the stored head: check against that one.
        }
    }

    /** Checks that {@code older} is a prefix of {@code newer}; throws {@link TreeForkException} if not. */
    private void checkTrees(SignedTreeHead older, SignedTreeHead newer, Tiles tiles)
            throws IOException, SumdbException {
        if (older.size() == newer.size()) {
            if (older.hash().equals(newer.hash())) {
                return;
            }
            // Two signed trees of one size with different hashes prove the fork by themselves.
            throw new TreeForkException(name(), older, newer, newer.hash(), List.of(), null);
        }
        if (older.size() == 0) {
            if (!older.hash().equals(Hash.ZERO)) {
                throw new TreeForkException(name(), older, newer, Hash.ZERO, List.of(), null);
            }
            return;
        }
        TileHashReader thr = new TileHashReader(newer.tree(), tiles);
        Hash h = Tlog.treeHash(older.size(), thr);
        if (h.equals(older.hash())) {
            return;
        }
        // A fork. Prove it with the hashes already read: the newer tree holds h, not older.hash(), at older.size().
        List<Hash> proof = List.of();
        String problem = null;
        try {
            proof = TlogProofs.proveTree(newer.size(), older.size(), thr);
            TlogProofs.checkTree(proof, newer.size(), newer.hash(), older.size(), h);
        } catch (InvalidProofException e) {
            problem = "internal error: generated inconsistent proof";
            proof = List.of();
        } catch (IOException | SumdbException e) {
            problem = "internal error: " + e.getMessage();
            proof = List.of();
        }
        throw new TreeForkException(name(), older, newer, h, proof, problem);
    }

    /** Checks that record {@code id} of {@code tree} has the hash of {@code text}. */
    private void checkRecord(long id, byte[] text, TreeHead tree, Tiles tiles) throws IOException, SumdbException {
        if (id >= tree.size()) {
            throw new RecordVerificationException("cannot validate record " + id + " in tree of size " + tree.size()
                    + " (checksum database " + name() + ")");
        }
        Hash inTree = new TileHashReader(tree, tiles).readHashes(new long[] {Tlog.storedHashIndex(0, id)}).get(0);
        if (!inTree.equals(Tlog.recordHash(text))) {
            throw new RecordVerificationException("cannot authenticate record data in server response: record " + id
                    + " from checksum database " + name() + " is not the record " + tree + " holds");
        }
    }

    // ---- tiles ----

    /**
     * The tiles of one verification: each fetched at most once (memoized for the call), full tiles from the cache
     * when there, a partial tile the database no longer serves taken from the full one; authenticated full tiles
     * are put in the cache.
     */
    private final class Tiles implements TileReader {
        private final Map<Tile, byte[]> fetched = new ConcurrentHashMap<>();
        private final Set<Tile> cached = ConcurrentHashMap.newKeySet();

        @Override
        public int height() {
            return tileHeight;
        }

        @Override
        public List<byte[]> readTiles(List<Tile> tiles) throws IOException, SumdbException {
            List<Tile> missing = new ArrayList<>();
            for (Tile t : tiles) {
                if (!fetched.containsKey(t) && !fromCache(t)) {
                    missing.add(t);
                }
            }
            if (missing.size() == 1) {
                fetched.put(missing.get(0), readRemote(missing.get(0)));
            } else if (!missing.isEmpty()) {
                fetchInParallel(missing);
            }
            List<byte[]> out = new ArrayList<>(tiles.size());
            for (Tile t : tiles) {
                out.add(fetched.get(t));
            }
            return out;
        }

        @Override
        public void saveTiles(List<Tile> tiles, List<byte[]> data) {
            for (int i = 0; i < tiles.size(); i++) {
                Tile t = tiles.get(i);
                if (t.isFull() && cached.add(t)) {
                    cache.put(name(), t, data.get(i));
                }
            }
        }

        private boolean fromCache(Tile t) {
            byte[] d = cache.get(name(), t.full()).orElse(null);
            int want = t.w() * Hash.SIZE;
            if (d == null || d.length < want) {
                return false;
            }
            // The cache holds authenticated full tiles only; a prefix of one is equally authenticated.
            fetched.put(t, d.length == want ? d : Arrays.copyOf(d, want));
            if (t.isFull()) {
                cached.add(t);
            }
            return true;
        }

        private void fetchInParallel(List<Tile> missing) throws IOException, SumdbException {
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<byte[]>> futures = new ArrayList<>();
                for (Tile t : missing) {
                    futures.add(pool.submit(() -> readRemote(t)));
                }
                for (int i = 0; i < missing.size(); i++) {
                    fetched.put(missing.get(i), await(futures.get(i)));
                }
            }
        }

        private byte[] readRemote(Tile t) throws IOException, SumdbException {
            try {
                return fetcher.fetch("/" + t.path());
            } catch (SumdbNotFoundException e) {
                if (t.isFull()) {
                    throw e;
                }
                // A partial tile may be gone once the full tile exists: take the prefix of the full one.
                byte[] full;
                try {
                    full = fetcher.fetch("/" + t.full().path());
                } catch (SumdbNotFoundException e2) {
                    throw e;
                }
                int want = t.w() * Hash.SIZE;
                return full.length >= want ? Arrays.copyOf(full, want) : full;
            }
        }
    }

    private static byte[] await(Future<byte[]> f) throws IOException, SumdbException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching tiles", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof SumdbException s) {
                throw s;
            }
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IOException("fetching a tile failed", c);
        }
    }
}
