package dev.modvault.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.modvault.core.sumdb.Hash;
import dev.modvault.core.sumdb.Records;
import dev.modvault.core.sumdb.SignedTreeHead;
import dev.modvault.core.sumdb.SignerKey;
import dev.modvault.core.sumdb.SumdbException;
import dev.modvault.core.sumdb.Tile;
import dev.modvault.core.sumdb.Tlog;
import dev.modvault.core.sumdb.TreeHead;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Go checksum database over loopback HTTP, for tests of the go command and of Modvault's verifier: a
 * transparency log (golang.org/x/mod/sumdb/tlog, tile height 8) of the records added to it, signed with a key it
 * generates at start ({@link #verifierKey()}; name {@value #DEFAULT_NAME} unless given).
 *
 * <p>Serves exactly what golang.org/x/mod/sumdb/server.go serves:
 * <ul>
 *   <li>{@code /latest}: the signed tree head note</li>
 *   <li>{@code /lookup/<escaped path>@<escaped version>}: the record id, the record text
 *       ({@code <path> <version> h1:...\n<path> <version>/go.mod h1:...\n}, as sum.golang.org has it), a blank line,
 *       then the signed tree head; 400 for a malformed module@version, 404 (or {@link #unknownRecordStatus 410}) for
 *       an unknown one</li>
 *   <li>{@code /tile/8/<L>/<N>[.p/<W>]}: hash tiles, full and partial, and {@code /tile/8/data/...}: data tiles (the
 *       records, each formatted as in a lookup); 404 for a tile beyond the tree, 400 for a malformed tile path</li>
 * </ul>
 * The same paths are served under {@code /sumdb/<name>/}, with {@code /sumdb/<name>/supported} answering 200: the
 * layout of a GOPROXY that proxies the database ({@link #proxyPrefixUri()}). GET and HEAD are served; every request
 * path (percent-decoded) is logged in arrival order, thread-safely ({@link #requestLog}, {@link #requests}).
 *
 * <p>Faults, settable at any time:
 * <ul>
 *   <li>{@link #setRecordOverride}: the database logs other hashes for a module version (its tree is rebuilt with
 *       them), so everything it serves is consistent and validly signed but vouches for a wrong hash: the go command
 *       reports a checksum mismatch ("SECURITY ERROR"). Set it before a client first sees the log: changing a logged
 *       record is itself a fork for a client that saw the old tree.</li>
 *   <li>{@link #tamperLookup}: lookup answers for a module version carry another record text while the tree is
 *       unchanged (an altered answer): verification fails ("cannot authenticate record data").</li>
 *   <li>{@link #serveFork}: everything is served from a forked log: same size, record 0 with other hashes, validly
 *       signed. A client that saw the real tree must detect the fork; one that never did cannot.</li>
 * </ul>
 */
public final class TestChecksumDatabase implements AutoCloseable {

    /** The name of the database unless one is given: a host name, as GOSUMDB requires. */
    public static final String DEFAULT_NAME = "sum.test.example";

    /** The tile height the go command uses. */
    public static final int TILE_HEIGHT = 8;

    private static final Logger log = LoggerFactory.getLogger(TestChecksumDatabase.class);

    /** x/mod sumdb/server.go modVerRE. */
    private static final Pattern MOD_VER = Pattern.compile(
            "^[^@]+@v[0-9]+\\.[0-9]+\\.[0-9]+(-[^@]*)?(\\+incompatible)?$");

    private final SignerKey signer;
    private final HttpServer server;
    private final ExecutorService executor;
    private final URI uri;
    private final String prefix;
    private final List<String> requestLog = new CopyOnWriteArrayList<>();
    private final AtomicBoolean stopped = new AtomicBoolean();

    private final Object lock = new Object();
    // guarded by lock:
    private final List<String> keys = new ArrayList<>(); // path@version in log order
    private final Map<String, String> texts = new HashMap<>(); // path@version -> logged record text
    private final Map<String, String> overrides = new HashMap<>();
    private Log real;
    private Log forked;

    private final Map<String, String> tampered = new ConcurrentHashMap<>();
    private volatile boolean fork;
    private volatile int unknownStatus = 404;

    private TestChecksumDatabase(String name, Collection<FixtureModule> initial) throws IOException {
        this.signer = SignerKey.generate(name);
        this.prefix = "/sumdb/" + name;
        initial.forEach(this::add);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        log.debug("TestChecksumDatabase {} serving {} records at {}", name, initial.size(), uri);
    }

    /** Starts an empty database named {@value #DEFAULT_NAME}. */
    public static TestChecksumDatabase start() throws IOException {
        return new TestChecksumDatabase(DEFAULT_NAME, List.of());
    }

    /** Starts an empty database with this name (a host name, optionally with a path). */
    public static TestChecksumDatabase start(String name) throws IOException {
        return new TestChecksumDatabase(name, List.of());
    }

    /** Starts a database named {@value #DEFAULT_NAME} holding the fixtures, in {@link Fixtures#all()} order. */
    public static TestChecksumDatabase start(Fixtures fixtures) throws IOException {
        return new TestChecksumDatabase(DEFAULT_NAME, fixtures.all());
    }

    /** Starts a database named {@value #DEFAULT_NAME} holding these modules, in order. */
    public static TestChecksumDatabase start(Collection<FixtureModule> modules) throws IOException {
        return new TestChecksumDatabase(DEFAULT_NAME, List.copyOf(modules));
    }

    // ---- identity ----

    /** The base URI, {@code http://127.0.0.1:<port>} (no trailing slash). */
    public URI uri() {
        return uri;
    }

    /** The same database as a proxy serves it: {@code <uri>/sumdb/<name>}. */
    public URI proxyPrefixUri() {
        return URI.create(uri + prefix);
    }

    /** The database name, e.g. {@value #DEFAULT_NAME}. */
    public String name() {
        return signer.name();
    }

    /** The verifier key, {@code <name>+<hash>+<key>}. */
    public String verifierKey() {
        return signer.verifierKey().encoded();
    }

    /** The signing key (a test database's secret is no secret). */
    public SignerKey signerKey() {
        return signer;
    }

    /** A GOSUMDB value naming this database and its URL: {@code <verifierKey> <uri>}. */
    public String gosumdb() {
        return verifierKey() + " " + uri;
    }

    // ---- records ----

    /** Logs the module's hashes; returns the record id. */
    public long add(FixtureModule module) {
        return add(module.path(), module.version(), module.zipHash(), module.modHash());
    }

    /** Logs every fixture, in {@link Fixtures#all()} order. */
    public void addAll(Fixtures fixtures) {
        fixtures.all().forEach(this::add);
    }

    /**
     * Logs the record {@code <path> <version> <zipHash>\n<path> <version>/go.mod <modHash>\n}; returns its id.
     *
     * @throws IllegalArgumentException when {@code path@version} is already logged or the text is not a record
     */
    public long add(String path, String version, String zipHash, String modHash) {
        String key = key(path, version);
        String text = recordText(path, version, zipHash, modHash);
        requireRecordText(text);
        synchronized (lock) {
            if (texts.containsKey(key)) {
                throw new IllegalArgumentException(key + " is already in the log");
            }
            keys.add(key);
            texts.put(key, text);
            real = null;
            forked = null;
            return keys.size() - 1L;
        }
    }

    /** The record id of {@code path@version}, if logged. */
    public Optional<Long> recordId(String path, String version) {
        synchronized (lock) {
            int i = keys.indexOf(key(path, version));
            return i < 0 ? Optional.empty() : Optional.of((long) i);
        }
    }

    /** The number of records. */
    public long size() {
        synchronized (lock) {
            return keys.size();
        }
    }

    /** The real (not forked) signed tree head, as {@code /latest} serves it when not forking. */
    public SignedTreeHead treeHead() {
        return realLog().head;
    }

    // ---- faults ----

    /**
     * Logs other hashes for {@code path@version} (which must be logged): the tree is rebuilt with the record
     * {@code <path> <version> <zipHash>\n<path> <version>/go.mod <modHash>\n} in its place. See the class comment.
     */
    public void setRecordOverride(String path, String version, String zipHash, String modHash) {
        String key = key(path, version);
        String text = recordText(path, version, zipHash, modHash);
        requireRecordText(text);
        synchronized (lock) {
            if (!texts.containsKey(key)) {
                throw new IllegalArgumentException(key + " is not in the log");
            }
            overrides.put(key, text);
            real = null;
            forked = null;
        }
    }

    /** Logs the original hashes of {@code path@version} again. */
    public void clearRecordOverride(String path, String version) {
        synchronized (lock) {
            if (overrides.remove(key(path, version)) != null) {
                real = null;
                forked = null;
            }
        }
    }

    /**
     * Lookup answers for {@code path@version} carry {@code recordText} (valid record text, ending in a newline)
     * instead of the logged record; the tree and tiles are unchanged.
     */
    public void tamperLookup(String path, String version, String recordText) {
        requireRecordText(recordText);
        tampered.put(key(path, version), recordText);
    }

    /** Lookup answers for {@code path@version} carry the logged record again. */
    public void clearTamper(String path, String version) {
        tampered.remove(key(path, version));
    }

    /**
     * Serves the forked log (true) or the real one (false): same size, record 0's hashes replaced, validly signed
     * with the same key. With an empty log there is nothing to fork and the real one is served.
     */
    public void serveFork(boolean forked) {
        this.fork = forked;
    }

    public boolean isServingFork() {
        return fork;
    }

    /** The status for lookups of unknown module versions: 404 (default) or 410, as sum.golang.org uses both. */
    public void unknownRecordStatus(int status) {
        if (status != 404 && status != 410) {
            throw new IllegalArgumentException("404 or 410, not " + status);
        }
        this.unknownStatus = status;
    }

    // ---- request log ----

    /** Request paths, percent-decoded and without query, in arrival order. A snapshot. */
    public List<String> requestLog() {
        return List.copyOf(requestLog);
    }

    /** How many requests had exactly this path or a path ending with it (e.g. {@code "/latest"}). */
    public int requests(String pathSuffixOrExact) {
        Objects.requireNonNull(pathSuffixOrExact);
        return (int) requestLog.stream().filter(p -> p.endsWith(pathSuffixOrExact)).count();
    }

    /** The tile requests, in arrival order (paths without any {@code /sumdb/<name>} prefix). */
    public List<String> tileRequests() {
        return requestLog.stream().map(this::stripPrefix).filter(p -> p.startsWith("/tile/")).toList();
    }

    public void clearRequestLog() {
        requestLog.clear();
    }

    // ---- lifecycle ----

    /** Stops at once. Idempotent. */
    public void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        server.stop(0);
        executor.shutdownNow();
    }

    @Override
    public void close() {
        stop();
    }

    // ---- the log ----

    /** An immutable built log: record texts, stored hashes, signed head. */
    private static final class Log {
        final List<byte[]> records;
        final List<Hash> hashes;
        final SignedTreeHead head;

        Log(List<byte[]> records, SignerKey signer) {
            this.records = List.copyOf(records);
            List<Hash> hs = new ArrayList<>();
            try {
                for (int i = 0; i < records.size(); i++) {
                    hs.addAll(Tlog.storedHashesForRecordHash(i, Tlog.recordHash(records.get(i)), idx -> read(hs, idx)));
                }
                this.hashes = List.copyOf(hs);
                Hash treeHash = Tlog.treeHash(records.size(), idx -> read(hashes, idx));
                this.head = SignedTreeHead.sign(new TreeHead(records.size(), treeHash), signer);
            } catch (IOException | SumdbException e) {
                throw new IllegalStateException("building the log", e); // in-memory reads cannot fail
            }
        }

        long size() {
            return records.size();
        }

        static List<Hash> read(List<Hash> hashes, long[] indexes) {
            List<Hash> out = new ArrayList<>(indexes.length);
            for (long x : indexes) {
                out.add(hashes.get((int) x));
            }
            return out;
        }

        /** The tile's data, or null when the tree does not reach it. */
        byte[] tile(Tile t) throws IOException, SumdbException {
            long size = size();
            if (t.n() > (size >> t.h())) {
                return null; // beyond the tree (and n << h could overflow)
            }
            long start = t.n() << t.h();
            if (t.isData()) {
                if (start + t.w() > size) {
                    return null;
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                for (int i = 0; i < t.w(); i++) {
                    out.writeBytes(Records.format(start + i, records.get((int) (start + i))));
                }
                return out.toByteArray();
            }
            int level = t.h() * t.l();
            if (level >= 63 || start + t.w() > (size >> level)) {
                return null;
            }
            return t.readTileData(idx -> read(hashes, idx));
        }
    }

    private Log realLog() {
        synchronized (lock) {
            if (real == null) {
                real = new Log(effectiveRecords(), signer);
            }
            return real;
        }
    }

    private Log servedLog() {
        if (!fork) {
            return realLog();
        }
        synchronized (lock) {
            if (keys.isEmpty()) {
                return realLog();
            }
            if (forked == null) {
                List<byte[]> records = effectiveRecords();
                records.set(0, forkedText(new String(records.get(0), StandardCharsets.UTF_8)));
                forked = new Log(records, signer);
            }
            return forked;
        }
    }

    /** The record texts in log order, overrides applied; caller holds the lock. */
    private List<byte[]> effectiveRecords() {
        List<byte[]> out = new ArrayList<>(keys.size());
        for (String k : keys) {
            out.add(overrides.getOrDefault(k, texts.get(k)).getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    /** Each line's hash replaced by h1:base64(SHA-256("fork\n" + line)). */
    private static byte[] forkedText(String text) {
        StringBuilder sb = new StringBuilder();
        for (String line : text.split("\n")) {
            int sp = line.lastIndexOf(' ');
            byte[] digest = sha256().digest(("fork\n" + line).getBytes(StandardCharsets.UTF_8));
            sb.append(line, 0, sp + 1).append("h1:").append(Base64.getEncoder().encodeToString(digest)).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    // ---- serving ----

    private record Response(int status, String contentType, byte[] body) {
        static Response text(int status, String line) {
            return new Response(status, "text/plain; charset=utf-8",
                    (line.replace('\n', ' ') + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        requestLog.add(path);
        try (exchange) {
            String method = exchange.getRequestMethod();
            boolean head = method.equals("HEAD");
            if (!head && !method.equals("GET")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, Response.text(405, "method not allowed: " + method), false);
                return;
            }
            Response r;
            try {
                r = resolve(path);
            } catch (RuntimeException | IOException | SumdbException e) {
                log.warn("TestChecksumDatabase failed on {}", path, e);
                r = Response.text(500, "internal error: " + e);
            }
            send(exchange, r, head);
        }
    }

    private String stripPrefix(String path) {
        return path.startsWith(prefix + "/") ? path.substring(prefix.length()) : path;
    }

    private Response resolve(String rawPath) throws IOException, SumdbException {
        if (rawPath.equals(prefix + "/supported")) {
            return new Response(200, "text/plain; charset=utf-8", new byte[0]);
        }
        String path = stripPrefix(rawPath);
        if (path.equals("/latest")) {
            return new Response(200, "text/plain; charset=UTF-8", servedLog().head.noteBytes());
        }
        if (path.startsWith("/lookup/")) {
            return lookup(path.substring("/lookup/".length()));
        }
        if (path.startsWith("/tile/")) {
            Tile t;
            try {
                t = Tile.parse(path.substring(1));
            } catch (IllegalArgumentException e) {
                return Response.text(400, "invalid tile syntax");
            }
            byte[] data = servedLog().tile(t);
            if (data == null) {
                return Response.text(404, "not found: " + t.path() + " is beyond the tree");
            }
            return new Response(200, t.isData() ? "text/plain; charset=UTF-8" : "application/octet-stream", data);
        }
        return Response.text(404, "not found: " + rawPath);
    }

    private Response lookup(String mod) {
        if (!MOD_VER.matcher(mod).matches()) {
            return Response.text(400, "invalid module@version syntax");
        }
        int at = mod.indexOf('@');
        String path = unescape(mod.substring(0, at));
        String version = unescape(mod.substring(at + 1));
        if (path == null || version == null) {
            return Response.text(400, "invalid escaping in " + mod);
        }
        String key = key(path, version);
        Log served = servedLog();
        long id;
        synchronized (lock) {
            id = keys.indexOf(key);
        }
        if (id < 0 || id >= served.size()) {
            return Response.text(unknownStatus, "not found: " + key);
        }
        String tamper = tampered.get(key);
        byte[] text = tamper != null ? tamper.getBytes(StandardCharsets.UTF_8) : served.records.get((int) id);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(Records.format(id, text));
        out.writeBytes(served.head.noteBytes());
        return new Response(200, "text/plain; charset=UTF-8", out.toByteArray());
    }

    private static void send(HttpExchange exchange, Response response, boolean head) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", response.contentType());
        long length = response.body().length;
        if (head) {
            exchange.getResponseHeaders().set("Content-Length", Long.toString(length));
            exchange.sendResponseHeaders(response.status(), -1);
        } else if (length == 0) {
            exchange.sendResponseHeaders(response.status(), -1);
        } else {
            exchange.sendResponseHeaders(response.status(), length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response.body());
            }
        }
    }

    // ---- helpers ----

    private static String key(String path, String version) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(version, "version");
        return path + "@" + version;
    }

    private static String recordText(String path, String version, String zipHash, String modHash) {
        Objects.requireNonNull(zipHash, "zipHash");
        Objects.requireNonNull(modHash, "modHash");
        return path + " " + version + " " + zipHash + "\n" + path + " " + version + "/go.mod " + modHash + "\n";
    }

    private static void requireRecordText(String text) {
        if (!Records.isValidRecordText(text.getBytes(StandardCharsets.UTF_8))) {
            throw new IllegalArgumentException("not valid record text: " + text);
        }
    }

    /** Reverses the case escaping ('!' + lowercase for uppercase); null when malformed (as module.UnescapePath). */
    static String unescape(String escaped) {
        StringBuilder sb = new StringBuilder(escaped.length());
        boolean bang = false;
        for (int i = 0; i < escaped.length(); i++) {
            char c = escaped.charAt(i);
            if (bang) {
                if (c < 'a' || c > 'z') {
                    return null;
                }
                sb.append((char) (c - ('a' - 'A')));
                bang = false;
            } else if (c == '!') {
                bang = true;
            } else if (c >= 'A' && c <= 'Z') {
                return null;
            } else {
                sb.append(c);
            }
        }
        return bang ? null : sb.toString();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
