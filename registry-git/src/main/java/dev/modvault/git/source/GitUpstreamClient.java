package dev.modvault.git.source;

import dev.modvault.core.error.ArtifactTooLargeException;
import dev.modvault.core.error.ChecksumMismatchException;
import dev.modvault.core.error.NotFoundException;
import dev.modvault.core.error.RegistryException;
import dev.modvault.core.error.StorageFailureException;
import dev.modvault.core.module.ModulePath;
import dev.modvault.core.module.PathEscaping;
import dev.modvault.core.module.Semver;
import dev.modvault.core.module.Version;
import dev.modvault.core.upstream.BodyReader;
import dev.modvault.core.upstream.UpstreamClient;
import dev.modvault.git.GitMirror;
import dev.modvault.git.GitModuleSource;
import dev.modvault.git.RevInfo;
import java.io.ByteArrayInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link UpstreamClient} answering GOPROXY paths from git repositories, so that caching, single flight, TOFU
 * hashes, policy, access control, audit and metrics apply to git-built modules exactly as to proxied ones.
 *
 * <ul>
 *   <li>The module path picks a {@link GitSource} (most path elements wins); a template gives the repository URL,
 *       discovery asks the module's host (go-import), and the answer passes the {@link HostGuard}.</li>
 *   <li>{@code @v/list}, {@code @latest}, {@code @v/<query>.info}, {@code .mod} and {@code .zip} come from a
 *       {@link GitModuleSource} over the repository's {@link GitMirror} mirror. Zips are built into a temporary
 *       file under {@code spoolDir} and streamed from there, never held in memory.</li>
 *   <li>Tags that move: a {@code .mod} or {@code .zip} of a tagged version whose tag now names another commit than
 *       the {@code Origin.Hash} cached with the version is refused ({@link ChecksumMismatchException}) and reported;
 *       so is a cached version's tag that a mirror fetch moves.</li>
 * </ul>
 * Thread-safe. Messages never contain credentials or URLs with user information.
 */
public final class GitUpstreamClient implements UpstreamClient {

    private static final Logger log = LoggerFactory.getLogger(GitUpstreamClient.class);

    private final List<GitSource> sources;
    private final GitMirror mirror;
    private final GoImportDiscovery discovery;
    private final HostGuard guard;
    private final OriginLedger ledger;
    private final TagMove.Listener listener;
    private final Path spoolDir;
    /** Repository URL to repository root path, for mapping tags moved by a fetch to module versions. */
    private final Map<String, String> rootsByUrl = new ConcurrentHashMap<>();
    /** Moves already reported (module@version -> current hash), so each is reported once per process. */
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    public GitUpstreamClient(List<GitSource> sources, GitMirror mirror, GoImportDiscovery discovery, HostGuard guard,
                             OriginLedger ledger, TagMove.Listener listener, Path spoolDir) {
        this.sources = sources.stream().sorted(Comparator.comparingInt(GitSource::elements).reversed()).toList();
        this.mirror = Objects.requireNonNull(mirror, "mirror");
        this.discovery = discovery;
        this.guard = Objects.requireNonNull(guard, "guard");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.spoolDir = Objects.requireNonNull(spoolDir, "spoolDir");
        mirror.onTagMoved(this::fetchMovedTag);
    }

    /** Whether some source maps {@code module} (then PRIVATE rules use git for it rather than private proxies). */
    public boolean handles(ModulePath module) {
        return source(module.value()).isPresent();
    }

    private Optional<GitSource.Match> source(String modulePath) {
        for (GitSource s : sources) {
            Optional<GitSource.Match> m = s.match(modulePath);
            if (m.isPresent()) {
                return m;
            }
        }
        return Optional.empty();
    }

    @Override
    public <T> T get(String path, long maxBytes, BodyReader<T> reader) {
        int at = path.indexOf("/@");
        if (at <= 0) {
            throw new NotFoundException("not found: " + path);
        }
        ModulePath module;
        try {
            module = ModulePath.fromEscaped(path.substring(0, at));
        } catch (RegistryException e) {
            throw new NotFoundException("not found: " + e.getMessage());
        }
        String rest = path.substring(at + 1);
        GitModuleSource source = moduleSource(module);
        try {
            if (rest.equals("@v/list")) {
                StringBuilder list = new StringBuilder();
                source.list().forEach(v -> list.append(v.value()).append('\n'));
                return small(list.toString().getBytes(StandardCharsets.UTF_8), maxBytes, reader);
            }
            if (rest.equals("@latest")) {
                return small(source.latest().toJson().getBytes(StandardCharsets.UTF_8), maxBytes, reader);
            }
            if (!rest.startsWith("@v/")) {
                throw new NotFoundException("not found: " + path);
            }
            String file = rest.substring(3);
            int dot = file.lastIndexOf('.');
            if (dot <= 0) {
                throw new NotFoundException("not found: " + path);
            }
            String query = PathEscaping.unescapeVersion(file.substring(0, dot));
            String ext = file.substring(dot + 1);
            return switch (ext) {
                case "info" -> small(source.info(query).toJson().getBytes(StandardCharsets.UTF_8), maxBytes, reader);
                case "mod" -> {
                    Version version = canonical(module, query);
                    checkNotMoved(module, version, source);
                    yield small(source.mod(version), maxBytes, reader);
                }
                case "zip" -> {
                    Version version = canonical(module, query);
                    checkNotMoved(module, version, source);
                    yield zip(source, version, maxBytes, reader);
                }
                default -> throw new NotFoundException("not found: " + path);
            };
        } catch (IOException e) {
            throw new StorageFailureException("could not spool a git-built artifact of " + module
                    + " to local disk, try again later", e);
        } catch (UncheckedIOException e) {
            throw new StorageFailureException("could not spool a git-built artifact of " + module
                    + " to local disk, try again later", e.getCause());
        }
    }

    private GitModuleSource moduleSource(ModulePath module) {
        GitSource.Match match = source(module.value()).orElseThrow(() -> new NotFoundException(
                "not found: no git source maps " + module + " (modvault.git.sources)"));
        String root = match.root();
        String url = match.url();
        if (match.source().discovery()) {
            if (discovery == null) {
                throw new NotFoundException("not found: go-import discovery is not configured");
            }
            GoImportDiscovery.GoImport found = discovery.discover(match.source(), module.value());
            root = found.root();
            url = found.url();
        } else {
            guard.checkRepositoryScheme(HostGuard.repositoryUri(url), "repository URL of " + module);
        }
        rootsByUrl.put(url, root);
        return new GitModuleSource(mirror.repository(url), root, module);
    }

    private static Version canonical(ModulePath module, String query) {
        if (!Version.isCanonical(query)) {
            throw new NotFoundException("not found: " + module + "@" + query + ": not a canonical version");
        }
        return Version.of(query);
    }

    /** Refuses a tagged version whose tag names another commit than the one recorded when it was cached. */
    private void checkNotMoved(ModulePath module, Version version, GitModuleSource source) {
        if (version.isPseudo()) {
            return; // the commit is part of the version
        }
        Optional<String> recorded = ledger.recordedHash(module.value(), version.value());
        if (recorded.isEmpty()) {
            return;
        }
        RevInfo current = source.info(version.value());
        String hash = current.origin() == null ? null : current.origin().hash();
        if (hash != null && !hash.equals(recorded.get())) {
            String ref = current.origin().ref() != null ? current.origin().ref() : version.value();
            report(new TagMove(module.value(), version.value(), ref, GitMirror.describe(current.origin().url()),
                    recorded.get(), hash, "request"));
            throw new ChecksumMismatchException(module + "@" + version + ": tag " + ref + " moved from commit "
                    + recorded.get() + " (when Modvault cached this version) to " + hash
                    + "; Modvault keeps serving only what it recorded first");
        }
    }

    /** A tag a mirror fetch moved: reported for each cached module version it stands for. */
    private void fetchMovedTag(String url, String tag, String oldCommit, String newCommit) {
        String root = rootsByUrl.get(url);
        if (root == null) {
            return;
        }
        String name = tag.substring("refs/tags/".length());
        int slash = name.lastIndexOf('/');
        String dir = slash < 0 ? "" : name.substring(0, slash);
        String v = name.substring(slash + 1);
        if (!Semver.isValid(v)) {
            return;
        }
        String base = dir.isEmpty() ? root : root + "/" + dir;
        String major = Semver.major(v);
        List<String[]> candidates = new ArrayList<>();
        if (major.equals("v0") || major.equals("v1")) {
            candidates.add(new String[] {base, v});
        } else {
            candidates.add(new String[] {base + "/" + major, v});
            candidates.add(new String[] {base, v + "+incompatible"});
        }
        for (String[] c : candidates) {
            ledger.recordedHash(c[0], c[1]).filter(h -> !h.equals(newCommit)).ifPresent(h ->
                    report(new TagMove(c[0], c[1], tag, GitMirror.describe(url), h, newCommit, "fetch")));
        }
    }

    private void report(TagMove move) {
        if (!reported.add(move.module() + "@" + move.version() + "@" + move.currentHash())) {
            return;
        }
        log.warn("SECURITY: git tag {} of {} moved from {} (cached {}@{}) to {}; the cached version is kept",
                move.ref(), move.url(), move.recordedHash(), move.module(), move.version(), move.currentHash());
        try {
            listener.tagMoved(move);
        } catch (RuntimeException e) {
            log.warn("tag move listener failed: {}", e.toString());
        }
    }

    private static <T> T small(byte[] body, long maxBytes, BodyReader<T> reader) throws IOException {
        if (body.length > maxBytes) {
            throw new ArtifactTooLargeException("git-built artifact is larger than " + maxBytes + " bytes");
        }
        return reader.read(new ByteArrayInputStream(body));
    }

    private <T> T zip(GitModuleSource source, Version version, long maxBytes, BodyReader<T> reader)
            throws IOException {
        Files.createDirectories(spoolDir);
        Path tmp = Files.createTempFile(spoolDir, "git-zip-", ".tmp");
        try {
            try (OutputStream out = new Limited(Files.newOutputStream(tmp), maxBytes, source.modulePath(), version)) {
                source.zip(version, out);
            }
            try (InputStream in = Files.newInputStream(tmp)) {
                return reader.read(in);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Refuses output beyond a limit. */
    private static final class Limited extends FilterOutputStream {
        private final long limit;
        private final String module;
        private final Version version;
        private long written;

        Limited(OutputStream out, long limit, String module, Version version) {
            super(out);
            this.limit = limit;
            this.module = module;
            this.version = version;
        }

        @Override
        public void write(int b) throws IOException {
            count(1);
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            count(len);
            out.write(b, off, len);
        }

        private void count(long n) {
            written += n;
            if (written > limit) {
                throw new ArtifactTooLargeException(module + "@" + version + ": module zip is larger than " + limit
                        + " bytes");
            }
        }
    }
}
