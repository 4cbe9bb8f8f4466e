package dev.modvault.core.cache;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Copies upstream bodies to local temporary files, with their size and SHA-256, in bounded memory. */
public final class Spooler {

    /** A spooled body; delete it when done. */
    public record SpooledFile(Path path, long size, String sha256) implements AutoCloseable {
        @Override
        public void close() {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // a leftover spool file is harmless; the spool folder is cleared at start-up
            }
        }
    }

    private final Path dir;

    public Spooler(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create spool folder " + dir, e);
        }
    }

    /** Reads the stream to its end into a new temporary file; on failure nothing is left behind. */
    public SpooledFile spool(InputStream in) throws IOException {
        Path file = Files.createTempFile(dir, "spool-", ".tmp");
        try (OutputStream out = Files.newOutputStream(file)) {
            MessageDigest sha = sha256();
            byte[] buffer = new byte[64 * 1024];
            long size = 0;
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                sha.update(buffer, 0, n);
                size += n;
            }
            return new SpooledFile(file, size, HexFormat.of().formatHex(sha.digest()));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }
}
