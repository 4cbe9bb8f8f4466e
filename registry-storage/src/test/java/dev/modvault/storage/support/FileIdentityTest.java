package dev.modvault.storage.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stamp stays equal while a file is untouched and changes when it is rewritten or replaced, even with its mtime. */
class FileIdentityTest {

    @TempDir
    Path dir;

    @Test
    void aStampIsEqualForAnUntouchedFileAndChangesWhenTheFileIsRewrittenOrReplaced() throws Exception {
        Path file = Files.writeString(dir.resolve("v1.0.0.info"), "{\"Version\":\"v1.0.0\"}");
        FileTime mtime = FileTime.fromMillis(1_700_000_000_000L);
        Files.setLastModifiedTime(file, mtime);
        FileIdentity.Stamp first = FileIdentity.Stamp.of(file);
        assertThat(FileIdentity.Stamp.of(file)).isEqualTo(first);
        assertThat(first.size()).isEqualTo(Files.size(file));

        Files.writeString(file, "{\"Version\":\"v1.0.1\"}"); // same size, in place: the mtime moves
        assertThat(FileIdentity.Stamp.of(file)).isNotEqualTo(first);

        // replaced by a rename with the same size and the old mtime set back: a new inode
        Path other = Files.writeString(dir.resolve("tmp"), "{\"Version\":\"v1.0.2\"}");
        Files.setLastModifiedTime(other, mtime);
        Files.setLastModifiedTime(file, mtime);
        FileIdentity.Stamp before = FileIdentity.Stamp.of(file);
        Files.move(other, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        FileIdentity.Stamp after = FileIdentity.Stamp.of(file);
        assertThat(after.modifiedNanos()).isEqualTo(before.modifiedNanos());
        assertThat(after.size()).isEqualTo(before.size());
        assertThat(after).isNotEqualTo(before);

        Files.delete(file);
        assertThatThrownBy(() -> FileIdentity.Stamp.of(file)).isInstanceOf(NoSuchFileException.class);
    }
}
