package dev.modvault.git;

import dev.modvault.core.error.NotFoundException;
import dev.modvault.core.module.PseudoVersion;
import dev.modvault.core.module.Semver;
import dev.modvault.git.GitRevs.CodeRev;
import java.io.IOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Resolves revisions to module versions (cmd/go's codeRepo.Stat, convert and validatePseudoVersion): a tag on the
 * commit that fits the module wins; other commits get a pseudo-version based on the highest fitting ancestor tag;
 * pseudo-versions given back are checked against the commit's hash, time and ancestry.
 */
final class VersionResolver {

    private static final DateTimeFormatter PSEUDO_TIME =
            DateTimeFormatter.ofPattern("uuuuMMddHHmmss").withZone(ZoneOffset.UTC);

    private final GitRepositoryAccess access;
    private final ModuleLayout layout;
    private final String modPath;
    private final String codeDir;
    private final String pathPrefix;
    private final String pathMajor;
    private final String pseudoMajor;

    VersionResolver(GitRepositoryAccess access, ModuleLayout layout) {
        this.access = access;
        this.layout = layout;
        this.modPath = layout.modPath;
        this.codeDir = layout.codeDir;
        this.pathPrefix = layout.pathPrefix;
        this.pathMajor = layout.pathMajor;
        this.pseudoMajor = layout.pseudoMajor;
    }

    /** codeRepo.Stat, fetching once when the revision is not in the local copy. */
    RevInfo stat(String rev) throws IOException {
        String codeRev = layout.revToRev(rev);
        GitRevs revs = new GitRevs(access.repository());
        CodeRev info = statOrNull(revs, codeRev);
        if (info == null && access.fetch()) {
            info = statOrNull(revs, codeRev);
        }
        if (info == null) {
            throw new NotFoundException(modPath + "@" + rev + ": invalid version: unknown revision " + codeRev);
        }
        return convert(revs, info, rev);
    }

    CodeRev statOrNull(GitRevs revs, String rev) throws IOException {
        try {
            return revs.stat(rev);
        } catch (GitRevs.AmbiguousRevisionException e) {
            throw new NotFoundException(modPath + "@" + rev + ": invalid version: " + e.getMessage());
        }
    }

    /**
     * codeRepo.convert: the module version of a commit. {@code statVers} is what was asked ("" for HEAD): a tag on
     * the commit that fits the module wins; otherwise a pseudo-version based on the highest fitting ancestor tag.
     */
    RevInfo convert(GitRevs revs, CodeRev info, String statVers) throws IOException {
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
        String[] asked = ModuleLayout.tagToVersion(info.version(), tagPrefix);
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
            String[] tv = ModuleLayout.tagToVersion(pathTag, tagPrefix);
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
                String[] tv = ModuleLayout.tagToVersion(tag, tagPrefix);
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
                pseudoBase = ModuleLayout.tagToVersion(tag, tagPrefix)[0];
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
     * checkCanonical: verifies that version {@code v} of the commit fits the module (go.mod location and path,
     * major version, +incompatible rules) and returns its info.
     */
    private RevInfo checkCanonical(GitRevs revs, CodeRev info, String v, String statVers,
            IoPredicate canUseIncompatible) throws IOException {
        String problem = layout.findDir(revs, info.id(), v).problem();
        if (problem != null) {
            throw new NotFoundException(modPath + "@" + v + ": invalid version: " + problem);
        }
        if (v.equals(ModuleLayout.stripIncompatible(statVers))) {
            v = statVers;
        }
        String base = ModuleLayout.stripIncompatible(v);
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
            String statBase = ModuleLayout.stripIncompatible(statVers);
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
        String base = PseudoVersion.base(ModuleLayout.stripIncompatible(version));
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
}
