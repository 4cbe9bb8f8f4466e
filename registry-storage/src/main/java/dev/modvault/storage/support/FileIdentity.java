package dev.modvault.storage.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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

    /**
     * A cheaper identity for holders of checked bytes: file key (device and inode where the file system has them),
     * mtime and size, from one {@code stat} into a few small objects, where the attribute map of {@link #read} costs
     * about 2 KB per call (a quarter of all a cached {@code .info} allocated). It has no ctime, so a write that also
     * sets the mtime back goes unnoticed: use it only where the bytes served never come from the file again, as in
     * the memory cache, which holds the checked body and only needs to notice that the file was purged, replaced or
     * rewritten.
     */
    public record Stamp(Object fileKey, long modifiedNanos, long size) {

        /** @throws IOException if the file's attributes cannot be read (e.g. it is gone) */
        public static Stamp of(Path file) throws IOException {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new Stamp(attributes.fileKey(), attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS),
                    attributes.size());
        }
    }
}
