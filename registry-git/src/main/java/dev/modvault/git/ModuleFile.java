package dev.modvault.git;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * One file offered for a module zip (golang.org/x/mod/zip.File): a slash-separated path relative to the module root,
 * what kind of file it is, its size, and its content.
 */
public interface ModuleFile {

    /** What the zip rules need to know about a file's type. */
    enum Kind {
        /** A regular file: the only kind a module zip holds. */
        REGULAR,
        /** A symbolic link: always omitted. */
        SYMLINK,
        /** A directory. */
        DIRECTORY,
        /** Anything else (device, socket, ...): omitted. */
        OTHER
    }

    /** The path relative to the module root, e.g. {@code cmd/tool/main.go}. */
    String path();

    Kind kind();

    /** The size in bytes of the content {@link #open()} returns (for a regular file). */
    long size() throws IOException;

    /** The content of a regular file. */
    InputStream open() throws IOException;

    /** A regular file whose content is in memory. */
    static ModuleFile of(String path, byte[] content) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(content, "content");
        return new ModuleFile() {
            @Override
            public String path() {
                return path;
            }

            @Override
            public Kind kind() {
                return Kind.REGULAR;
            }

            @Override
            public long size() {
                return content.length;
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream(content);
            }

            @Override
            public String toString() {
                return path;
            }
        };
    }
}
