package dev.modvault.git;

import dev.modvault.core.error.ArtifactTooLargeException;
import dev.modvault.core.error.NotFoundException;
import dev.modvault.core.module.ModulePath;
import dev.modvault.core.module.PseudoVersion;
import dev.modvault.core.module.Semver;
import java.io.IOException;
import java.util.Objects;
import org.eclipse.jgit.lib.ObjectId;

/**
 * Where a module lives in its repository (the path arithmetic and go.mod rules of cmd/go's codeRepo): for module
 * {@code corp.example.com/repo/sub/v2} of the repository rooted at {@code corp.example.com/repo}, the directory
 * {@code sub} ({@link #codeDir}), tags {@code sub/v2.x.y}, and at each commit either {@code sub/go.mod} declaring
 * {@code .../v2} (major branch) or {@code sub/v2/go.mod} (major subdirectory).
 */
final class ModuleLayout {

    final String modPath;
    final String codeRoot;
    /** The module's directory in the repository ("" at the root), before any {@code /vN} subdirectory. */
    final String codeDir;
    final String pathPrefix;
    /** "/v2", ".v2" (gopkg.in) or "". */
    final String pathMajor;
    /** "v2" or "" (the major of pseudo-versions without a base). */
    final String pseudoMajor;

    /**
     * @throws NotFoundException if the module cannot live in that repository
     */
    ModuleLayout(String repoRootPath, ModulePath modulePath) {
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

    /** The tag prefix of the module's versions: {@code codeDir + "/"}, or "" at the root. */
    String tagPrefix() {
        return codeDir.isEmpty() ? "" : codeDir + "/";
    }

    /** codeRepo.revToRev: the git revision for a version (tag with the directory prefix, pseudo-version hash). */
    String revToRev(String rev) {
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
     * tagToVersion: {canonical version, "canonical" marker or null} for a tag with the directory prefix whose rest is
     * a complete semver (build metadata allowed), or null.
     */
    static String[] tagToVersion(String tag, String tagPrefix) {
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

    static String stripIncompatible(String v) {
        return v.endsWith("+incompatible") ? v.substring(0, v.length() - "+incompatible".length()) : v;
    }

    /** Where the module is at a commit: its directory and go.mod (null if none), or why it is not there. */
    record Dir(String dir, byte[] goMod, String problem) {
        static Dir problem(String why) {
            return new Dir(null, null, why);
        }
    }

    /**
     * codeRepo.findDir: the module's directory at a commit. The go.mod in {@code codeDir} must declare a path with
     * the module's major version, or (for {@code /vN} paths below the repository root) {@code codeDir/vN/go.mod}
     * must; a module without go.mod is only possible at the repository root for v0/v1 (and gopkg.in).
     */
    Dir findDir(GitRevs revs, ObjectId commit, String version) throws IOException {
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

    byte[] readGoMod(GitRevs revs, ObjectId commit, String file) throws IOException {
        try {
            return revs.readFile(commit, file, ModuleZipWriter.MAX_GO_MOD);
        } catch (GitRevs.FileTooLargeException e) {
            throw new ArtifactTooLargeException(modPath + ": " + file + " is larger than " + ModuleZipWriter.MAX_GO_MOD
                    + " bytes");
        }
    }

    /** isMajor: whether a go.mod's module path has the major version the module path implies. */
    static boolean isMajor(String mpath, String pathMajor) {
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
    boolean canReplaceMismatchedVersionDueToBug(String mpath) {
        return pathMajor.isEmpty() && mpath.startsWith("gopkg.in/");
    }

    static boolean hasPathPrefix(String s, String prefix) {
        if (!s.startsWith(prefix)) {
            return false;
        }
        return s.length() == prefix.length() || prefix.endsWith("/") || s.charAt(prefix.length()) == '/';
    }

    static String trimSlashes(String s) {
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

    static String join(String dir, String file) {
        return dir.isEmpty() ? file : dir + "/" + file;
    }
}
