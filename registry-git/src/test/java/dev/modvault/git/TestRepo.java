package dev.modvault.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A git working repository built with the real {@code /usr/bin/git} for tests: files, symlinks, commits at fixed
 * times (so pseudo-versions are reproducible), tags and branches; {@link #publish} copies it as a bare repository.
 */
public final class TestRepo {

    private final Path dir;
    private final Path home;

    private TestRepo(Path dir, Path home) {
        this.dir = dir;
        this.home = home;
    }

    /** {@code git init -b main} in a new folder. */
    public static TestRepo init(Path dir) {
        try {
            Files.createDirectories(dir);
            Path home = Files.createDirectories(dir.resolveSibling(dir.getFileName() + ".home"));
            TestRepo r = new TestRepo(dir, home);
            r.git("init", "-q", "-b", "main");
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path dir() {
        return dir;
    }

    public TestRepo write(String path, String content) {
        return write(path, content.getBytes(StandardCharsets.UTF_8));
    }

    public TestRepo write(String path, byte[] content) {
        try {
            Path p = dir.resolve(path);
            Files.createDirectories(p.getParent());
            Files.write(p, content);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public TestRepo executable(String path, String content) {
        write(path, content);
        try {
            Files.setPosixFilePermissions(dir.resolve(path), PosixFilePermissions.fromString("rwxr-xr-x"));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public TestRepo symlink(String path, String target) {
        try {
            Path p = dir.resolve(path);
            Files.createDirectories(p.getParent());
            Files.createSymbolicLink(p, Path.of(target));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public TestRepo delete(String path) {
        git("rm", "-q", "-r", "--", path);
        return this;
    }

    /** Stages everything and commits at {@code when} (author and committer time); returns the hash. */
    public String commit(String message, String when) {
        git("add", "-A");
        runGit(Map.of("GIT_AUTHOR_DATE", when, "GIT_COMMITTER_DATE", when), "commit", "-q", "-m", message);
        return git("rev-parse", "HEAD").strip();
    }

    /** Commits what is staged (no {@code add -A}) at {@code when}; returns the hash. */
    public String commitStaged(String message, String when) {
        runGit(Map.of("GIT_AUTHOR_DATE", when, "GIT_COMMITTER_DATE", when), "commit", "-q", "-m", message);
        return git("rev-parse", "HEAD").strip();
    }

    public TestRepo tag(String name) {
        git("tag", name);
        return this;
    }

    public TestRepo annotatedTag(String name, String when) {
        runGit(Map.of("GIT_COMMITTER_DATE", when), "tag", "-a", "-m", "release " + name, name);
        return this;
    }

    public TestRepo checkout(String branch) {
        git("checkout", "-q", branch);
        return this;
    }

    public TestRepo newBranch(String branch) {
        git("checkout", "-q", "-b", branch);
        return this;
    }

    public String hash(String rev) {
        return git("rev-parse", rev + "^{commit}").strip();
    }

    /** Copies the repository (all refs) as the bare repository {@code bare}. */
    public void publish(Path bare) {
        runIn(dir.getParent(), Map.of(), "clone", "-q", "--bare", "--no-local", dir.toString(), bare.toString());
    }

    /** Pushes all branches and tags to the bare repository (after new commits). */
    public void pushTo(Path bare) {
        git("push", "-q", "--force", "--all", bare.toString());
        git("push", "-q", "--force", "--tags", bare.toString());
    }

    public String git(String... args) {
        return runGit(Map.of(), args);
    }

    private String runGit(Map<String, String> extraEnv, String... args) {
        return runIn(dir, extraEnv, args);
    }

    private String runIn(Path where, Map<String, String> extraEnv, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("/usr/bin/git");
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(where.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("GIT_"));
        env.put("HOME", home.toString());
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_AUTHOR_NAME", "Test Author");
        env.put("GIT_AUTHOR_EMAIL", "author@example.com");
        env.put("GIT_COMMITTER_NAME", "Test Committer");
        env.put("GIT_COMMITTER_EMAIL", "committer@example.com");
        env.putAll(extraEnv);
        try {
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("git " + String.join(" ", args) + " failed:\n" + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static Instant at(String when) {
        return Instant.parse(when);
    }
}
