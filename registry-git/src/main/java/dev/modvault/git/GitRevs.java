package dev.modvault.git;

import dev.modvault.core.module.Semver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.AbbreviatedObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The go command's view of one git repository (a port of cmd/go/internal/modfetch/codehost/git.go over JGit): refs,
 * revision lookup, tags, file reads and ancestry. Stateless over the repository it reads; every method opens its own
 * reader, so one instance may serve concurrent requests.
 */
final class GitRevs {

    /** Hex prefixes shorter than this are never taken for commit hashes (codehost minHashDigits). */
    static final int MIN_HASH_DIGITS = 7;

    /** Go's sort.Strings order: bytewise over UTF-8. */
    static final Comparator<String> GO_ORDER = (a, b) -> Arrays.compareUnsigned(
            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    /**
     * A commit as codehost.RevInfo describes it.
     *
     * @param version the tag asked for when it names this commit, else the full hash
     * @param tags    the tags pointing at the commit, sorted
     * @param ref     the ref the revision was resolved through (Origin.Ref), or null for a hash
     */
    record CodeRev(ObjectId id, Instant time, List<String> tags, String version, String ref) {
        String name() {
            return id.name();
        }

        /** codehost.ShortenSHA1: the first 12 hex digits. */
        String shortName() {
            return id.name().substring(0, 12);
        }
    }

    /** A revision that is a prefix of several commits. */
    static final class AmbiguousRevisionException extends Exception {
        AmbiguousRevisionException(String rev) {
            super("ambiguous revision " + rev);
        }
    }

    private final Repository repo;

    GitRevs(Repository repo) {
        this.repo = repo;
    }

    Repository repository() {
        return repo;
    }

    /**
     * The refs the go command loads from {@code git ls-remote}: HEAD, branches and tags, annotated tags peeled to the
     * object they tag. Sorted by name.
     */
    Map<String, ObjectId> refs() throws IOException {
        Map<String, ObjectId> refs = new TreeMap<>(GO_ORDER);
        Ref head = repo.exactRef(Constants.HEAD);
        if (head != null && head.getObjectId() != null) {
            refs.put(Constants.HEAD, head.getObjectId());
        }
        for (Ref ref : repo.getRefDatabase().getRefsByPrefix(Constants.R_HEADS)) {
            if (ref.getObjectId() != null) {
                refs.put(ref.getName(), ref.getObjectId());
            }
        }
        for (Ref ref : repo.getRefDatabase().getRefsByPrefix(Constants.R_TAGS)) {
            Ref peeled = repo.getRefDatabase().peel(ref);
            ObjectId id = peeled.getPeeledObjectId() != null ? peeled.getPeeledObjectId() : peeled.getObjectId();
            if (id != null) {
                refs.put(ref.getName(), id);
            }
        }
        return refs;
    }

    /** codehost Tags: the tag names starting with {@code prefix}, sorted. */
    List<String> tags(String prefix) throws IOException {
        List<String> tags = new ArrayList<>();
        for (String ref : refs().keySet()) {
            if (ref.startsWith(Constants.R_TAGS) && ref.startsWith(Constants.R_TAGS + prefix)) {
                tags.add(ref.substring(Constants.R_TAGS.length()));
            }
        }
        return tags;
    }

    /**
     * codehost stat: resolves a hash (7 to 40 hex digits, a commit in the repository), a tag, a branch or HEAD, in
     * that order, then a hash prefix of a ref. Null when the revision is unknown.
     */
    CodeRev stat(String rev) throws IOException, AmbiguousRevisionException {
        Map<String, ObjectId> refs = refs();
        boolean hashLike = rev.length() >= MIN_HASH_DIGITS && rev.length() <= 40 && allHex(rev);
        if (hashLike) {
            ObjectId id = resolveCommitPrefix(rev);
            if (id != null) {
                return statCommit(rev, id, null, refs);
            }
        }
        ObjectId id = refs.get(Constants.R_TAGS + rev);
        if (id != null) {
            return statCommit(rev, id, Constants.R_TAGS + rev, refs);
        }
        id = refs.get(Constants.R_HEADS + rev);
        if (id != null) {
            return statCommit(rev, id, Constants.R_HEADS + rev, refs);
        }
        if (rev.equals(Constants.HEAD) && refs.containsKey(Constants.HEAD)) {
            return statCommit(rev, refs.get(Constants.HEAD), Constants.HEAD, refs);
        }
        if (hashLike) {
            ObjectId found = null;
            for (ObjectId h : refs.values()) {
                if (h.name().startsWith(rev)) {
                    if (found != null && !found.equals(h)) {
                        throw new AmbiguousRevisionException(rev);
                    }
                    found = h;
                }
            }
            if (found != null) {
                return statCommit(rev, found, null, refs);
            }
        }
        return null;
    }

    /** The commit HEAD points at (codehost Latest), or null for a repository without commits. */
    CodeRev head() throws IOException {
        Map<String, ObjectId> refs = refs();
        ObjectId id = refs.get(Constants.HEAD);
        return id == null ? null : statCommit(id.name(), id, Constants.HEAD, refs);
    }

    /** The unique commit whose hash starts with {@code prefix}, or null; throws when several commits match. */
    private ObjectId resolveCommitPrefix(String prefix) throws IOException, AmbiguousRevisionException {
        try (ObjectReader reader = repo.newObjectReader(); RevWalk walk = new RevWalk(reader)) {
            Collection<ObjectId> candidates;
            if (prefix.length() == 40) {
                ObjectId id = ObjectId.fromString(prefix);
                candidates = reader.has(id) ? List.of(id) : List.of();
            } else {
                candidates = reader.resolve(AbbreviatedObjectId.fromString(prefix));
            }
            ObjectId commit = null;
            for (ObjectId c : candidates) {
                try {
                    RevCommit rc = walk.parseCommit(c); // peels tags, as git's committish disambiguation does
                    if (commit != null && !commit.equals(rc)) {
                        throw new AmbiguousRevisionException(prefix);
                    }
                    commit = rc.copy();
                } catch (IncorrectObjectTypeException | MissingObjectException e) {
                    // a blob or tree: not a revision
                }
            }
            return commit;
        }
    }

    /** statLocal: the commit's time and tags; {@code rev} becomes the version when it is one of those tags. */
    private CodeRev statCommit(String rev, ObjectId id, String ref, Map<String, ObjectId> refs) throws IOException {
        RevCommit commit;
        try (RevWalk walk = new RevWalk(repo)) {
            commit = walk.parseCommit(id);
        } catch (IncorrectObjectTypeException | MissingObjectException e) {
            return null;
        }
        List<String> tags = new ArrayList<>();
        for (Map.Entry<String, ObjectId> e : refs.entrySet()) {
            if (e.getKey().startsWith(Constants.R_TAGS) && e.getValue().equals(commit)) {
                tags.add(e.getKey().substring(Constants.R_TAGS.length()));
            }
        }
        tags.sort(GO_ORDER);
        String version = tags.contains(rev) ? rev : commit.name();
        return new CodeRev(commit.copy(), Instant.ofEpochSecond(commit.getCommitTime()), List.copyOf(tags), version,
                ref);
    }

    RevCommit commit(ObjectId id) throws IOException {
        try (RevWalk walk = new RevWalk(repo)) {
            return walk.parseCommit(id);
        }
    }

    /** The blob at {@code path} in the commit's tree, or null when there is none (codehost ReadFile's not-exist). */
    ObjectId blobId(ObjectId commitId, String path) throws IOException {
        try (ObjectReader reader = repo.newObjectReader(); RevWalk walk = new RevWalk(reader)) {
            RevCommit commit = walk.parseCommit(commitId);
            try (TreeWalk tw = TreeWalk.forPath(reader, path, commit.getTree())) {
                if (tw == null) {
                    return null;
                }
                int mode = tw.getRawMode(0);
                // `git cat-file blob` works for files and symbolic links, fails for trees and submodules.
                if (FileMode.REGULAR_FILE.equals(mode) || FileMode.EXECUTABLE_FILE.equals(mode)
                        || FileMode.SYMLINK.equals(mode)) {
                    return tw.getObjectId(0);
                }
                return null;
            }
        }
    }

    /**
     * codehost ReadFile: the content of the blob at {@code path}, or null when there is none.
     *
     * @throws FileTooLargeException when it is larger than {@code maxSize}
     */
    byte[] readFile(ObjectId commitId, String path, long maxSize) throws IOException {
        ObjectId blob = blobId(commitId, path);
        if (blob == null) {
            return null;
        }
        ObjectLoader loader = repo.getObjectDatabase().open(blob, Constants.OBJ_BLOB);
        if (loader.getSize() > maxSize) {
            throw new FileTooLargeException(path + " is larger than " + maxSize + " bytes");
        }
        try (InputStream in = loader.openStream()) {
            return in.readAllBytes();
        }
    }

    /** A file the go command would read whole is too large to serve. */
    static final class FileTooLargeException extends IOException {
        FileTooLargeException(String message) {
            super(message);
        }
    }

    /**
     * codehost RecentTag: the highest tag (by semver, ignoring {@code prefix}) with the prefix, accepted by
     * {@code allowed}, whose commit is {@code commitId} or one of its ancestors; null if none.
     */
    String recentTag(ObjectId commitId, String prefix, Predicate<String> allowed) throws IOException {
        Map<String, ObjectId> candidates = new LinkedHashMap<>();
        for (Map.Entry<String, ObjectId> e : refs().entrySet()) {
            String name = e.getKey();
            if (!name.startsWith(Constants.R_TAGS)) {
                continue;
            }
            String tag = name.substring(Constants.R_TAGS.length());
            if (tag.startsWith(prefix) && allowed.test(tag)) {
                candidates.put(tag, e.getValue());
            }
        }
        List<String> ordered = new ArrayList<>(candidates.keySet()); // refname order breaks semver ties, as Go
        ordered.sort((a, b) -> -Semver.compare(a.substring(prefix.length()), b.substring(prefix.length())));
        try (RevWalk walk = new RevWalk(repo)) {
            RevCommit tip = walk.parseCommit(commitId);
            for (String tag : ordered) {
                if (isAncestor(walk, candidates.get(tag), tip)) {
                    return tag;
                }
            }
        }
        return null;
    }

    /** codehost DescendsFrom: whether the tag's commit is {@code commitId} or one of its ancestors. */
    boolean descendsFrom(ObjectId commitId, String tag) throws IOException {
        ObjectId tagged = refs().get(Constants.R_TAGS + tag);
        if (tagged == null) {
            return false;
        }
        try (RevWalk walk = new RevWalk(repo)) {
            return isAncestor(walk, tagged, walk.parseCommit(commitId));
        }
    }

    private static boolean isAncestor(RevWalk walk, ObjectId base, RevCommit tip) throws IOException {
        RevCommit baseCommit;
        try {
            baseCommit = walk.parseCommit(base);
        } catch (IncorrectObjectTypeException | MissingObjectException e) {
            return false; // tags of trees or blobs are never "merged"
        }
        walk.reset();
        return walk.isMergedInto(baseCommit, tip);
    }

    static boolean allHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F')) {
                return false;
            }
        }
        return true;
    }
}
