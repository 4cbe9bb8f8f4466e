package dev.modvault.web.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modvault.core.audit.AuditSink;
import dev.modvault.core.protocol.Content;
import dev.modvault.core.verify.VerifyingArtifactStore;
import dev.modvault.storage.ObjectMetadata;
import dev.modvault.storage.StorageKey;
import dev.modvault.storage.StoredObject;
import dev.modvault.storage.disk.DiskArtifactStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checked file is copied whole without hashing; a file changed before or during the copy is never sent whole. */
class VerifiedFileCopyTest {

    static final StorageKey ZIP = StorageKey.of("copy.example/m/@v/v1.0.0.zip");
    static final StorageKey SMALL = StorageKey.of("copy.example/m/@v/v1.0.1.zip");

    @TempDir
    Path dir;
    DiskArtifactStore disk;
    VerifyingArtifactStore verifying;
    byte[] body;

    @BeforeEach
    void store() throws Exception {
        disk = new DiskArtifactStore(dir);
        verifying = new VerifyingArtifactStore(disk, AuditSink.NONE, Clock.systemUTC());
        body = new byte[300 * 1024 + 17];
        new Random(7).nextBytes(body);
        put(ZIP, body);
        put(SMALL, new byte[1000]);
    }

    void put(StorageKey key, byte[] bytes) throws Exception {
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        disk.put(key, new ByteArrayInputStream(bytes), new ObjectMetadata(bytes.length, sha, "application/zip", Map.of()));
    }

    static Content immutable(StoredObject object) {
        return Content.of(object, Content.Freshness.IMMUTABLE, true);
    }

    static void flipOneByte(Path file, long at) throws Exception {
        FileTime mtime = Files.getLastModifiedTime(file);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(at);
            int b = raf.read();
            raf.seek(at);
            raf.write(b ^ 1);
        }
        Files.setLastModifiedTime(file, mtime); // only the ctime tells
    }

    @Test
    void aCheckedFileIsCopiedWhole() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(VerifiedFileCopy.copy(immutable(verifying.get(ZIP).orElseThrow()), out)).isEqualTo(body.length);
        assertThat(out.toByteArray()).isEqualTo(body);
    }

    @Test
    void onlyCheckedLargeImmutableFilesQualify() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(VerifiedFileCopy.copy(immutable(disk.get(ZIP).orElseThrow()), out)).as("unchecked").isEqualTo(-1);
        assertThat(VerifiedFileCopy.copy(immutable(verifying.get(SMALL).orElseThrow()), out)).as("small").isEqualTo(-1);
        assertThat(VerifiedFileCopy.copy(Content.of(verifying.get(ZIP).orElseThrow(), Content.Freshness.SHORT, true),
                out)).as("mutable").isEqualTo(-1);
        assertThat(out.size()).isZero();
    }

    @Test
    void aFileChangedAfterItsCheckIsLeftToTheHashingStream() throws Exception {
        StoredObject checked = verifying.get(ZIP).orElseThrow();
        flipOneByte(checked.localFile().orElseThrow(), 1000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(VerifiedFileCopy.copy(immutable(checked), out)).isEqualTo(-1);
        assertThat(out.size()).isZero();
    }

    @Test
    void aFileChangedWhileBeingSentIsCutShort() throws Exception {
        StoredObject checked = verifying.get(ZIP).orElseThrow();
        Path file = checked.localFile().orElseThrow();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        OutputStream out = new OutputStream() {
            boolean changed;

            @Override
            public void write(int b) {
                received.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                received.write(b, off, len);
                if (!changed) { // someone writes into the stored file after the first chunk went out
                    changed = true;
                    try {
                        flipOneByte(file, body.length - 10);
                    } catch (Exception e) {
                        throw new IOException(e);
                    }
                }
            }
        };
        assertThatThrownBy(() -> VerifiedFileCopy.copy(immutable(checked), out))
                .isInstanceOf(IOException.class).hasMessageContaining("changed while being sent");
        assertThat(received.size()).as("the tail is held back").isLessThanOrEqualTo(body.length - VerifiedFileCopy.TAIL);
    }
}
