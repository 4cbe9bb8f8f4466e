package dev.modvault.git;

import dev.modvault.git.CheckedFiles.FileError;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builds module zips to the rules of golang.org/x/mod/zip ({@code Create}, {@code CreateFromDir}, {@code CheckFiles},
 * {@code CheckDir}), so that their {@code h1:} hashes equal the go command's.
 *
 * <p>Entries are named {@code <module>@<version>/<file>}; there are no directory entries. Left out: files in vendored
 * packages (but {@code vendor/modules.txt} and other files directly in {@code vendor/} stay), files of nested modules
 * (directories with their own go.mod), {@code .hg_archival.txt}, symbolic links and irregular files, and, for
 * {@link #createFromDir directories} only, VCS metadata directories ({@code .git .hg .svn .bzr}). Refused: unclean or
 * absolute paths, names {@code module.CheckFilePath} rejects, a go.mod spelled in another case, case-fold collisions,
 * a file that is also a directory, more than 500 MiB in total, a go.mod or LICENSE over 16 MiB.
 *
 * <p>Content is streamed file by file; the zip is never held in memory. The output stream is not closed.
 */
public final class ModuleZipWriter {

    /** x/mod zip.MaxZipFile: the largest module zip, and the largest total of the files in it. */
    public static final long MAX_ZIP_FILE = 500L << 20;
    /** x/mod zip.MaxGoMod. */
    public static final long MAX_GO_MOD = 16L << 20;
    /** x/mod zip.MaxLICENSE. */
    public static final long MAX_LICENSE = 16L << 20;

    static final String ERR_PATH_NOT_CLEAN = "file path is not clean";
    static final String ERR_PATH_NOT_RELATIVE = "file path is not relative";
    static final String ERR_GO_MOD_CASE = "go.mod files must have lowercase names";
    static final String ERR_VCS = "directory is a version control repository";
    static final String ERR_VENDORED = "file is in vendor directory";
    static final String ERR_SUBMODULE_FILE = "file is in another module";
    static final String ERR_SUBMODULE_DIR = "directory is in another module";
    static final String ERR_HG_ARCHIVAL = "file is inserted by 'hg archive' and is always omitted";
    static final String ERR_SYMLINK = "file is a symbolic link";
    static final String ERR_NOT_REGULAR = "not a regular file";

    /** Entries get the zip epoch as their time, so equal inputs give equal bytes. */
    private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);

    private ModuleZipWriter() {
    }

    /** The valid files in order, with the sizes {@link #check} read for them. */
    private record Checked(CheckedFiles report, List<ModuleFile> files, List<Long> sizes) {
    }

    /** zip.CheckFiles: sorts every file into valid, omitted or invalid. Opens no file. */
    public static CheckedFiles checkFiles(List<? extends ModuleFile> files) throws IOException {
        return check(files).report();
    }

    private static Checked check(List<? extends ModuleFile> files) throws IOException {
        List<String> valid = new ArrayList<>();
        List<FileError> omitted = new ArrayList<>();
        List<FileError> invalid = new ArrayList<>();
        Set<String> errPaths = new HashSet<>();
        List<ModuleFile> validFiles = new ArrayList<>();
        List<Long> validSizes = new ArrayList<>();
        String sizeError = null;

        // Directories holding a regular go.mod (any case) other than the root start other modules.
        Set<String> haveGoMod = new HashSet<>();
        for (ModuleFile f : files) {
            String p = f.path();
            int slash = p.lastIndexOf('/');
            String base = p.substring(slash + 1);
            if (FilePaths.strToFold(base).equals("go.mod") && f.kind() == ModuleFile.Kind.REGULAR) {
                haveGoMod.add(p.substring(0, slash + 1));
            }
        }

        CollisionChecker collisions = new CollisionChecker();
        long maxSize = MAX_ZIP_FILE;
        for (ModuleFile f : files) {
            String p = f.path();
            String error = null;
            boolean omit = false;
            if (!FilePaths.isClean(p)) {
                error = ERR_PATH_NOT_CLEAN;
            } else if (p.startsWith("/")) {
                error = ERR_PATH_NOT_RELATIVE;
            } else if (FilePaths.isVendoredPackage(p)) {
                error = ERR_VENDORED;
                omit = true;
            } else if (inSubmodule(p, haveGoMod)) {
                error = ERR_SUBMODULE_FILE;
                omit = true;
            } else if (p.equals(".hg_archival.txt")) {
                error = ERR_HG_ARCHIVAL;
                omit = true;
            } else if ((error = FilePaths.checkFilePath(p)) != null) {
                omit = false;
            } else if (FilePaths.toLower(p).equals("go.mod") && !p.equals("go.mod")) {
                error = ERR_GO_MOD_CASE;
            } else if ((error = collisions.check(p, f.kind() == ModuleFile.Kind.DIRECTORY)) != null) {
                omit = false;
            } else if (f.kind() == ModuleFile.Kind.SYMLINK) {
                error = ERR_SYMLINK;
                omit = true;
            } else if (f.kind() != ModuleFile.Kind.REGULAR) {
                error = ERR_NOT_REGULAR;
                omit = true;
            }
            if (error == null) {
                long size = f.size();
                if (size >= 0 && size <= maxSize) {
                    maxSize -= size;
                } else if (sizeError == null) {
                    sizeError = "module source tree too large (max size is " + MAX_ZIP_FILE + " bytes)";
                }
                if (p.equals("go.mod") && size > MAX_GO_MOD) {
                    error = "go.mod file too large (max size is " + MAX_GO_MOD + " bytes)";
                } else if (p.equals("LICENSE") && size > MAX_LICENSE) {
                    error = "LICENSE file too large (max size is " + MAX_LICENSE + " bytes)";
                } else {
                    valid.add(p);
                    validFiles.add(f);
                    validSizes.add(size);
                    continue;
                }
            }
            if (errPaths.add(p)) {
                (omit ? omitted : invalid).add(new FileError(p, error));
            }
        }
        return new Checked(new CheckedFiles(valid, omitted, invalid, sizeError), validFiles, validSizes);
    }

    private static boolean inSubmodule(String p, Set<String> haveGoMod) {
        while (true) {
            int slash = p.lastIndexOf('/');
            if (slash < 0) {
                return false;
            }
            String dir = p.substring(0, slash + 1);
            if (haveGoMod.contains(dir)) {
                return true;
            }
            p = p.substring(0, slash);
        }
    }

    /**
     * zip.Create: writes the zip of {@code modulePath@version} made of the valid files to {@code out}.
     *
     * @throws ModuleZipException if the path or version is malformed, a file is invalid, or the files or the zip are
     *                            too large; nothing useful has been written then
     */
    public static void create(OutputStream out, String modulePath, String version, List<? extends ModuleFile> files)
            throws IOException {
        create(out, modulePath, version, files, MAX_ZIP_FILE);
    }

    /** {@link #create} with another limit on the zip's own size (tests). */
    static void create(OutputStream out, String modulePath, String version, List<? extends ModuleFile> files,
            long zipLimit) throws IOException {
        Objects.requireNonNull(out, "out");
        String problem = GoModules.checkModuleVersion(modulePath, version);
        if (problem != null) {
            throw new ModuleZipException("create zip: " + problem);
        }
        Checked checked = check(files);
        String error = checked.report().error();
        if (error != null) {
            throw new ModuleZipException("create zip: " + error);
        }
        String prefix = modulePath + "@" + version + "/";
        LimitedOutputStream limited = new LimitedOutputStream(out, zipLimit);
        ZipOutputStream zip = new ZipOutputStream(limited, StandardCharsets.UTF_8);
        byte[] buffer = new byte[64 * 1024];
        for (int i = 0; i < checked.files().size(); i++) {
            ModuleFile f = checked.files().get(i);
            long size = checked.sizes().get(i);
            ZipEntry entry = new ZipEntry(prefix + f.path());
            entry.setTimeLocal(ENTRY_TIME);
            zip.putNextEntry(entry);
            long written = 0;
            try (InputStream in = f.open()) {
                int n;
                while ((n = in.read(buffer)) != -1) {
                    written += n;
                    if (written > size) {
                        throw new ModuleZipException("create zip: file " + GoText.quote(f.path())
                                + " is larger than declared size");
                    }
                    zip.write(buffer, 0, n);
                }
            }
            zip.closeEntry();
        }
        zip.finish();
        zip.flush();
    }

    /**
     * zip.CreateFromDir: the zip of the files under {@code dir}, VCS metadata directories and nested modules left
     * out.
     */
    public static void createFromDir(OutputStream out, String modulePath, String version, Path dir)
            throws IOException {
        try {
            create(out, modulePath, version, listFilesInDir(dir, new ArrayList<>()));
        } catch (ModuleZipException e) {
            throw new ModuleZipException(e.getMessage().replaceFirst("^create zip: ", "create zip " + dir + ": "));
        }
    }

    /** zip.CheckDir: as {@link #checkFiles}, with omitted directories listed and paths joined to {@code dir}. */
    public static CheckedFiles checkDir(Path dir) throws IOException {
        List<FileError> dirOmitted = new ArrayList<>();
        CheckedFiles cf = checkFiles(listFilesInDir(dir, dirOmitted));
        List<FileError> omitted = new ArrayList<>(cf.omitted());
        omitted.addAll(dirOmitted);
        return new CheckedFiles(
                cf.valid().stream().map(p -> dir.resolve(p).toString()).toList(),
                omitted.stream().map(e -> new FileError(dir.resolve(e.path()).toString(), e.reason())).toList(),
                cf.invalid().stream().map(e -> new FileError(dir.resolve(e.path()).toString(), e.reason())).toList(),
                cf.sizeError());
    }

    /** x/mod zip listFilesInDir: walks {@code dir} in Go's filepath.Walk order (names sorted bytewise). */
    static List<ModuleFile> listFilesInDir(Path dir, List<FileError> omitted) throws IOException {
        List<ModuleFile> files = new ArrayList<>();
        walk(dir, "", files, omitted);
        return files;
    }

    private static void walk(Path dir, String rel, List<ModuleFile> files, List<FileError> omitted)
            throws IOException {
        List<Path> children;
        try (Stream<Path> s = Files.list(dir)) {
            children = new ArrayList<>(s.toList());
        }
        children.sort((a, b) -> Arrays.compareUnsigned(
                a.getFileName().toString().getBytes(StandardCharsets.UTF_8),
                b.getFileName().toString().getBytes(StandardCharsets.UTF_8)));
        for (Path child : children) {
            String name = child.getFileName().toString();
            String slashPath = rel.isEmpty() ? name : rel + "/" + name;
            BasicFileAttributes attrs = Files.readAttributes(child, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            if (FilePaths.isVendoredPackage(slashPath)) {
                omitted.add(new FileError(slashPath, ERR_VENDORED));
                if (attrs.isDirectory()) {
                    walk(child, slashPath, files, omitted); // as filepath.Walk: returning nil still descends
                }
                continue;
            }
            if (attrs.isDirectory()) {
                if (Set.of(".bzr", ".git", ".hg", ".svn").contains(name)) {
                    omitted.add(new FileError(slashPath, ERR_VCS));
                    continue;
                }
                Path goMod = child.resolve("go.mod");
                if (Files.exists(goMod, LinkOption.NOFOLLOW_LINKS)
                        && !Files.isDirectory(goMod, LinkOption.NOFOLLOW_LINKS)) {
                    omitted.add(new FileError(slashPath, ERR_SUBMODULE_DIR));
                    continue;
                }
                walk(child, slashPath, files, omitted);
                continue;
            }
            if (!attrs.isRegularFile()) {
                omitted.add(new FileError(slashPath, ERR_NOT_REGULAR));
                continue;
            }
            files.add(new DirFile(child, slashPath, attrs.size()));
        }
    }

    /** A regular file of a directory tree. */
    private record DirFile(Path file, String path, long size) implements ModuleFile {
        @Override
        public Kind kind() {
            return Kind.REGULAR;
        }

        @Override
        public InputStream open() throws IOException {
            return Files.newInputStream(file);
        }
    }

    /**
     * x/mod zip collisionChecker: finds names equal under case folding and paths used both as a file and as a
     * directory; parents are checked as directories.
     */
    private static final class CollisionChecker {
        private record Info(String path, boolean isDir) {
        }

        private final Map<String, Info> seen = new HashMap<>();

        String check(String p, boolean isDir) {
            String fold = FilePaths.strToFold(p);
            Info other = seen.get(fold);
            if (other != null) {
                if (!p.equals(other.path())) {
                    return "case-insensitive file name collision: " + GoText.quote(other.path()) + " and "
                            + GoText.quote(p);
                }
                if (isDir != other.isDir()) {
                    return "entry " + GoText.quote(p) + " is both a file and a directory";
                }
                if (!isDir) {
                    return "multiple entries for file " + GoText.quote(p);
                }
            } else {
                seen.put(fold, new Info(p, isDir));
            }
            String parent = FilePaths.dir(p);
            return parent.equals(".") ? null : check(parent, true);
        }
    }

    /** Refuses to write more than {@code limit} bytes: the module zip size limit applies to the zip itself too. */
    private static final class LimitedOutputStream extends FilterOutputStream {
        private final long limit;
        private long count;

        LimitedOutputStream(OutputStream out, long limit) {
            super(out);
            this.limit = limit;
        }

        @Override
        public void write(int b) throws IOException {
            reserve(1);
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            reserve(len);
            out.write(b, off, len);
        }

        private void reserve(int n) throws ModuleZipException {
            count += n;
            if (count > limit) {
                throw new ModuleZipException("create zip: module zip file is too large (max size is " + limit
                        + " bytes)");
            }
        }

        @Override
        public void close() throws IOException {
            flush(); // the caller owns the stream
        }
    }
}
