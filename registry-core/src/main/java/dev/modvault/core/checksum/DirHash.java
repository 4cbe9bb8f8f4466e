package dev.modvault.core.checksum;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The go command's {@code h1:} directory hash (golang.org/x/mod/sumdb/dirhash {@code Hash1}), as recorded in go.sum
 * files and in the checksum database.
 *
 * <p>The hashed summary holds one line per file, the files ordered by name as Go's {@code sort.Strings} orders them
 * (byte-wise over UTF-8), each line being the lowercase hex SHA-256 of the file content, two spaces, the file name and
 * a newline. The result is {@code "h1:"} followed by the standard, padded base64 of the SHA-256 of that summary.
 *
 * <p>Contents are always streamed: no file is held in memory as a whole.
 */
public final class DirHash {

    /** The prefix of every hash this class produces. */
    public static final String PREFIX = "h1:";

    /** The single file name hashed for a go.mod ({@code <path> <version>/go.mod h1:...} lines in go.sum). */
    public static final String GO_MOD = "go.mod";

    private static final int BUFFER_SIZE = 64 * 1024;

    private static final HexFormat HEX = HexFormat.of();

    /** Go's sort.Strings order: unsigned byte-wise comparison of the UTF-8 encodings. */
    private static final Comparator<byte[]> UTF8_ORDER = Arrays::compareUnsigned;

    private DirHash() {
    }

    /** Opens the content of one named file; the stream is closed by the hash function. */
    @FunctionalInterface
    public interface Opener {
        InputStream open(String name) throws IOException;
    }

    /**
     * dirhash.Hash1: hashes the named files, opening each one (once, in hash order) through {@code opener}.
     *
     * @throws IllegalArgumentException if a name contains a newline (Go: "dirhash: filenames with newlines are not
     *                                  supported"); nothing is opened then
     * @throws IOException              if opening or reading a file fails
     */
    public static String hash1(Collection<String> names, Opener opener) throws IOException {
        Objects.requireNonNull(names, "names");
        Objects.requireNonNull(opener, "opener");
        List<Named> sorted = new ArrayList<>(names.size());
        for (String name : names) {
            Objects.requireNonNull(name, "file name");
            if (name.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("dirhash: filenames with newlines are not supported");
            }
            sorted.add(new Named(name, name.getBytes(StandardCharsets.UTF_8)));
        }
        sorted.sort((a, b) -> UTF8_ORDER.compare(a.utf8, b.utf8));

        MessageDigest summary = sha256();
        MessageDigest file = sha256();
        byte[] buffer = new byte[BUFFER_SIZE];
        for (Named named : sorted) {
            try (InputStream in = Objects.requireNonNull(opener.open(named.name),
                    () -> "opener returned null for " + named.name)) {
                digest(in, file, buffer);
            }
            summary.update(HEX.formatHex(file.digest()).getBytes(StandardCharsets.US_ASCII));
            summary.update((byte) ' ');
            summary.update((byte) ' ');
            summary.update(named.utf8);
            summary.update((byte) '\n');
        }
        return PREFIX + Base64.getEncoder().encodeToString(summary.digest());
    }

    /**
     * dirhash.HashZip with Hash1: the hash of the entries of a module zip, named exactly as in the zip (so with their
     * {@code module@version/} prefix). Only names and contents count; compression, times and order do not.
     *
     * <p>Differences from Go, both for zips the go command itself would refuse (golang.org/x/mod/zip rejects them):
     * a zip holding two entries with the same name is rejected here (Go would hash the last one's content twice), and
     * entry names must be valid UTF-8 for {@link ZipFile} to open the zip at all.
     *
     * @throws ZipException if the zip is unreadable, holds duplicate names, or a name with a newline
     * @throws IOException  if reading fails
     */
    public static String hashZip(Path zipFile) throws IOException {
        Objects.requireNonNull(zipFile, "zipFile");
        try (ZipFile zip = new ZipFile(zipFile.toFile(), StandardCharsets.UTF_8)) {
            List<String> names = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                String name = e.nextElement().getName();
                if (name.indexOf('\n') >= 0) {
                    throw new ZipException("dirhash: filenames with newlines are not supported: " + zipFile);
                }
                if (!seen.add(name)) {
                    throw new ZipException("duplicate zip entry " + name + " in " + zipFile);
                }
                names.add(name);
            }
            return hash1(names, name -> {
                ZipEntry entry = zip.getEntry(name);
                if (entry == null) {
                    throw new ZipException("file " + name + " not found in zip " + zipFile); // should never happen
                }
                return zip.getInputStream(entry);
            });
        }
    }

    /**
     * The hash of a go.mod file alone (Hash1 over the single file {@code "go.mod"}), the value of go.sum's
     * {@code <path> <version>/go.mod h1:...} lines. Reads {@code goMod} to its end; does not close it.
     */
    public static String hashGoMod(InputStream goMod) throws IOException {
        Objects.requireNonNull(goMod, "goMod");
        return hash1(List.of(GO_MOD), name -> new NonClosingInputStream(goMod));
    }

    /** {@link #hashGoMod(InputStream)} over bytes in memory. */
    public static String hashGoMod(byte[] goMod) {
        Objects.requireNonNull(goMod, "goMod");
        try {
            return hash1(List.of(GO_MOD), name -> new ByteArrayInputStream(goMod));
        } catch (IOException e) {
            throw new IllegalStateException("cannot happen: in-memory read failed", e);
        }
    }

    private static void digest(InputStream in, MessageDigest digest, byte[] buffer) throws IOException {
        int n;
        while ((n = in.read(buffer)) != -1) {
            digest.update(buffer, 0, n);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory on every Java platform", e);
        }
    }

    private record Named(String name, byte[] utf8) {
    }

    /** Lets hash1 close "the file" without closing the caller's stream. */
    private static final class NonClosingInputStream extends FilterInputStream {
        NonClosingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
            // the caller owns the stream
        }
    }
}
