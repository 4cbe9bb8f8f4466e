package dev.modvault.git;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.attributes.Attributes;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.TreeWalk.OperationType;
import org.eclipse.jgit.treewalk.filter.PathFilter;

/**
 * The files of a commit as the go command sees them: it runs
 * {@code git -c core.autocrlf=input -c core.eol=lf archive --format=zip <commit> -- <subdir>} in a mirror whose
 * {@code info/attributes} is {@code * -export-subst -export-ignore}, then drops directory entries. So every blob under
 * the subdirectory is listed, in git's tree order, with {@code .gitattributes} honored for {@code ident} and line
 * endings ({@link GitIdent}, {@link GitEol}) but not for export-ignore or export-subst; symbolic links are listed (the
 * zip rules omit them); submodules (gitlinks) are not. Not emulated: {@code working-tree-encoding} and filter drivers
 * (the go command's environment defines none).
 *
 * <p>Contents are read lazily from the object database when the zip is written.
 */
final class GitArchive {

    private GitArchive() {
    }

    /**
     * The files under {@code subdir} ("" for the whole tree) at {@code commit}, paths relative to {@code subdir}.
     */
    static List<ModuleFile> files(Repository repo, RevCommit commit, String subdir) throws IOException {
        List<ModuleFile> files = new ArrayList<>();
        String prefix = subdir.isEmpty() ? "" : subdir + "/";
        try (ObjectReader reader = repo.newObjectReader(); TreeWalk walk = new TreeWalk(repo, reader)) {
            walk.setOperationType(OperationType.CHECKOUT_OP);
            walk.addTree(commit.getTree());
            walk.setRecursive(true);
            if (!subdir.isEmpty()) {
                walk.setFilter(PathFilter.create(subdir));
            }
            while (walk.next()) {
                FileMode mode = walk.getFileMode(0);
                String path = GoText.decode(walk.getRawPath());
                if (!path.startsWith(prefix)) {
                    continue; // "subdir" itself as a file: git archive lists it, the go command drops it
                }
                String name = path.substring(prefix.length());
                ObjectId id = walk.getObjectId(0);
                if (mode == FileMode.SYMLINK) {
                    files.add(new BlobFile(repo, name, id, ModuleFile.Kind.SYMLINK, GitEol.Action.BINARY, false));
                } else if (mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE) {
                    Attributes attrs = walk.getAttributes();
                    files.add(new BlobFile(repo, name, id, ModuleFile.Kind.REGULAR, GitEol.action(attrs),
                            attrs.isSet("ident")));
                }
                // gitlinks (submodules) become directory entries in git archive; the go command skips those
            }
        }
        return files;
    }

    /** A blob, converted as git archive would on the way out. */
    static final class BlobFile implements ModuleFile {
        private final Repository repo;
        private final String path;
        private final ObjectId id;
        private final Kind kind;
        private final GitEol.Action action;
        private final boolean ident;
        private long size = -1;
        private boolean convert;

        BlobFile(Repository repo, String path, ObjectId id, Kind kind, GitEol.Action action, boolean ident) {
            this.repo = repo;
            this.path = path;
            this.id = id;
            this.kind = kind;
            this.action = action;
            this.ident = ident && kind == Kind.REGULAR;
        }

        @Override
        public String path() {
            return path;
        }

        @Override
        public Kind kind() {
            return kind;
        }

        /** The size after conversion; reads the blob once when its attributes may change it. */
        @Override
        public synchronized long size() throws IOException {
            if (size < 0) {
                long raw = ident ? identExpanded().length
                        : repo.getObjectDatabase().open(id, Constants.OBJ_BLOB).getSize();
                if (kind == Kind.REGULAR && GitEol.mayConvert(action)) {
                    GitEol.Stats stats;
                    try (InputStream in = beforeEol()) {
                        stats = GitEol.Stats.gather(in);
                    }
                    convert = GitEol.willConvert(stats, action);
                    size = convert ? raw + stats.lonelf : raw;
                } else {
                    size = raw;
                }
            }
            return size;
        }

        /** git's order: ident expansion, then end-of-line conversion. */
        @Override
        public InputStream open() throws IOException {
            size();
            return convert ? GitEol.toCrlf(beforeEol()) : beforeEol();
        }

        private InputStream beforeEol() throws IOException {
            return ident ? new java.io.ByteArrayInputStream(identExpanded()) : raw();
        }

        private byte[] identExpanded() throws IOException {
            var loader = repo.getObjectDatabase().open(id, Constants.OBJ_BLOB);
            if (loader.getSize() > GitIdent.MAX_SIZE) {
                throw new IOException(path + ": file with the ident attribute is larger than " + GitIdent.MAX_SIZE
                        + " bytes");
            }
            return GitIdent.expand(loader.getCachedBytes(GitIdent.MAX_SIZE), id);
        }

        private InputStream raw() throws IOException {
            return repo.getObjectDatabase().open(id, Constants.OBJ_BLOB).openStream();
        }

        @Override
        public String toString() {
            return path;
        }
    }

    /** A file of the module zip that does not come from the archived tree (the repository root's LICENSE). */
    static ModuleFile rootBlob(Repository repo, String name, ObjectId id) {
        return new BlobFile(repo, name, id, ModuleFile.Kind.REGULAR, GitEol.Action.BINARY, false);
    }
}
