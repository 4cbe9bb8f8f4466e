package dev.modvault.web.sumdb;

import dev.modvault.core.audit.AuditAction;
import dev.modvault.core.audit.AuditEvent;
import dev.modvault.core.audit.AuditSink;
import dev.modvault.core.error.InvalidRequestException;
import dev.modvault.core.module.ModulePath;
import dev.modvault.core.module.PathEscaping;
import dev.modvault.core.module.Version;
import dev.modvault.core.module.PathPatterns;
import dev.modvault.core.policy.PolicyRule;
import dev.modvault.core.policy.PolicySnapshot;
import dev.modvault.core.policy.RuleKind;
import dev.modvault.core.sumdb.Records;
import dev.modvault.core.sumdb.SumdbException;
import dev.modvault.core.sumdb.SumdbNotFoundException;
import dev.modvault.core.sumdb.Tile;
import dev.modvault.core.sumdb.TileCache;
import dev.modvault.core.sumdb.TreeForkException;
import dev.modvault.core.verify.ChecksumDatabase;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proxies the configured checksum databases for clients, the way a GOPROXY may ({@code GOSUMDB} set to a verifier key
 * without URL makes the go command use {@code <GOPROXY>/sumdb/<name>/}):
 * <ul>
 *   <li>{@code /sumdb/<name>/supported}: 200 for a configured database (404 for any other name);</li>
 *   <li>{@code /sumdb/<name>/lookup/<module>@<version>}: forwarded, unless the module is PRIVATE or NOSUMDB: then 403
 *       with a line telling the user to set GONOSUMDB, and the path never leaves Modvault;</li>
 *   <li>{@code /sumdb/<name>/latest} and the signed tree head in each lookup answer are checked against the
 *       database's key and against the tree head Modvault verified before, so a forked database is refused (502,
 *       SECURITY audit event) even to a client without a memory of its own, such as a fresh CI container;</li>
 *   <li>{@code /sumdb/<name>/tile/...}: full tiles from the cache (those Modvault authenticated itself first), else
 *       forwarded and kept; partial tiles are always forwarded.</li>
 * </ul>
 * Errors are one line of text/plain, as the go command shows them.
 */
public final class SumdbProxyFilter extends HttpFilter {

    private static final Logger log = LoggerFactory.getLogger(SumdbProxyFilter.class);
    private static final String PREFIX = "/sumdb/";
    private static final String TOOLCHAIN = "golang.org/toolchain";

    private final ChecksumDatabases databases;
    private final Supplier<PolicySnapshot> policy;
    private final TileCache verifiedTiles;
    private final TileCache proxiedTiles;
    private final AuditSink audit;
    private final Clock clock;
    private final AtomicLong forwarded = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    public SumdbProxyFilter(ChecksumDatabases databases, Supplier<PolicySnapshot> policy, TileCache verifiedTiles,
                            TileCache proxiedTiles, AuditSink audit, Clock clock) {
        this.databases = databases;
        this.policy = policy;
        this.verifiedTiles = verifiedTiles;
        this.proxiedTiles = proxiedTiles;
        this.audit = audit;
        this.clock = clock;
    }

    /** Requests answered from a database (forwarded, whatever the outcome). */
    public long forwarded() {
        return forwarded.get();
    }

    /** Lookups refused because the module must not be looked up in a checksum database. */
    public long refused() {
        return refused.get();
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!path.startsWith(PREFIX)) {
            chain.doFilter(request, response);
            return;
        }
        boolean head = "HEAD".equals(request.getMethod());
        if (!head && !"GET".equals(request.getMethod())) {
            response.setHeader("Allow", "GET, HEAD");
            text(response, 405, "method " + request.getMethod() + " not allowed: the checksum database is read-only",
                    head);
            return;
        }
        String rest = path.substring(PREFIX.length());
        Optional<ChecksumDatabase> database = databases.all().stream()
                .filter(d -> rest.startsWith(d.name() + "/")).findFirst();
        if (database.isEmpty()) {
            text(response, 404, "not found: Modvault proxies no checksum database at " + path + " (configured: "
                    + String.join(", ", databases.names()) + ")", head);
            return;
        }
        String sub = rest.substring(database.get().name().length());
        try {
            serve(database.get(), sub, response, head);
        } catch (SumdbNotFoundException e) {
            text(response, 404, "not found: " + e.getMessage(), head);
        } catch (TreeForkException e) {
            log.error("SECURITY ALERT: checksum database {} has forked: {}", database.get().name(), e.getMessage());
            audit.record(new AuditEvent(clock.instant(), AuditAction.SECURITY, "system", request.getRemoteAddr(), null,
                    null, null, "sumdb", 502, null, null, null,
                    "{\"event\":\"sumdb-fork\",\"database\":\"" + database.get().name() + "\"}"));
            text(response, 502, "SECURITY ERROR: checksum database " + database.get().name() + " has forked: its tree"
                    + " head is inconsistent with the one Modvault verified before; refusing to pass it on", head);
        } catch (SumdbException e) {
            text(response, 502, "checksum database " + database.get().name() + " answered " + sub
                    + " with something that does not verify: " + e.getMessage(), head);
        } catch (IOException e) {
            text(response, 502, "checksum database " + database.get().name() + " cannot be reached: "
                    + e.getMessage(), head);
        } catch (IllegalArgumentException | InvalidRequestException e) {
            text(response, 400, "bad request: " + e.getMessage(), head);
        }
    }

    private void serve(ChecksumDatabase database, String sub, HttpServletResponse response, boolean head)
            throws IOException, SumdbException {
        if (sub.equals("/supported")) {
            send(response, new byte[0], "text/plain; charset=utf-8", "no-cache", head);
        } else if (sub.equals("/latest")) {
            byte[] note = fetch(database, "/latest");
            database.verifier().verifyTreeHead(note);
            send(response, note, "text/plain; charset=utf-8", "no-cache", head);
        } else if (sub.startsWith("/lookup/")) {
            lookup(database, sub, response, head);
        } else if (sub.startsWith("/tile/")) {
            tile(database, sub, response, head);
        } else {
            text(response, 404, "not found: checksum databases serve supported, latest, lookup/ and tile/, not "
                    + sub, head);
        }
    }

    private void lookup(ChecksumDatabase database, String sub, HttpServletResponse response, boolean head)
            throws IOException, SumdbException {
        String modVer = sub.substring("/lookup/".length());
        int at = modVer.indexOf('@');
        if (at <= 0) {
            throw new IllegalArgumentException("invalid module@version syntax: " + modVer);
        }
        String escaped = URLDecoder.decode(modVer.substring(0, at).replace("+", "%2B"), StandardCharsets.UTF_8);
        ModulePath module = ModulePath.fromEscaped(escaped);
        String version = URLDecoder.decode(modVer.substring(at + 1).replace("+", "%2B"), StandardCharsets.UTF_8);
        if (version.contains("/") || !Version.isCanonical(PathEscaping.unescapeVersion(version))) {
            throw new IllegalArgumentException("invalid module@version syntax: " + modVer);
        }
        PolicySnapshot snapshot = policy.get();
        if (!module.value().equals(TOOLCHAIN) && snapshot.isNoSumDb(module.value())) {
            refused.incrementAndGet();
            text(response, 403, module + " is private to Modvault (" + rule(snapshot, module.value())
                    + "): it is never looked up in a checksum database. Set GONOSUMDB for it on the client, e.g."
                    + " go env -w GONOSUMDB=" + pattern(snapshot, module.value()), head);
            return;
        }
        byte[] answer = fetch(database, sub);
        database.verifier().verifyTreeHead(Records.parse(answer).rest());
        send(response, answer, "text/plain; charset=utf-8", "no-cache", head);
    }

    private void tile(ChecksumDatabase database, String sub, HttpServletResponse response, boolean head)
            throws IOException, SumdbException {
        Tile tile = Tile.parse(sub.substring(1));
        String type = tile.isData() ? "text/plain; charset=utf-8" : "application/octet-stream";
        if (tile.isFull()) {
            Optional<byte[]> cached = verifiedTiles.get(database.name(), tile)
                    .or(() -> proxiedTiles.get(database.name(), tile));
            if (cached.isPresent()) {
                send(response, cached.get(), type, "public, max-age=31536000, immutable", head);
                return;
            }
        }
        byte[] data = fetch(database, sub);
        if (tile.isFull() && (tile.isData() || data.length == tile.w() * 32)) {
            proxiedTiles.put(database.name(), tile, data);
        }
        send(response, data, type, tile.isFull() ? "public, max-age=31536000, immutable" : "no-cache", head);
    }

    private byte[] fetch(ChecksumDatabase database, String path) throws IOException, SumdbNotFoundException {
        forwarded.incrementAndGet();
        return database.fetcher().fetch(path);
    }

    private static Optional<PolicyRule> matching(PolicySnapshot snapshot, String module) {
        return snapshot.privateRule(module).or(() -> snapshot.rules().stream()
                .filter(r -> r.kind() == RuleKind.NOSUMDB && PathPatterns.parse(r.pattern()).matches(module))
                .findFirst());
    }

    private static String rule(PolicySnapshot snapshot, String module) {
        return matching(snapshot, module).map(r -> "Modvault policy rule " + r.id() + ": " + r.kind() + " "
                + r.pattern()).orElse("Modvault policy");
    }

    private static String pattern(PolicySnapshot snapshot, String module) {
        return matching(snapshot, module).map(PolicyRule::pattern).orElse(module);
    }

    private static void send(HttpServletResponse response, byte[] body, String type, String cacheControl,
                             boolean head) throws IOException {
        response.setStatus(200);
        response.setContentType(type);
        response.setHeader("Cache-Control", cacheControl);
        response.setContentLength(body.length);
        if (!head) {
            response.getOutputStream().write(body);
        }
    }

    private static void text(HttpServletResponse response, int status, String message, boolean head)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType("text/plain; charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        byte[] body = (message.replaceAll("[\\p{Cntrl}]+", " ").strip() + "\n").getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        if (!head) {
            response.getOutputStream().write(body);
        }
    }
}
