package dev.modvault.web.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modvault.core.audit.AuditSink;
import dev.modvault.core.protocol.Content;
import dev.modvault.core.verify.VerifiedObject;
import dev.modvault.core.verify.VerifyingArtifactStore;
import dev.modvault.storage.ObjectMetadata;
import dev.modvault.storage.StorageKey;
import dev.modvault.storage.StoredObject;
import dev.modvault.storage.disk.DiskArtifactStore;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.web.MockHttpServletRequest;

/** Zero-copy is offered only for checked, unchanged, large enough immutable artifacts, and only when Tomcat can. */
class SendfileTest {

    static final StorageKey ZIP = StorageKey.of("big.example/m/@v/v1.0.0.zip");
    static final StorageKey SMALL = StorageKey.of("big.example/m/@v/v1.0.1.zip");

    @TempDir
    Path dir;
    DiskArtifactStore disk;
    VerifyingArtifactStore verifying;
    MockHttpServletRequest request;

    @BeforeEach
    void store() throws Exception {
        disk = new DiskArtifactStore(dir);
        verifying = new VerifyingArtifactStore(disk, AuditSink.NONE, Clock.systemUTC());
        put(ZIP, new byte[(int) Sendfile.MIN_SIZE]);
        put(SMALL, new byte[(int) Sendfile.MIN_SIZE - 1]);
        request = new MockHttpServletRequest();
        request.setAttribute(Sendfile.SUPPORT, Boolean.TRUE);
    }

    void put(StorageKey key, byte[] body) throws Exception {
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        disk.put(key, new ByteArrayInputStream(body), new ObjectMetadata(body.length, sha, "application/zip", Map.of()));
    }

    @Test
    void aCheckedUnchangedArtifactIsHandedToTomcatByName() {
        StoredObject checked = verifying.get(ZIP).orElseThrow();
        assertThat(checked).isInstanceOf(VerifiedObject.class);

        assertThat(Sendfile.offer(request, Content.of(checked, Content.Freshness.IMMUTABLE, true))).isTrue();
        assertThat(request.getAttribute(Sendfile.FILENAME)).isEqualTo(checked.localFile().orElseThrow().toString());
        assertThat(request.getAttribute(Sendfile.START)).isEqualTo(0L);
        assertThat(request.getAttribute(Sendfile.END)).isEqualTo(Sendfile.MIN_SIZE);
    }

    @Test
    void aFileChangedSinceItsCheckIsStreamedInstead() throws Exception {
        StoredObject checked = verifying.get(ZIP).orElseThrow();
        Path file = checked.localFile().orElseThrow();
        FileTime mtime = Files.getLastModifiedTime(file);
        Files.write(file, new byte[(int) Sendfile.MIN_SIZE], java.nio.file.StandardOpenOption.WRITE);
        Files.setLastModifiedTime(file, mtime); // same bytes, same mtime: only the ctime moved

        assertThat(Sendfile.offer(request, Content.of(checked, Content.Freshness.IMMUTABLE, true))).isFalse();
        assertThat(request.getAttribute(Sendfile.FILENAME)).isNull();
    }

    @Test
    void uncheckedSmallMutableOrUnsupportedIsStreamed() {
        StoredObject unchecked = disk.get(ZIP).orElseThrow();
        assertThat(Sendfile.offer(request, Content.of(unchecked, Content.Freshness.IMMUTABLE, true)))
                .as("not through the per-serve check").isFalse();
        assertThat(Sendfile.offer(request, Content.of(verifying.get(SMALL).orElseThrow(), Content.Freshness.IMMUTABLE,
                true))).as("below the size where sendfile pays").isFalse();
        assertThat(Sendfile.offer(request, Content.of(verifying.get(ZIP).orElseThrow(), Content.Freshness.SHORT,
                true))).as("mutable").isFalse();
        assertThat(Sendfile.offer(request, Content.of(new byte[100_000], "application/zip",
                Content.Freshness.IMMUTABLE, true))).as("in memory").isFalse();
        MockHttpServletRequest plain = new MockHttpServletRequest();
        assertThat(Sendfile.offer(plain, Content.of(verifying.get(ZIP).orElseThrow(), Content.Freshness.IMMUTABLE,
                true))).as("the server cannot sendfile").isFalse();
        assertThat(request.getAttribute(Sendfile.FILENAME)).isNull();
    }
}
