package dev.modvault.git;

import dev.modvault.core.error.NotFoundException;
import dev.modvault.core.error.UpstreamException;
import dev.modvault.core.module.ModulePath;
import dev.modvault.core.module.Semver;
import dev.modvault.core.module.Version;
import dev.modvault.git.GitRevs.CodeRev;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * One Go module served from a git repository exactly as the go command computes it in direct mode (a port of
 * cmd/go/internal/modfetch/coderepo.go, Go 1.19): the module {@code corp.example.com/repo/sub/v2} of the repository
 * whose root is {@code corp.example.com/repo} lives in directory {@code sub} with tags {@code sub/v2.x.y}, or in
 * {@code sub/v2} (major subdirectory), or in {@code sub} with a go.mod declaring {@code .../v2} (major branch).
 *
 * <ul>
 *   <li>{@link #list()}: the semver tags of the module's directory that fit the path's major version, plus
 *       {@code +incompatible} v2+ tags for a module at the repository root without a major suffix whose latest
 *       release has no go.mod;</li>
 *   <li>{@link #info(String)}: a version, tag, branch, commit hash (7 to 40 hex digits) or {@code latest} resolved to
 *       a canonical version; untagged commits get a pseudo-version based on the highest ancestor tag;</li>
 *   <li>{@link #mod(Version)}: the go.mod in the module's directory, or {@code module <path>} when there is none;</li>
 *   <li>{@link #zip(Version, OutputStream)}: the module zip, with the repository root's LICENSE for a module in a
 *       subdirectory that has none.</li>
 * </ul>
 * Failures are {@link NotFoundException}s (the go command then tries its next proxy) carrying the go command's
 * message, or {@link UpstreamException}s when the repository cannot be read. Retractions are not applied.
 */
public final class GitModuleSource {

    private final GitRepositoryAccess access;
    private final ModuleLayout layout;
    private final VersionResolver resolver;
    private final String modPath;
    private final String codeDir;
    private final String pathMajor;

    /**
     * @param access       the repository
     * @param repoRootPath the module path of the repository root, e.g. {@code corp.example.com/repo}
     * @param modulePath   the module, equal to or below {@code repoRootPath}
     * @throws NotFoundException if the module cannot live in that repository
     */
    public GitModuleSource(GitRepositoryAccess access, String repoRootPath, ModulePath modulePath) {
        this.access = Objects.requireNonNull(access, "access");
        this.layout = new ModuleLayout(Objects.requireNonNull(repoRootPath, "repoRootPath"), modulePath);
        this.resolver = new VersionResolver(access, layout);
        this.modPath = layout.modPath;
        this.codeDir = layout.codeDir;
        this.pathMajor = layout.pathMajor;
    }

    /** The module path. */
    public String modulePath() {
        return modPath;
    }

    /** The module's directory in the repository ("" at the root), before any {@code /vN} subdirectory. */
    public String codeDir() {
        return codeDir;
    }

    // ---- list ------------------------------------------------------------------------------------------------

    /** The module's versions from tags, sorted by semver (GOPROXY {@code @v/list}); no pseudo-versions. */
    public List<Version> list() {
        try {
            access.fetchIfStale();
            return versions().stream().map(Version::of).toList();
        } catch (IOException e) {
            throw readFailure(e);
        }
    }

    /** codeRepo.Versions(""). */
    private List<String> versions() throws IOException {
        GitRevs revs = revs();
        if (modPath.startsWith("gopkg.in/") && modPath.endsWith("-unstable")) {
            return List.of();
        }
        String p = codeDir.isEmpty() ? "" : codeDir + "/";
        List<String> list = new ArrayList<>();
        List<String> incompatible = new ArrayList<>();
        for (String tag : revs.tags(p)) {
            String v = codeDir.isEmpty() ? tag : tag.substring(codeDir.length() + 1);
            if (v.isEmpty() || !v.equals(GoModules.canonicalVersion(v)) || GoModules.isPseudo(v)) {
                continue;
            }
            if (!GoModules.matchPathMajor(v, pathMajor)) {
                if (codeDir.isEmpty() && pathMajor.isEmpty() && Semver.major(v).compareTo("v1") > 0) {
                    incompatible.add(v);
                }
                continue;
            }
            list.add(v);
        }
        list.sort(Semver::compare);
        incompatible.sort(Semver::compare);
        return appendIncompatibleVersions(revs, list, incompatible);
    }

    private List<String> appendIncompatibleVersions(GitRevs revs, List<String> list, List<String> incompatible)
            throws IOException {
        if (incompatible.isEmpty() || !pathMajor.isEmpty()) {
            return list;
        }
        if (!list.isEmpty() && tagHasGoMod(revs, list.get(list.size() - 1))) {
            // The latest compatible version has a go.mod: module consumers are meant to stay on v0/v1.
            return list;
        }
        String lastMajor = null;
        boolean lastMajorHasGoMod = false;
        for (int i = 0; i < incompatible.size(); i++) {
            String v = incompatible.get(i);
            String major = Semver.major(v);
            if (!major.equals(lastMajor)) {
                int j = i;
                while (j + 1 < incompatible.size() && Semver.major(incompatible.get(j + 1)).equals(major)) {
                    j++;
                }
                lastMajor = major;
                lastMajorHasGoMod = tagHasGoMod(revs, incompatible.get(j));
            }
            if (!lastMajorHasGoMod) {
                list.add(v + "+incompatible");
            }
        }
        return list;
    }

    /** Whether the root go.mod exists at the tag (the tag is a version at the repository root here). */
    private boolean tagHasGoMod(GitRevs revs, String tag) throws IOException {
        CodeRev rev = resolver.statOrNull(revs, tag);
        return rev != null && revs.blobId(rev.id(), "go.mod") != null;
    }

    // ---- info ------------------------------------------------------------------------------------------------

    /**
     * Resolves a query: a canonical version (its tag, or the commit of a pseudo-version), a tag, a branch, a commit
     * hash or prefix of at least 7 hex digits, {@code HEAD}, or {@code latest}.
     *
     * @throws NotFoundException when the query names nothing that is a version of this module
     */
    public RevInfo info(String query) {
        Objects.requireNonNull(query, "query");
        try {
            if (query.equals("latest")) {
                return latest();
            }
            if (!Semver.isValid(query) && !(query.length() >= GitRevs.MIN_HASH_DIGITS && GitRevs.allHex(query))) {
                access.fetchIfStale(); // branches and HEAD move
            }
            return resolver.stat(query);
        } catch (IOException e) {
            throw readFailure(e);
        }
    }

    /**
     * The go command's {@code @latest}: the highest release, else the highest pre-release, else HEAD's
     * pseudo-version (or HEAD's tag).
     */
    public RevInfo latest() {
        try {
            access.fetchIfStale();
            GitRevs revs = revs();
            List<String> releases = new ArrayList<>();
            List<String> prereleases = new ArrayList<>();
            boolean needIncompatible = false;
            String lastCompatible = null;
            for (String v : versions()) {
                if (!needIncompatible) {
                    if (!v.endsWith("+incompatible")) {
                        lastCompatible = v;
                    } else if (lastCompatible != null) {
                        if (hasGoMod(lastCompatible)) {
                            break; // +incompatible versions above a compatible one with a go.mod are ignored
                        }
                        needIncompatible = true;
                    }
                }
                (Semver.prerelease(v).isEmpty() ? releases : prereleases).add(v);
            }
            if (!releases.isEmpty()) {
                return resolver.stat(releases.get(releases.size() - 1));
            }
            if (!prereleases.isEmpty()) {
                return resolver.stat(prereleases.get(prereleases.size() - 1));
            }
            CodeRev head = revs.head();
            if (head == null) {
                throw new NotFoundException(modPath + "@latest: no commits");
            }
            return resolver.convert(revs, head, "");
        } catch (IOException e) {
            throw readFailure(e);
        }
    }

    /** modload versionHasGoMod: whether the version's go.mod is a real one, not the synthesized one. */
    private boolean hasGoMod(String version) throws IOException {
        return !Arrays.equals(goMod(version), GoModules.legacyGoMod(modPath));
    }

    // ---- go.mod and zip --------------------------------------------------------------------------------------

    /**
     * The go.mod of a version (GOPROXY {@code .mod}): the file in the module's directory, or
     * {@code module <path>\n} when it has none.
     *
     * @throws NotFoundException when the version is not a version of this module
     */
    public byte[] mod(Version version) {
        try {
            return goMod(version.value());
        } catch (IOException e) {
            throw readFailure(e);
        }
    }

    private byte[] goMod(String version) throws IOException {
        ObjectId commit = resolveExact(version);
        ModuleLayout.Dir dir = layout.findDir(revs(), commit, version);
        if (dir.problem() != null) {
            throw new NotFoundException(modPath + "@" + version + ": " + dir.problem());
        }
        return dir.goMod() != null ? dir.goMod() : GoModules.legacyGoMod(modPath);
    }

    /**
     * Writes the module zip of a version (GOPROXY {@code .zip}) to {@code out}, streaming; {@code out} is not closed.
     *
     * @throws NotFoundException when the version is not a version of this module or its files cannot make a module
     *                           zip (the message is the go command's {@code create zip: ...})
     */
    public void zip(Version version, OutputStream out) {
        Objects.requireNonNull(out, "out");
        try {
            ObjectId commitId = resolveExact(version.value());
            GitRevs revs = revs();
            ModuleLayout.Dir dir = layout.findDir(revs, commitId, version.value());
            if (dir.problem() != null) {
                throw new NotFoundException(modPath + "@" + version + ": " + dir.problem());
            }
            RevCommit commit = revs.commit(commitId);
            List<ModuleFile> files = new ArrayList<>(GitArchive.files(revs.repository(), commit, dir.dir()));
            if (!dir.dir().isEmpty() && files.stream().noneMatch(f -> f.path().equals("LICENSE"))) {
                ObjectId license = revs.blobId(commitId, "LICENSE");
                if (license != null) {
                    files.add(GitArchive.rootBlob(revs.repository(), "LICENSE", license));
                }
            }
            ModuleZipWriter.create(out, modPath, version.value(), files);
        } catch (ModuleZipException e) {
            throw new NotFoundException(modPath + "@" + version + ": " + e.getMessage());
        } catch (IOException e) {
            throw readFailure(e);
        }
    }

    /** The commit of a canonical version, which must resolve to exactly that version. */
    private ObjectId resolveExact(String version) throws IOException {
        RevInfo info = resolver.stat(version);
        if (!info.version().equals(version)) {
            throw new NotFoundException(modPath + "@" + version + ": invalid version: resolves to version "
                    + info.version());
        }
        return ObjectId.fromString(info.origin().hash());
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private GitRevs revs() throws IOException {
        return new GitRevs(access.repository());
    }

    private UpstreamException readFailure(IOException e) {
        return new UpstreamException("cannot read git repository for " + modPath + ": " + e.getClass().getSimpleName(),
                false, e);
    }
}
