package dev.modvault.git;

import dev.modvault.core.error.ArtifactTooLargeException;
import dev.modvault.core.error.NotFoundException;
import dev.modvault.core.error.UpstreamException;
import dev.modvault.core.module.ModulePath;
import dev.modvault.core.module.PseudoVersion;
import dev.modvault.core.module.Semver;
import dev.modvault.core.module.Version;
import dev.modvault.git.GitRevs.CodeRev;
import java.io.IOException;
import java.io.OutputStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
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

    private static final DateTimeFormatter PSEUDO_TIME =
            DateTimeFormatter.ofPattern("uuuuMMddHHmmss").withZone(ZoneOffset.UTC);

    private final GitRepositoryAccess access;
    private final String modPath;
    private final String codeRoot;
    private final String codeDir;
    private final String pathPrefix;
    private final String pathMajor;
    private final String pseudoMajor;

    /**
     * @param access       the repository
     * @param repoRootPath the module path of the repository root, e.g. {@code corp.example.com/repo}
     * @param modulePath   the module, equal to or below {@code repoRootPath}
     * @throws NotFoundException if the module cannot live in that repository
     */
    public GitModuleSource(GitRepositoryAccess access, String repoRootPath, ModulePath modulePath) {
        this.access = Objects.requireNonNull(access, "access");
        this.codeRoot = Objects.requireNonNull(repoRootPath, "repoRootPath");
        this.modPath = modulePath.value();
        if (!hasPathPrefix(modPath, codeRoot)) {
            throw new NotFoundException("mismatched repo: found " + codeRoot + " for " + modPath);
        }
        String[] split = GoModules.splitPathVersion(modPath);
        if (split == null) {
            throw new NotFoundException("invalid module path " + GoText.quote(modPath));
        }
        String prefix = codeRoot.equals(modPath) ? modPath : split[0];
        this.pathPrefix = prefix;
        this.pathMajor = split[1];
        this.pseudoMajor = GoModules.pathMajorPrefix(pathMajor);
        if (codeRoot.equals(modPath)) {
            this.codeDir = "";
        } else {
            if (!hasPathPrefix(pathPrefix, codeRoot)) {
                throw new NotFoundException("repository rooted at " + codeRoot + " cannot contain module " + modPath);
            }
            this.codeDir = trimSlashes(pathPrefix.substring(codeRoot.length()));
        }
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
        CodeRev rev = statOrNull(revs, tag);
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
            return stat(query);
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
                return stat(releases.get(releases.size() - 1));
            }
            if (!prereleases.isEmpty()) {
                return stat(prereleases.get(prereleases.size() - 1));
            }
            CodeRev head = revs.head();
            if (head == null) {
                throw new NotFoundException(modPath + "@latest: no commits");
            }
            return convert(revs, head, "");
        } catch (IOException e) {
            throw readFailure(e);
        }
    }

    /** modload versionHasGoMod: whether the version's go.mod is a real one, not the synthesized one. */
    private boolean hasGoMod(String version) throws IOException {
        return !Arrays.equals(goMod(version), GoModules.legacyGoMod(modPath));
    }

    /** codeRepo.Stat, fetching once when the revision is not in the local copy. */
    private RevInfo stat(String rev) throws IOException {
        String codeRev = revToRev(rev);
        GitRevs revs = revs();
        CodeRev info = statOrNull(revs, codeRev);
        if (info == null && access.fetch()) {
            info = statOrNull(revs, codeRev);
        }
        if (info == null) {
            throw new NotFoundException(modPath + "@" + rev + ": invalid version: unknown revision " + codeRev);
        }
        return convert(revs, info, rev);
    }

    private CodeRev statOrNull(GitRevs revs, String rev) throws IOException {
        try {
            return revs.stat(rev);
        } catch (GitRevs.AmbiguousRevisionException e) {
            throw new NotFoundException(modPath + "@" + rev + ": invalid version: " + e.getMessage());
        }
    }

    /** codeRepo.revToRev: the git revision for a version (tag with the directory prefix, pseudo-version hash). */
    private String revToRev(String rev) {
        if (Semver.isValid(rev)) {
            if (GoModules.isPseudo(rev)) {
                return PseudoVersion.rev(rev);
            }
            if (Semver.build(rev).equals("+incompatible")) {
                rev = rev.substring(0, rev.length() - "+incompatible".length());
            }
            return codeDir.isEmpty() ? rev : codeDir + "/" + rev;
        }
        return rev;
    }

    /**
     * codeRepo.convert: the module version of a commit. {@code statVers} is what was asked ("" for HEAD): a tag on
     * the commit that fits the module wins; otherwise a pseudo-version based on the highest fitting ancestor tag.
     */
    private RevInfo convert(GitRevs revs, CodeRev info, String statVers) throws IOException {
        Map<String, Boolean> incompatibleOk = new HashMap<>();
        IoPredicate canUseIncompatible = v -> {
            if (!codeDir.isEmpty() || !pathMajor.isEmpty()) {
                return false;
            }
            Boolean ok = incompatibleOk.get("");
            if (ok == null) {
                ok = revs.blobId(info.id(), "go.mod") == null;
                incompatibleOk.put("", ok);
            }
            if (!ok) {
                return false;
            }
            // golang.org/issue/51324: with a vN/go.mod, vN tags are meant for the vN module.
            if (!v.isEmpty() && !statVers.endsWith("+incompatible")) {
                String major = Semver.major(v);
                Boolean subOk = incompatibleOk.get(major);
                if (subOk == null) {
                    subOk = revs.blobId(info.id(), major + "/go.mod") == null;
                    incompatibleOk.put(major, subOk);
                }
                return subOk;
            }
            return true;
        };

        String tagPrefix = codeDir.isEmpty() ? "" : codeDir + "/";

        if (GoModules.isPseudo(statVers)) {
            RevInfo revInfo = checkCanonical(revs, info, statVers, statVers, canUseIncompatible);
            validatePseudoVersion(revs, info, statVers, tagPrefix);
            return revInfo;
        }

        // The tag asked for, when it names this commit and fits the module.
        String[] asked = tagToVersion(info.version(), tagPrefix);
        if (asked != null && asked[1] != null) {
            try {
                return checkCanonical(revs, info, asked[0], statVers, canUseIncompatible);
            } catch (NotFoundException e) {
                // fall through to the other tags, as Go does
            }
        }

        String highestCanonical = "";
        String pseudoBase = "";
        for (String pathTag : info.tags()) {
            String[] tv = tagToVersion(pathTag, tagPrefix);
            String v = tv == null ? "" : tv[0];
            boolean tagIsCanonical = tv != null && tv[1] != null;
            if (!statVers.isEmpty() && Semver.compare(v, statVers) == 0) {
                if (tagIsCanonical) {
                    return checkCanonical(revs, info, v, statVers, canUseIncompatible);
                }
                pseudoBase = v;
            }
            if (tagIsCanonical && Semver.compare(highestCanonical, v) < 0) {
                if (GoModules.matchPathMajor(v, pathMajor) || canUseIncompatible.test(v)) {
                    highestCanonical = v;
                }
            }
        }
        if (!highestCanonical.isEmpty()) {
            return checkCanonical(revs, info, highestCanonical, statVers, canUseIncompatible);
        }

        if (pseudoBase.isEmpty()) {
            Predicate<String> tagAllowed = tag -> {
                String[] tv = tagToVersion(tag, tagPrefix);
                if (tv == null) {
                    return false;
                }
                try {
                    return GoModules.matchPathMajor(tv[0], pathMajor) || canUseIncompatible.test(tv[0]);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            };
            String tag;
            try {
                tag = revs.recentTag(info.id(), tagPrefix, tagAllowed);
            } catch (java.io.UncheckedIOException e) {
                throw e.getCause();
            }
            if (tag != null) {
                pseudoBase = tagToVersion(tag, tagPrefix)[0];
            }
        }
        String pseudo = PseudoVersion.build(pseudoBase, info.time(), info.shortName(), pseudoMajor);
        return checkCanonical(revs, info, pseudo, statVers, canUseIncompatible);
    }

    /** A predicate that may read the repository. */
    @FunctionalInterface
    private interface IoPredicate {
        boolean test(String v) throws IOException;
    }

    /**
     * tagToVersion: {canonical version, "canonical" marker or null} for a tag with the directory prefix whose rest is
     * a complete semver (build metadata allowed), or null.
     */
    private static String[] tagToVersion(String tag, String tagPrefix) {
        if (!tag.startsWith(tagPrefix)) {
            return null;
        }
        String trimmed = tag.substring(tagPrefix.length());
        if (GoModules.isPseudo(tag)) {
            return null;
        }
        String v = Semver.canonical(trimmed);
        if (v.isEmpty() || !trimmed.startsWith(v)) {
            return null;
        }
        return new String[] {v, v.equals(trimmed) ? "canonical" : null};
    }

    /**
     * checkCanonical: verifies that version {@code v} of the commit fits the module (go.mod location and path,
     * major version, +incompatible rules) and returns its info.
     */
    private RevInfo checkCanonical(GitRevs revs, CodeRev info, String v, String statVers,
            IoPredicate canUseIncompatible) throws IOException {
        String problem = findDir(revs, info.id(), v).problem();
        if (problem != null) {
            throw new NotFoundException(modPath + "@" + v + ": invalid version: " + problem);
        }
        if (v.equals(stripIncompatible(statVers))) {
            v = statVers;
        }
        String base = stripIncompatible(v);
        String errIncompatible = null;
        if (!GoModules.matchPathMajor(base, pathMajor)) {
            if (canUseIncompatible.test(base)) {
                v = base + "+incompatible";
            } else if (!pathMajor.isEmpty()) {
                errIncompatible = "module path includes a major version suffix, so major version must match";
            } else {
                errIncompatible = "module contains a go.mod file, so module path must match major version ("
                        + GoText.quote(pathPrefix + "/" + Semver.major(v)) + ")";
            }
        } else if (v.endsWith("+incompatible")) {
            errIncompatible = "+incompatible suffix not allowed: major version " + Semver.major(v) + " is compatible";
        }
        if (!statVers.isEmpty() && statVers.equals(GoModules.canonicalVersion(statVers))) {
            String statBase = stripIncompatible(statVers);
            if (!statBase.equals(base)) {
                throw new NotFoundException(modPath + "@" + statVers + ": invalid version: resolves to version " + v
                        + " (" + statBase + " is not a tag)");
            }
        }
        if (errIncompatible != null) {
            throw new NotFoundException(modPath + "@" + v + ": invalid version: " + errIncompatible);
        }
        RevInfo.Origin origin = new RevInfo.Origin("git", access.url(), codeDir, info.ref(), info.name());
        return new RevInfo(v, info.time(), origin);
    }

    private static String stripIncompatible(String v) {
        return v.endsWith("+incompatible") ? v.substring(0, v.length() - "+incompatible".length()) : v;
    }

    /** validatePseudoVersion: a pseudo-version must match the commit's hash and time and build on an ancestor tag. */
    private void validatePseudoVersion(GitRevs revs, CodeRev info, String version, String tagPrefix)
            throws IOException {
        String rev = PseudoVersion.rev(version);
        String shortName = info.shortName();
        if (!rev.equals(shortName)) {
            String why;
            if (rev.startsWith(shortName)) {
                why = "revision is longer than canonical (expected " + shortName + ")";
            } else if (shortName.startsWith(rev)) {
                why = "revision is shorter than canonical (expected " + shortName + ")";
            } else {
                why = "does not match short name of revision (expected " + shortName + ")";
            }
            throw invalidPseudo(version, why);
        }
        if (!PseudoVersion.time(version).equals(info.time())) {
            throw invalidPseudo(version, "does not match version-control timestamp (expected "
                    + PSEUDO_TIME.format(info.time()) + ")");
        }
        String base = PseudoVersion.base(stripIncompatible(version));
        if (base.isEmpty()) {
            if (pseudoMajor.isEmpty() && Semver.major(version).equals("v1")) {
                throw invalidPseudo(version, "major version without preceding tag must be v0, not v1");
            }
            return;
        }
        for (String tag : info.tags()) {
            String versionOnly = tag.startsWith(tagPrefix) ? tag.substring(tagPrefix.length()) : tag;
            if (versionOnly.equals(base)) {
                throw invalidPseudo(version, "tag (" + tag + ") found on revision " + rev
                        + " is already canonical, so should not be replaced with a pseudo-version derived from that"
                        + " tag");
            }
        }
        String lastTag = null;
        boolean ancestorFound = false;
        for (String tag : revs.tags(tagPrefix + base)) {
            String versionOnly = tag.substring(tagPrefix.length());
            if (Semver.compare(versionOnly, base) == 0) {
                lastTag = tag;
                if (revs.descendsFrom(info.id(), tag)) {
                    ancestorFound = true;
                    break;
                }
            }
        }
        if (lastTag == null) {
            throw invalidPseudo(version, "preceding tag (" + base + ") not found");
        }
        if (!ancestorFound) {
            throw invalidPseudo(version, "revision " + rev + " is not a descendent of preceding tag (" + lastTag + ")");
        }
    }

    private NotFoundException invalidPseudo(String version, String why) {
        return new NotFoundException(modPath + "@" + version + ": invalid pseudo-version: " + why);
    }

    // ---- go.mod location -------------------------------------------------------------------------------------

    /** Where the module is at a commit: its directory and go.mod (null if none), or why it is not there. */
    private record Dir(String dir, byte[] goMod, String problem) {
        static Dir problem(String why) {
            return new Dir(null, null, why);
        }
    }

    /**
     * codeRepo.findDir: the module's directory at a commit. The go.mod in {@code codeDir} must declare a path with
     * the module's major version, or (for {@code /vN} paths below the repository root) {@code codeDir/vN/go.mod}
     * must; a module without go.mod is only possible at the repository root for v0/v1 (and gopkg.in).
     */
    private Dir findDir(GitRevs revs, ObjectId commit, String version) throws IOException {
        String rev = revToRev(version);
        String file1 = join(codeDir, "go.mod");
        byte[] gomod1 = readGoMod(revs, commit, file1);
        String mpath1 = GoModules.modulePathOf(gomod1);
        boolean found1 = gomod1 != null && (isMajor(mpath1, pathMajor) || canReplaceMismatchedVersionDueToBug(mpath1));

        String file2 = null;
        if (!pathMajor.isEmpty() && !codeRoot.equals(modPath) && !pathMajor.startsWith(".")) {
            String dir2 = join(codeDir, pathMajor.substring(1));
            file2 = join(dir2, "go.mod");
            byte[] gomod2 = readGoMod(revs, commit, file2);
            String mpath2 = GoModules.modulePathOf(gomod2);
            boolean found2 = gomod2 != null && isMajor(mpath2, pathMajor);
            if (found1 && found2) {
                return Dir.problem(pathPrefix + "/" + file1 + " and ..." + pathMajor + "/go.mod both have ..."
                        + pathMajor + " module paths at revision " + rev);
            }
            if (found2) {
                return new Dir(dir2, gomod2, null);
            }
            if (gomod2 != null) {
                if (mpath2.isEmpty()) {
                    return Dir.problem(pathPrefix + "/" + file2 + " is missing module path at revision " + rev);
                }
                return Dir.problem(pathPrefix + "/" + file2 + " has non-..." + pathMajor + " module path "
                        + GoText.quote(mpath2) + " at revision " + rev);
            }
        }
        if (found1) {
            return new Dir(codeDir, gomod1, null);
        }
        if (gomod1 != null) {
            String suffix = file2 == null ? "" : " (and ..." + pathMajor + "/go.mod does not exist)";
            if (mpath1.isEmpty()) {
                return Dir.problem(file1 + " is missing module path" + suffix + " at revision " + rev);
            }
            if (!pathMajor.isEmpty()) {
                return Dir.problem(file1 + " has non-..." + pathMajor + " module path " + GoText.quote(mpath1) + suffix
                        + " at revision " + rev);
            }
            if (GoModules.splitPathVersion(mpath1) == null) {
                return Dir.problem(file1 + " has malformed module path " + GoText.quote(mpath1) + suffix
                        + " at revision " + rev);
            }
            return Dir.problem(file1 + " has post-" + Semver.major(version) + " module path " + GoText.quote(mpath1) + suffix
                    + " at revision " + rev);
        }
        if (codeDir.isEmpty() && (pathMajor.isEmpty() || pathMajor.startsWith("."))) {
            return new Dir("", null, null); // no go.mod at the repository root: fine for v0/v1 and gopkg.in
        }
        if (file2 != null) {
            return Dir.problem("missing " + pathPrefix + "/go.mod and ..." + pathMajor + "/go.mod at revision " + rev);
        }
        return Dir.problem("missing " + pathPrefix + "/go.mod at revision " + rev);
    }

    private byte[] readGoMod(GitRevs revs, ObjectId commit, String file) throws IOException {
        try {
            return revs.readFile(commit, file, ModuleZipWriter.MAX_GO_MOD);
        } catch (GitRevs.FileTooLargeException e) {
            throw new ArtifactTooLargeException(modPath + ": " + file + " is larger than " + ModuleZipWriter.MAX_GO_MOD
                    + " bytes");
        }
    }

    /** isMajor: whether a go.mod's module path has the major version the module path implies. */
    private static boolean isMajor(String mpath, String pathMajor) {
        if (mpath.isEmpty()) {
            return false;
        }
        String[] split = GoModules.splitPathVersion(mpath);
        if (split == null) {
            return false;
        }
        String mpathMajor = split[1];
        if (pathMajor.isEmpty()) {
            String m = GoModules.pathMajorPrefix(mpathMajor);
            return m.isEmpty() || m.equals("v0") || m.equals("v1");
        }
        if (mpathMajor.isEmpty()) {
            return false;
        }
        return pathMajor.substring(1).equals(mpathMajor.substring(1));
    }

    /** golang.org/issue/34254: unversioned paths were accepted as replacements for gopkg.in paths. */
    private boolean canReplaceMismatchedVersionDueToBug(String mpath) {
        return pathMajor.isEmpty() && mpath.startsWith("gopkg.in/");
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
        Dir dir = findDir(revs(), commit, version);
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
            Dir dir = findDir(revs, commitId, version.value());
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
        RevInfo info = stat(version);
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

    private static boolean hasPathPrefix(String s, String prefix) {
        if (!s.startsWith(prefix)) {
            return false;
        }
        return s.length() == prefix.length() || prefix.endsWith("/") || s.charAt(prefix.length()) == '/';
    }

    private static String trimSlashes(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) == '/') {
            start++;
        }
        while (end > start && s.charAt(end - 1) == '/') {
            end--;
        }
        return s.substring(start, end);
    }

    private static String join(String dir, String file) {
        return dir.isEmpty() ? file : dir + "/" + file;
    }
}
