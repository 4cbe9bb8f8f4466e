package dev.modvault.storage.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What identifies a local file's current body: inode, device, ctime (no user-space tool can set it back), mtime and
 * size where the file system has Unix attributes, else file key, mtime and size. Two reads are equal exactly when the
 * file was neither replaced nor written in between.
 */
public final class FileIdentity {

    private FileIdentity() {
    }

    /** @throws IOException if the file's attributes cannot be read (e.g. it is gone) */
    public static Map<String, Object> read(Path file) throws IOException {
        try {
            return Files.readAttributes(file, "unix:ino,dev,ctime,lastModifiedTime,size");
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return Files.readAttributes(file, "basic:fileKey,lastModifiedTime,size");
        }
    }
}
