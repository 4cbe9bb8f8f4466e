package dev.modvault.web.protocol;

import dev.modvault.core.protocol.Content;
import dev.modvault.core.verify.VerifiedObject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Sends a checked artifact's local file from inside the request, without hashing it again: the per-serve check
 * ({@link VerifiedObject}) hashed this very file (same inode, ctime, mtime, size) before this replica first served it,
 * so hashing every byte again on every download only finds bit rot that changes no metadata, which the scrub finds.
 * SHA-256 runs at about 1.4 GB/s per core here, so hashing on every send would cap a replica's zip throughput well
 * below what the network and the page cache deliver (docs/performance.md).
 *
 * <p>The file is opened, then its identity is compared with the checked one (so the open got the checked file); the
 * last {@value #TAIL} bytes are held back until the identity has been compared once more, so a file written to during
 * the transfer is cut short (the client sees a truncated body and retries) instead of sent whole: the same outcome
 * as the hashing stream failing at its end. Unlike sendfile, the copy runs inside the request, so graceful shutdown
 * waits for it.
 */
final class VerifiedFileCopy {

    static final int BUFFER = 64 * 1024;
    static final int TAIL = 64 * 1024;

    private VerifiedFileCopy() {
    }

    /**
     * Copies the content's checked file to {@code out} when the content is a checked, immutable artifact with a local
     * file of at least {@link Sendfile#MIN_SIZE} bytes (smaller ones come from memory).
     *
     * @return the bytes sent, or -1 if the content does not qualify (nothing was written; stream it instead)
     * @throws IOException if the file changed or ended early while being sent (the response is then incomplete)
     */
    static long copy(Content content, OutputStream out) throws IOException {
        if (content.size() < Sendfile.MIN_SIZE || content.freshness() != Content.Freshness.IMMUTABLE
                || !(content instanceof Content.Stored stored)
                || !(stored.object() instanceof VerifiedObject verified)) {
            return -1;
        }
        Path file = verified.localFile().orElse(null);
        if (file == null) {
            return -1;
        }
        long size = content.size();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (!verified.unchanged()) {
                return -1; // replaced or written since the check: the hashing stream decides
            }
            byte[] buffer = new byte[(int) Math.min(BUFFER, size)];
            ByteBuffer wrapped = ByteBuffer.wrap(buffer);
            long position = 0;
            long tailStart = size - Math.min(TAIL, size);
            boolean rechecked = false;
            while (position < size) {
                if (!rechecked && position >= tailStart) {
                    if (!verified.unchanged()) {
                        throw new IOException("stored " + stored.object().key() + " changed while being sent");
                    }
                    rechecked = true;
                }
                long limit = rechecked ? size : tailStart;
                wrapped.clear().limit((int) Math.min(buffer.length, limit - position));
                int n = channel.read(wrapped, position);
                if (n < 0) {
                    throw new IOException("stored " + stored.object().key() + " ended " + (size - position)
                            + " bytes early");
                }
                out.write(buffer, 0, n);
                position += n;
            }
        }
        return size;
    }
}
