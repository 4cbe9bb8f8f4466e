package dev.modvault.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the real {@code go} binary in an isolated environment: a fresh temporary HOME, GOPATH, GOMODCACHE, GOCACHE and
 * TMPDIR per instance; GOPROXY as given; GOSUMDB=off unless set; GOFLAGS=-mod=mod, GOTOOLCHAIN=local, GO111MODULE=on,
 * CGO_ENABLED=0; no GONOPROXY and no other GO* variable of the calling process (nothing is inherited but PATH).
 *
 * <p>One instance (one module cache) can be shared by the tests of a class; {@link #inDir} gives views that run in
 * other directories with the same environment. {@link #close()} empties the module cache with
 * {@code go clean -modcache} and deletes the temporary tree.
 *
 * <p>The {@code go} command must be on PATH (CI installs the {@code golang-go} package); the system property
 * {@code modvault.go} may name another binary.
 */
public final class GoCommand implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GoCommand.class);

    /** The default timeout of the helpers that don't take one. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(3);

    /** The outcome of one run. */
    public record Result(int exitCode, String stdout, String stderr) {
        public boolean succeeded() {
            return exitCode == 0;
        }
    }

    /** A run that outlived its timeout; its process tree has been killed. */
    public static final class TimedOutException extends RuntimeException {
        private final String stdout;
        private final String stderr;

        TimedOutException(String message, String stdout, String stderr) {
            super(message);
            this.stdout = stdout;
            this.stderr = stderr;
        }

        public String stdout() {
            return stdout;
        }

        public String stderr() {
            return stderr;
        }
    }

    private final Path go;
    private final Path root;
    private final Map<String, String> env;
    private final Path workDir;
    private final boolean owner;
    private final AtomicLong runs;

    private GoCommand(Path go, Path root, Map<String, String> env, Path workDir, boolean owner, AtomicLong runs) {
        this.go = go;
        this.root = root;
        this.env = env;
        this.workDir = workDir;
        this.owner = owner;
        this.runs = runs;
    }

    /** A go command with GOPROXY={@code proxy} and the defaults. */
    public static GoCommand forProxy(URI proxy) {
        return builder().proxy(proxy).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The {@code go} binary this class would run.
     *
     * @throws IllegalStateException with a clear message if there is none on PATH
     */
    public static Path locateGo() {
        return locateGo(System.getProperty("modvault.go"), System.getenv("PATH"));
    }

    static Path locateGo(String override, String pathEnv) {
        if (override != null && !override.isBlank()) {
            Path p = Path.of(override);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
            throw new IllegalStateException("-Dmodvault.go=" + override + " is not an executable file");
        }
        return findOnPath(pathEnv).orElseThrow(() -> new IllegalStateException(
                "The `go` command is not on PATH (" + pathEnv + "). The end-to-end tests run the real go command:"
                        + " install it (Debian/Ubuntu: apt-get install golang-go) or point -Dmodvault.go at a go"
                        + " binary."));
    }

    /** Whether a {@code go} binary can be found (see {@link #locateGo()}). */
    public static boolean isAvailable() {
        try {
            locateGo();
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    private static Optional<Path> findOnPath(String path) {
        if (path == null) {
            return Optional.empty();
        }
        return Arrays.stream(path.split(File.pathSeparator))
                .filter(s -> !s.isEmpty())
                .map(dir -> Path.of(dir, "go"))
                .filter(p -> Files.isRegularFile(p) && Files.isExecutable(p))
                .findFirst();
    }

    /** The environment every run gets (a copy). */
    public Map<String, String> environment() {
        return Map.copyOf(env);
    }

    /** The directory runs happen in. */
    public Path workDir() {
        return workDir;
    }

    /** This instance's GOMODCACHE. */
    public Path modCache() {
        return Path.of(env.get("GOMODCACHE"));
    }

    /** A view running in {@code dir} with this instance's environment (caches included); closing it does nothing. */
    public GoCommand inDir(Path dir) {
        return new GoCommand(go, root, env, dir.toAbsolutePath(), false, runs);
    }

    /**
     * Runs {@code go <args>} in {@link #workDir()}; waits at most {@code timeout}.
     *
     * @throws TimedOutException when the timeout passes; the whole process tree has been killed then
     */
    public Result run(Duration timeout, String... args) {
        Objects.requireNonNull(timeout, "timeout");
        List<String> command = new ArrayList<>();
        command.add(go.toString());
        command.addAll(List.of(args));
        long n = runs.incrementAndGet();
        Path out = root.resolve("run-" + n + ".stdout");
        Path err = root.resolve("run-" + n + ".stderr");
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        log.debug("running {} in {}", command, workDir);
        try {
            Process p = pb.start();
            boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                killTree(p);
                String stdout = readAndDelete(out);
                String stderr = readAndDelete(err);
                throw new TimedOutException("go " + String.join(" ", args) + " (in " + workDir + ") timed out after "
                        + timeout + " and was killed; stderr so far:\n" + stderr, stdout, stderr);
            }
            return new Result(p.exitValue(), readAndDelete(out), readAndDelete(err));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    /** {@link #run} with {@link #DEFAULT_TIMEOUT}. */
    public Result run(String... args) {
        return run(DEFAULT_TIMEOUT, args);
    }

    /**
     * {@link #run}, then fails unless the exit code is 0.
     *
     * @throws AssertionError with the command line, exit code, stdout and stderr when it failed
     */
    public Result runOk(Duration timeout, String... args) {
        Result r = run(timeout, args);
        if (!r.succeeded()) {
            throw new AssertionError("go " + String.join(" ", args) + " (in " + workDir + ") exited with "
                    + r.exitCode() + "\n--- stdout:\n" + r.stdout() + "\n--- stderr:\n" + r.stderr());
        }
        return r;
    }

    /** Empties this instance's module cache ({@code go clean -modcache}). */
    public void cleanModCache() {
        runOk(DEFAULT_TIMEOUT, "clean", "-modcache");
    }

    /**
     * Creates {@code dir} (if needed) with the given files, names relative and slash-separated, and a go.mod
     * {@code module <modulePath>\n\ngo 1.19\n} unless {@code files} has one.
     */
    public static Path writeProgram(Path dir, String modulePath, Map<String, String> files) {
        try {
            Files.createDirectories(dir);
            Map<String, String> all = new LinkedHashMap<>();
            if (!files.containsKey("go.mod")) {
                all.put("go.mod", "module " + modulePath + "\n\ngo 1.19\n");
            }
            all.putAll(files);
            for (Map.Entry<String, String> f : all.entrySet()) {
                Path target = dir.resolve(f.getKey()).normalize();
                if (!target.startsWith(dir.normalize())) {
                    throw new IllegalArgumentException("file outside the program directory: " + f.getKey());
                }
                Files.createDirectories(target.getParent());
                Files.writeString(target, f.getValue(), StandardCharsets.UTF_8);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The non-empty lines of {@code dir/go.sum}, in file order; empty when there is no go.sum. */
    public static List<String> readGoSum(Path dir) {
        try {
            return Files.readAllLines(dir.resolve("go.sum"), StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.isBlank()).toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * For the owning instance: {@code go clean -modcache} (best effort), then deletes the temporary tree. Views from
     * {@link #inDir} do nothing.
     */
    @Override
    public void close() {
        if (!owner) {
            return;
        }
        try {
            Result r = run(Duration.ofMinutes(1), "clean", "-modcache");
            if (!r.succeeded()) {
                log.warn("go clean -modcache failed: {}", r.stderr());
            }
        } catch (RuntimeException e) {
            log.warn("go clean -modcache failed", e);
        }
        deleteTree(root);
    }

    private static void killTree(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // children that were forked while we were killing
        p.descendants().forEach(ProcessHandle::destroyForcibly);
    }

    private static String readAndDelete(Path file) {
        try {
            String s = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
            Files.deleteIfExists(file);
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                    d.toFile().setWritable(true, true); // the module cache is read-only
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(f);
                    return FileVisitResult.CONTINUE;
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

    /** Configures a {@link GoCommand}. Null leaves a variable unset. */
    public static final class Builder {
        private String proxy;
        private String sumdb = "off";
        private String noSumDb;
        private String privatePatterns;
        private String insecure;
        private String goFlags = "-mod=mod";
        private Path workDir;
        private final Map<String, String> extraEnv = new LinkedHashMap<>();

        private Builder() {
        }

        /** GOPROXY, e.g. {@code StaticGoProxy.uri()} or a Modvault URL. Required. */
        public Builder proxy(URI proxy) {
            return proxy(proxy.toString());
        }

        /** GOPROXY as a string (may be a list, or {@code off}). */
        public Builder proxy(String goproxy) {
            this.proxy = Objects.requireNonNull(goproxy, "goproxy");
            return this;
        }

        /** GOSUMDB; default {@code off}. */
        public Builder sumdb(String gosumdb) {
            this.sumdb = gosumdb;
            return this;
        }

        /** GONOSUMDB; default unset. */
        public Builder noSumDb(String patterns) {
            this.noSumDb = patterns;
            return this;
        }

        /** GOPRIVATE; default unset. */
        public Builder privatePatterns(String patterns) {
            this.privatePatterns = patterns;
            return this;
        }

        /** GOINSECURE; default unset. */
        public Builder insecure(String patterns) {
            this.insecure = patterns;
            return this;
        }

        /** GOFLAGS; default {@code -mod=mod}. */
        public Builder goFlags(String flags) {
            this.goFlags = flags;
            return this;
        }

        /** The directory runs happen in; default an empty directory in the instance's temporary tree. */
        public Builder workDir(Path dir) {
            this.workDir = dir;
            return this;
        }

        /** Any other variable (a GO* one overrides the defaults above). */
        public Builder env(String name, String value) {
            extraEnv.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
            return this;
        }

        /**
         * Creates the temporary tree and the instance.
         *
         * @throws IllegalStateException if there is no go command (see {@link #locateGo()}) or no proxy was set
         */
        public GoCommand build() {
            Path go = locateGo();
            if (proxy == null) {
                throw new IllegalStateException("GOPROXY is required: set proxy(...)");
            }
            try {
                Path root = Files.createTempDirectory("modvault-go-").toRealPath();
                Path home = Files.createDirectories(root.resolve("home"));
                Map<String, String> env = new LinkedHashMap<>();
                String path = System.getenv("PATH");
                env.put("PATH", path != null ? path : "/usr/local/bin:/usr/bin:/bin");
                env.put("HOME", home.toString());
                env.put("XDG_CONFIG_HOME", Files.createDirectories(home.resolve(".config")).toString());
                env.put("XDG_CACHE_HOME", Files.createDirectories(home.resolve(".cache")).toString());
                env.put("TMPDIR", Files.createDirectories(root.resolve("tmp")).toString());
                env.put("GOPATH", Files.createDirectories(root.resolve("gopath")).toString());
                env.put("GOMODCACHE", Files.createDirectories(root.resolve("gomodcache")).toString());
                env.put("GOCACHE", Files.createDirectories(root.resolve("gocache")).toString());
                env.put("GOPROXY", proxy);
                putIfSet(env, "GOSUMDB", sumdb);
                putIfSet(env, "GONOSUMDB", noSumDb);
                putIfSet(env, "GOPRIVATE", privatePatterns);
                putIfSet(env, "GOINSECURE", insecure);
                putIfSet(env, "GOFLAGS", goFlags);
                env.put("GOTOOLCHAIN", "local");
                env.put("GO111MODULE", "on");
                env.put("CGO_ENABLED", "0");
                env.putAll(extraEnv);
                env.remove("GONOPROXY");
                Path dir = workDir != null ? workDir.toAbsolutePath()
                        : Files.createDirectories(root.resolve("work"));
                return new GoCommand(go, root, Map.copyOf(env), dir, true, new AtomicLong());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the go command's temporary tree", e);
            }
        }

        private static void putIfSet(Map<String, String> env, String name, String value) {
            if (value != null) {
                env.put(name, value);
            }
        }
    }
}
