package dev.modvault.core.checksum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Vectors ported from golang.org/x/mod/sumdb/dirhash/hash_test.go: {@code TestHash1}, {@code TestHashDir} (through
 * {@link DirHash#hash1} over files on disk; there is no HashDir here) and {@code TestHashZip}. {@code TestDirFiles} has
 * no counterpart (no DirFiles here). Each Go test computes its expectation with the helpers {@code h} and
 * {@code htop}, ported as {@link #h} and {@link #htop}; the literal {@code h1:} values next to them were printed by the
 * real x/mod dirhash package (go 1.19, GOPATH mode over /usr/share/gocode) so a mistake shared by the port and the
 * helpers still fails.
 */
class DirHashTest {

    @TempDir
    Path tmp;

    /** hash_test.go h: hex SHA-256 of a string. */
    private static String h(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    /** hash_test.go htop: k + ":" + base64(SHA-256(s)). */
    private static String htop(String k, String s) throws Exception {
        byte[] sum = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        return k + ":" + Base64.getEncoder().encodeToString(sum);
    }

    private static InputStream dataFor(String name) {
        return new ByteArrayInputStream(("data for " + name).getBytes(StandardCharsets.UTF_8));
    }

    // ---- TestHash1 ----

    @Test
    void hash1_matchesGoTestHash1() throws Exception {
        String want = htop("h1", String.format("%s  %s\n%s  %s\n", h("data for abc"), "abc", h("data for xyz"), "xyz"));
        String out = DirHash.hash1(List.of("xyz", "abc"), DirHashTest::dataFor);
        assertThat(out).isEqualTo(want).isEqualTo("h1:EP6WfDoQTSk9klnxcjriWJOGztueJUywHNmWeq+efB8=");
    }

    @Test
    void hash1_rejectsNewlineInFileNames_withoutOpeningAnything() {
        List<String> opened = new ArrayList<>();
        assertThatThrownBy(() -> DirHash.hash1(List.of("xyz", "a\nbc"), name -> {
            opened.add(name);
            return dataFor(name);
        })).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("newlines");
        assertThat(opened).isEmpty();
    }

    @Test
    void hash1_sortsLikeGoSortStrings_byUtf8Bytes_notUtf16() throws Exception {
        // U+1F600 is a surrogate pair (D83D DE00) in UTF-16, so String.compareTo puts it before U+FFFD,
        // while its UTF-8 (F0 9F ...) sorts after U+FFFD's (EF BF BD), as Go sorts.
        List<String> names = List.of("\uD83D\uDE00", "\uFFFD", "Z", "a", "\u00E9");
        List<String> opened = new ArrayList<>();
        String out = DirHash.hash1(names, name -> {
            opened.add(name);
            return dataFor(name);
        });
        assertThat(opened).containsExactly("Z", "a", "\u00E9", "\uFFFD", "\uD83D\uDE00");
        assertThat(out).isEqualTo("h1:9d78bqEbko+QhflJY2/ShP5XevF6QV/NB4LVHNyUmU8=");
    }

    @Test
    void hash1_ofNoFiles_isHashOfEmptySummary() throws Exception {
        assertThat(DirHash.hash1(List.of(), DirHashTest::dataFor))
                .isEqualTo(htop("h1", ""))
                .isEqualTo("h1:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
    }

    @Test
    void hash1_closesEveryStreamItOpens() throws Exception {
        List<AtomicBoolean> closed = new ArrayList<>();
        DirHash.hash1(List.of("b", "a", "c"), name -> {
            AtomicBoolean flag = new AtomicBoolean();
            closed.add(flag);
            return new ByteArrayInputStream(name.getBytes(StandardCharsets.UTF_8)) {
                @Override
                public void close() {
                    flag.set(true);
                }
            };
        });
        assertThat(closed).hasSize(3).allSatisfy(flag -> assertThat(flag).isTrue());
    }

    @Test
    void hash1_propagatesOpenerFailure() {
        assertThatThrownBy(() -> DirHash.hash1(List.of("a"), name -> {
            throw new IOException("boom " + name);
        })).isInstanceOf(IOException.class).hasMessage("boom a");
    }

    // ---- TestHashDir (HashDir(dir, "prefix", Hash1) done with hash1 over the files on disk) ----

    @Test
    void hash1_overDirectory_matchesGoTestHashDir() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("dirhash-test"));
        Files.writeString(dir.resolve("xyz"), "data for xyz");
        Files.writeString(dir.resolve("abc"), "data for abc");
        String want = htop("h1",
                String.format("%s  %s\n%s  %s\n", h("data for abc"), "prefix/abc", h("data for xyz"), "prefix/xyz"));
        String out = DirHash.hash1(List.of("prefix/xyz", "prefix/abc"),
                name -> Files.newInputStream(dir.resolve(name.substring("prefix/".length()))));
        assertThat(out).isEqualTo(want).isEqualTo("h1:rLyfpGMAgqOnGE2aKOY5Xb6cOc0/YQhPjHBHBwkblhs=");
    }

    // ---- TestHashZip ----

    @Test
    void hashZip_matchesGoTestHashZip() throws Exception {
        Path zip = tmp.resolve("dirhash-test.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
            z.putNextEntry(new ZipEntry("prefix/xyz"));
            z.write("data for xyz".getBytes(StandardCharsets.UTF_8));
            z.putNextEntry(new ZipEntry("prefix/abc"));
            z.write("data for abc".getBytes(StandardCharsets.UTF_8));
        }
        String want = htop("h1",
                String.format("%s  %s\n%s  %s\n", h("data for abc"), "prefix/abc", h("data for xyz"), "prefix/xyz"));
        assertThat(DirHash.hashZip(zip)).isEqualTo(want).isEqualTo("h1:rLyfpGMAgqOnGE2aKOY5Xb6cOc0/YQhPjHBHBwkblhs=");
    }

    @Test
    void hashZip_ignoresCompressionMethodTimesAndEntryOrder() throws Exception {
        byte[] big = new byte[3 * 1024 * 1024 + 17]; // larger than the read buffer
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31 + (i >>> 11));
        }
        Path deflated = tmp.resolve("deflated.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(deflated))) {
            z.putNextEntry(new ZipEntry("m@v1.0.0/big.bin"));
            z.write(big);
            z.putNextEntry(new ZipEntry("m@v1.0.0/go.mod"));
            z.write("module m\n".getBytes(StandardCharsets.UTF_8));
        }
        Path stored = tmp.resolve("stored.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(stored))) {
            putStored(z, "m@v1.0.0/go.mod", "module m\n".getBytes(StandardCharsets.UTF_8), 0L);
            putStored(z, "m@v1.0.0/big.bin", big, 1_000_000_000_000L);
        }
        String expected = htop("h1", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(big))
                + "  m@v1.0.0/big.bin\n" + h("module m\n") + "  m@v1.0.0/go.mod\n");
        assertThat(DirHash.hashZip(deflated)).isEqualTo(expected);
        assertThat(DirHash.hashZip(stored)).isEqualTo(expected);
    }

    @Test
    void hashZip_includesDirectoryEntriesLikeGo() throws Exception {
        Path zip = tmp.resolve("dirs.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
            z.putNextEntry(new ZipEntry("m@v1.0.0/"));
            z.putNextEntry(new ZipEntry("m@v1.0.0/a"));
            z.write('x');
        }
        assertThat(DirHash.hashZip(zip))
                .isEqualTo(htop("h1", h("") + "  m@v1.0.0/\n" + h("x") + "  m@v1.0.0/a\n"));
    }

    @Test
    void hashZip_rejectsNewlineInEntryName() throws Exception {
        Path zip = tmp.resolve("newline.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
            z.putNextEntry(new ZipEntry("m@v1.0.0/a\nb"));
            z.write('x');
        }
        assertThatThrownBy(() -> DirHash.hashZip(zip)).isInstanceOf(ZipException.class).hasMessageContaining("newlines");
    }

    @Test
    void hashZip_rejectsNonZip() throws Exception {
        Path notZip = Files.writeString(tmp.resolve("not.zip"), "this is not a zip file at all");
        assertThatThrownBy(() -> DirHash.hashZip(notZip)).isInstanceOf(IOException.class);
    }

    // ---- go.mod hashes (go.sum "/go.mod h1:" lines) ----

    @Test
    void hashGoMod_matchesKnownGoSumLine() throws Exception {
        // golang.org/x/text v0.3.0 has no go.mod; its synthesized one gives the ubiquitous go.sum line
        // "golang.org/x/text v0.3.0/go.mod h1:NqM8EUOU14njkJ3fqMW+pc6Ldnwhi/IjpwHt7yyuwOQ=".
        byte[] goMod = "module golang.org/x/text\n".getBytes(StandardCharsets.UTF_8);
        assertThat(DirHash.hashGoMod(new ByteArrayInputStream(goMod)))
                .isEqualTo(DirHash.hashGoMod(goMod))
                .isEqualTo(htop("h1", h("module golang.org/x/text\n") + "  go.mod\n"))
                .isEqualTo("h1:NqM8EUOU14njkJ3fqMW+pc6Ldnwhi/IjpwHt7yyuwOQ=");
        assertThat(DirHash.hashGoMod(new byte[0])).isEqualTo("h1:G7mAYYxgmS0lVkHyy2hEOLQCFB0DlQFTMLWggykrydY=");
    }

    @Test
    void hashGoMod_readsToEndButLeavesCallersStreamOpen() throws Exception {
        AtomicBoolean closed = new AtomicBoolean();
        ByteArrayInputStream in = new ByteArrayInputStream("module golang.org/x/text\n".getBytes(StandardCharsets.UTF_8)) {
            @Override
            public void close() {
                closed.set(true);
            }
        };
        assertThat(DirHash.hashGoMod(in)).isEqualTo("h1:NqM8EUOU14njkJ3fqMW+pc6Ldnwhi/IjpwHt7yyuwOQ=");
        assertThat(in.available()).isZero();
        assertThat(closed).isFalse();
    }

    private static void putStored(ZipOutputStream z, String name, byte[] content, long time) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(content.length);
        e.setCompressedSize(content.length);
        CRC32 crc = new CRC32();
        crc.update(content);
        e.setCrc(crc.getValue());
        e.setTime(time);
        z.putNextEntry(e);
        z.write(content);
        z.closeEntry();
    }
}
