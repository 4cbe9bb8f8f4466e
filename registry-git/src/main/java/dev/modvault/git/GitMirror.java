package dev.modvault.git;

import dev.modvault.core.error.ArtifactTooLargeException;
import dev.modvault.core.error.UpstreamException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ProgressMonitor;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.TrackingRefUpdate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Local bare mirrors of remote git repositories, one per URL under a cache folder, kept as the go command keeps its
 * own: all branches and tags, and the remote HEAD.
 *
 * <ul>
 *   <li>A repository is cloned once, into a temporary folder renamed into place when complete, so a failed clone
 *       leaves nothing. One lock per repository (in this process, and a file lock across processes sharing the
 *       folder) makes concurrent requests wait for that one clone or fetch.</li>
 *   <li>Later fetches are incremental: when a query misses ({@link GitRepositoryAccess#fetch()}, at most once per
 *       {@code minFetchInterval}) or when the mirror is older than {@code refreshInterval}
 *       ({@link GitRepositoryAccess#fetchIfStale()}).</li>
 *   <li>Network operations time out after {@code timeout} of silence; a repository larger than
 *       {@code maxRepositoryBytes} on disk is refused and removed.</li>
 *   <li>Credentials come from {@link GitCredentials} by host; tokens never reach logs or messages.</li>
 *   <li>SSH URLs ({@code ssh://git@host/path.git}, {@code git@host:path.git}) use {@link GitSsh}: a key chosen by
 *       host name, host keys checked strictly against a known_hosts file; keys and passphrases never reach logs or
 *       messages.</li>
 * </ul>
 */
public final class GitMirror implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GitMirror.class);

    private static final RefSpec HEADS = new RefSpec("+refs/heads/*:refs/heads/*");
    private static final RefSpec TAGS = new RefSpec("+refs/tags/*:refs/tags/*");
    /** Asks the server to advertise HEAD, so the mirror knows which commit {@code latest} means. */
    private static final RefSpec HEAD = new RefSpec("HEAD");

    /**
     * How mirrors behave.
     *
     * @param cacheDir           where mirrors live (one bare repository per URL, named by the URL's SHA-256)
     * @param refreshInterval    how old a mirror may be before mutable queries (lists, branches, latest) fetch
     * @param minFetchInterval   the least time between two fetches a missing revision may trigger
     * @param timeout            network inactivity timeout of a clone or fetch
     * @param maxRepositoryBytes the largest mirror allowed on disk
     * @param urlRewrites        {@code insteadOf} rules: a URL starting with a key is fetched from the value + rest
     *                           (Origin URLs keep the declared URL)
     * @param credentials        tokens by host
     * @param maxTotalBytes      the most all mirrors together may take on disk; beyond it, the least recently used
     *                           mirrors not used for {@link #EVICTION_MIN_IDLE} are deleted (cloned again when needed)
     * @param ssh                SSH keys by host and known host keys for {@code ssh://} and {@code user@host:path}
     *                           URLs ({@link GitSsh#none()}: SSH URLs are refused); closed with the mirror
     */
    public record Settings(Path cacheDir, Duration refreshInterval, Duration minFetchInterval, Duration timeout,
                           long maxRepositoryBytes, Map<String, String> urlRewrites, GitCredentials credentials,
                           long maxTotalBytes, GitSsh ssh) {
        public Settings {
            Objects.requireNonNull(cacheDir, "cacheDir");
            Objects.requireNonNull(refreshInterval, "refreshInterval");
            Objects.requireNonNull(minFetchInterval, "minFetchInterval");
            Objects.requireNonNull(timeout, "timeout");
            urlRewrites = Map.copyOf(urlRewrites);
            Objects.requireNonNull(credentials, "credentials");
            Objects.requireNonNull(ssh, "ssh");
            if (maxRepositoryBytes <= 0) {
                throw new IllegalArgumentException("maxRepositoryBytes must be positive");
            }
            if (maxTotalBytes <= 0) {
                throw new IllegalArgumentException("maxTotalBytes must be positive");
            }
        }

        /**
         * Defaults: refresh after 1 minute, at most one miss-triggered fetch per 5 s, 2 minute timeout, 2 GiB per
         * repository, 20 GiB in total.
         */
        public static Settings defaults(Path cacheDir) {
            return new Settings(cacheDir, Duration.ofMinutes(1), Duration.ofSeconds(5), Duration.ofMinutes(2),
                    2L << 30, Map.of(), GitCredentials.none(), 20L << 30, GitSsh.none());
        }

        public Settings withRefreshInterval(Duration d) {
            return new Settings(cacheDir, d, minFetchInterval, timeout, maxRepositoryBytes, urlRewrites,
                    credentials, maxTotalBytes, ssh);
        }

        public Settings withMinFetchInterval(Duration d) {
            return new Settings(cacheDir, refreshInterval, d, timeout, maxRepositoryBytes, urlRewrites,
                    credentials, maxTotalBytes, ssh);
        }

        public Settings withTimeout(Duration d) {
            return new Settings(cacheDir, refreshInterval, minFetchInterval, d, maxRepositoryBytes, urlRewrites,
                    credentials, maxTotalBytes, ssh);
        }

        public Settings withMaxRepositoryBytes(long n) {
            return new Settings(cacheDir, refreshInterval, minFetchInterval, timeout, n, urlRewrites,
                    credentials, maxTotalBytes, ssh);
        }

        public Settings withUrlRewrites(Map<String, String> rewrites) {
            return new Settings(cacheDir, refreshInterval, minFetchInterval, timeout, maxRepositoryBytes, rewrites,
                    credentials, maxTotalBytes, ssh);
        }

        public Settings withMaxTotalBytes(long n) {
            return new Settings(cacheDir, refreshInterval, minFetchInterval, timeout, maxRepositoryBytes, urlRewrites,
                    credentials, n, ssh);
        }

        public Settings withSsh(GitSsh s) {
            return new Settings(cacheDir, refreshInterval, minFetchInterval, timeout, maxRepositoryBytes, urlRewrites,
                    credentials, maxTotalBytes, s);
        }

        public Settings withCredentials(GitCredentials c) {
            return new Settings(cacheDir, refreshInterval, minFetchInterval, timeout, maxRepositoryBytes, urlRewrites,
                    c, maxTotalBytes, ssh);
        }
    }

    /** How long a mirror must have been unused before eviction may delete it. */
    public static final Duration EVICTION_MIN_IDLE = Duration.ofMinutes(10);
    private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

    /** Told when a fetch moves a tag that already existed in the mirror to another commit. */
    @FunctionalInterface
    public interface TagMoveListener {
        /**
         * @param url       the repository URL as given to {@link #repository}
         * @param tag       the full ref name, {@code refs/tags/...}
         * @param oldCommit the commit the tag pointed to before the fetch
         * @param newCommit the commit it points to now
         */
        void tagMoved(String url, String tag, String oldCommit, String newCommit);
    }

    private final Settings settings;
    private final Clock clock;
    private final Map<String, Mirror> mirrors = new ConcurrentHashMap<>();
    private final List<TagMoveListener> tagListeners = new CopyOnWriteArrayList<>();

    public GitMirror(Settings settings) {
        this(settings, Clock.systemUTC());
    }

    GitMirror(Settings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The mirror of {@code url}; nothing is cloned until it is first read. */
    public GitRepositoryAccess repository(String url) {
        Objects.requireNonNull(url, "url");
        return mirrors.computeIfAbsent(url, Mirror::new);
    }

    /** Registers a listener for tags a fetch moved (called on the fetching thread, holding the mirror's lock). */
    public void onTagMoved(TagMoveListener listener) {
        tagListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Closes the open repositories (the mirrors stay on disk) and the SSH session factory. */
    @Override
    public void close() {
        mirrors.values().forEach(Mirror::closeRepository);
        mirrors.clear();
        settings.ssh().close();
    }

    /** The mirror of one URL. */
    private final class Mirror implements GitRepositoryAccess {
        private final String url;
        private final String fetchUrl;
        private final Path dir;
        private final Path lockFile;
        private final ReentrantLock lock = new ReentrantLock();
        private volatile Repository repository;
        private volatile Instant lastFetch = Instant.EPOCH;
        private volatile Instant lastTouch = Instant.EPOCH;

        Mirror(String url) {
            this.url = url;
            this.fetchUrl = rewrite(url);
            String name = sha256(url);
            this.dir = settings.cacheDir().resolve(name);
            this.lockFile = settings.cacheDir().resolve(name + ".lock");
        }

        @Override
        public String url() {
            return url;
        }

        @Override
        public Repository repository() throws IOException {
            touch();
            Repository r = repository;
            if (r != null && Files.isDirectory(dir.resolve("objects"))) {
                return r;
            }
            boolean[] cloned = {false};
            withLock(() -> {
                if (repository != null && !Files.isDirectory(dir.resolve("objects"))) {
                    closeRepository(); // evicted (possibly by another replica): clone again
                }
                if (repository == null) {
                    if (!Files.isDirectory(dir.resolve("objects"))) {
                        cloneInto();
                        cloned[0] = true;
                    }
                    repository = new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build();
                }
            });
            if (cloned[0]) {
                evictIfNeeded(dir);
            }
            return repository;
        }

        /** Marks the mirror as used now (a marker file's time, seen by every replica), at most once a minute. */
        private void touch() {
            Instant now = clock.instant();
            if (Duration.between(lastTouch, now).compareTo(TOUCH_INTERVAL) < 0) {
                return;
            }
            lastTouch = now;
            try {
                Files.createDirectories(settings.cacheDir());
                Path marker = usedMarker(dir);
                if (!Files.exists(marker)) {
                    Files.createFile(marker);
                }
                Files.setLastModifiedTime(marker, java.nio.file.attribute.FileTime.from(now));
            } catch (IOException e) {
                log.debug("cannot mark {} as used: {}", dir.getFileName(), e.getMessage());
            }
        }

        @Override
        public boolean fetch() throws IOException {
            repository();
            boolean[] fetched = {false};
            withLock(() -> {
                if (Duration.between(lastFetch, clock.instant()).compareTo(settings.minFetchInterval()) >= 0) {
                    fetchInto(repository);
                    fetched[0] = true;
                }
            });
            return fetched[0];
        }

        @Override
        public void fetchIfStale() throws IOException {
            repository();
            if (isStale()) {
                withLock(() -> {
                    if (isStale()) {
                        fetchInto(repository);
                    }
                });
            }
        }

        private boolean isStale() {
            return Duration.between(lastFetch, clock.instant()).compareTo(settings.refreshInterval()) >= 0;
        }

        /** Runs {@code action} holding this mirror's lock and the cross-process file lock. */
        private void withLock(IoAction action) throws IOException {
            lock.lock();
            try {
                Files.createDirectories(settings.cacheDir());
                try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                     FileLock ignored = ch.lock()) {
                    action.run();
                }
            } finally {
                lock.unlock();
            }
        }

        /** Clones into a temporary folder that is renamed into place only when complete. */
        private void cloneInto() throws IOException {
            Path tmp = Files.createTempDirectory(settings.cacheDir(), dir.getFileName() + ".tmp-");
            boolean done = false;
            try {
                try (Git git = Git.init().setBare(true).setGitDir(tmp.toFile()).setDirectory(tmp.toFile()).call()) {
                    StoredConfig config = git.getRepository().getConfig();
                    config.setString("remote", "origin", "url", url);
                    config.setInt("gc", null, "auto", 0); // no background gc racing with reads and size checks
                    config.setInt("gc", null, "autopacklimit", 0);
                    config.setBoolean("gc", null, "autoDetach", false); // JGit's auto-gc check stays on this thread
                    config.setString("http", null, "followRedirects", "false"); // a redirect could lead anywhere
                    config.save();
                    fetchInto(git.getRepository());
                }
                try {
                    Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, dir);
                }
                done = true;
                log.info("cloned git repository {} into {}", describe(url), dir.getFileName());
            } catch (GitAPIException e) {
                throw new IOException("clone failed", e);
            } finally {
                if (!done) {
                    deleteTree(tmp);
                }
            }
        }

        /** Fetches all branches and tags (pruning deleted ones) and records the remote HEAD. */
        private void fetchInto(Repository repo) throws IOException {
            Path root = repo.getDirectory().toPath();
            SizeWatch watch = new SizeWatch(root, settings.maxRepositoryBytes());
            FetchResult result;
            try (Git git = Git.wrap(repo)) {
                result = git.fetch()
                        .setRemote(fetchUrl)
                        .setRefSpecs(HEADS, TAGS, HEAD)
                        .setTagOpt(TagOpt.NO_TAGS)
                        .setRemoveDeletedRefs(true)
                        .setTimeout((int) Math.max(1, settings.timeout().toSeconds()))
                        .setCredentialsProvider(settings.credentials().provider())
                        .setTransportConfigCallback(settings.ssh()::configure)
                        .setProgressMonitor(watch)
                        .call();
            } catch (GitAPIException | RuntimeException e) {
                if (watch.exceeded() || sizeOf(root) > settings.maxRepositoryBytes()) {
                    throw tooLarge();
                }
                String message = settings.ssh().redact(settings.credentials().redact(messageOf(e)));
                // the host key check's own reason, when that is what failed (sshd says "...did not validate")
                String why = message.contains("did not validate")
                        ? settings.ssh().hostKeyRefusal(fetchUrl).orElse(message) : message;
                throw new UpstreamException("cannot fetch git repository " + describe(url) + ": " + why,
                        isTimeout(e), null);
            }
            if (sizeOf(root) > settings.maxRepositoryBytes()) {
                closeRepository();
                deleteTree(dir);
                throw tooLarge();
            }
            updateHead(repo, result.getAdvertisedRef(Constants.HEAD));
            lastFetch = clock.instant();
            reportMovedTags(repo, result);
            log.debug("fetched git repository {}", url);
        }

        private void reportMovedTags(Repository repo, FetchResult result) {
            if (tagListeners.isEmpty()) {
                return;
            }
            for (TrackingRefUpdate update : result.getTrackingRefUpdates()) {
                if (!update.getLocalName().startsWith(Constants.R_TAGS)
                        || ObjectId.zeroId().equals(update.getOldObjectId())
                        || ObjectId.zeroId().equals(update.getNewObjectId())
                        || update.getOldObjectId().equals(update.getNewObjectId())) {
                    continue;
                }
                String oldCommit = peel(repo, update.getOldObjectId());
                String newCommit = peel(repo, update.getNewObjectId());
                if (oldCommit == null || newCommit == null || oldCommit.equals(newCommit)) {
                    continue;
                }
                for (TagMoveListener listener : tagListeners) {
                    try {
                        listener.tagMoved(url, update.getLocalName(), oldCommit, newCommit);
                    } catch (RuntimeException e) {
                        log.warn("tag move listener failed: {}", e.toString());
                    }
                }
            }
        }

        private ArtifactTooLargeException tooLarge() {
            return new ArtifactTooLargeException("git repository " + describe(url) + " is larger than "
                    + settings.maxRepositoryBytes() + " bytes");
        }

        /** Points the mirror's HEAD where the remote's does: a branch when known, else the commit. */
        private void updateHead(Repository repo, Ref remoteHead) throws IOException {
            if (remoteHead == null || remoteHead.getObjectId() == null) {
                return;
            }
            RefUpdate update = repo.updateRef(Constants.HEAD, !remoteHead.isSymbolic());
            if (remoteHead.isSymbolic() && repo.exactRef(remoteHead.getTarget().getName()) != null) {
                update.link(remoteHead.getTarget().getName());
            } else {
                update.setNewObjectId(remoteHead.getObjectId());
                update.setForceUpdate(true);
                update.update();
            }
        }

        void closeRepository() {
            Repository r = repository;
            repository = null;
            if (r != null) {
                r.close();
            }
        }
    }

    /** The commit a tag object or commit id stands for, or null. */
    private static String peel(Repository repo, ObjectId id) {
        try (RevWalk walk = new RevWalk(repo)) {
            return walk.parseCommit(id).getName();
        } catch (IOException e) {
            return null;
        }
    }

    private static Path usedMarker(Path mirrorDir) {
        return mirrorDir.resolveSibling(mirrorDir.getFileName() + ".used");
    }

    /**
     * Deletes least recently used mirrors while all mirrors together exceed {@code maxTotalBytes}: only mirrors
     * idle for {@link #EVICTION_MIN_IDLE} (by their marker's time, which every replica updates) and whose file lock
     * is free (no clone or fetch running anywhere); never {@code keep}.
     */
    void evictIfNeeded(Path keep) {
        try (var stream = Files.list(settings.cacheDir())) {
            List<Path> dirs = stream.filter(p -> p.getFileName().toString().matches("[0-9a-f]{64}")
                    && Files.isDirectory(p)).toList();
            Map<Path, Long> sizes = new java.util.HashMap<>();
            long total = 0;
            for (Path d : dirs) {
                long size = sizeOf(d);
                sizes.put(d, size);
                total += size;
            }
            if (total <= settings.maxTotalBytes()) {
                return;
            }
            Instant idleBefore = clock.instant().minus(EVICTION_MIN_IDLE);
            List<Path> candidates = new ArrayList<>(dirs.stream().filter(d -> !d.equals(keep)).toList());
            candidates.sort(Comparator.comparing(GitMirror::lastUsed));
            for (Path d : candidates) {
                if (total <= settings.maxTotalBytes()) {
                    break;
                }
                if (lastUsed(d).isAfter(idleBefore)) {
                    break; // sorted: every later one was used more recently
                }
                if (evict(d)) {
                    total -= sizes.get(d);
                }
            }
            if (total > settings.maxTotalBytes()) {
                log.warn("git mirrors take {} bytes, more than modvault.git.max-total-size ({}), and none more is "
                        + "idle enough to evict", total, settings.maxTotalBytes());
            }
        } catch (IOException e) {
            log.warn("cannot check the size of the git mirrors: {}", e.getMessage());
        }
    }

    private boolean evict(Path d) {
        Path lock = d.resolveSibling(d.getFileName() + ".lock");
        try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock held = ch.tryLock()) {
            if (held == null) {
                return false;
            }
            for (Mirror m : mirrors.values()) {
                if (m.dir.equals(d)) {
                    m.closeRepository();
                }
            }
            deleteTree(d);
            Files.deleteIfExists(usedMarker(d));
            log.info("evicted git mirror {} (least recently used) to keep the mirrors under {} bytes",
                    d.getFileName(), settings.maxTotalBytes());
            return true;
        } catch (IOException | java.nio.channels.OverlappingFileLockException e) {
            return false;
        }
    }

    private static Instant lastUsed(Path mirrorDir) {
        try {
            return Files.getLastModifiedTime(usedMarker(mirrorDir)).toInstant();
        } catch (IOException e) {
            return Instant.EPOCH;
        }
    }

    @FunctionalInterface
    private interface IoAction {
        void run() throws IOException;
    }

    /** Cancels a transfer once the repository folder outgrows the limit (checked at most once a second). */
    private static final class SizeWatch implements ProgressMonitor {
        private final Path root;
        private final long limit;
        private long lastCheck;
        private volatile boolean exceeded;

        SizeWatch(Path root, long limit) {
            this.root = root;
            this.limit = limit;
        }

        boolean exceeded() {
            return exceeded;
        }

        @Override
        public boolean isCancelled() {
            long now = System.nanoTime();
            if (now - lastCheck > 1_000_000_000L) {
                lastCheck = now;
                try {
                    exceeded = sizeOf(root) > limit;
                } catch (IOException e) {
                    return false;
                }
            }
            return exceeded;
        }

        @Override
        public void start(int totalTasks) {
        }

        @Override
        public void beginTask(String title, int totalWork) {
        }

        @Override
        public void update(int completed) {
        }

        @Override
        public void endTask() {
        }

        @Override
        public void showDuration(boolean enabled) {
        }
    }

    private String rewrite(String url) {
        String best = null;
        for (String prefix : settings.urlRewrites().keySet()) {
            if (url.startsWith(prefix) && (best == null || prefix.length() > best.length())) {
                best = prefix;
            }
        }
        return best == null ? url : settings.urlRewrites().get(best) + url.substring(best.length());
    }

    /** The URL without any user information, for messages ({@code git@host:path} stays as it is). */
    public static String describe(String url) {
        return url.replaceFirst("^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@]*@", "$1");
    }

    private static String messageOf(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null && sb.length() < 500; t = t.getCause()) {
            if (t.getMessage() != null) {
                if (!sb.isEmpty()) {
                    sb.append(": ");
                }
                sb.append(t.getMessage());
            }
        }
        return sb.isEmpty() ? e.getClass().getSimpleName() : sb.toString().replaceAll("[\\r\\n]+", " ");
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.SocketTimeoutException || t instanceof java.io.InterruptedIOException) {
                return true;
            }
        }
        return false;
    }

    /** The bytes of the files under {@code dir}; files vanishing meanwhile (lock files) are skipped. */
    static long sizeOf(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        long[] total = {0};
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    total[0] += attrs.size();
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path f, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
        return total[0];
    }

    /**
     * Deletes a folder tree. A file that is already gone when the walk reaches it is skipped: JGit's housekeeping was
     * seen to remove a {@code gc.log.lock} between the listing and the delete.
     */
    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(f);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path f, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            log.warn("cannot delete {}", dir, e);
        }
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(
                    s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
