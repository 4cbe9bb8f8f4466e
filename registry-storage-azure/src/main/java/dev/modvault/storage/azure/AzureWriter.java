package dev.modvault.storage.azure;

import dev.modvault.storage.support.CheckedBody;
import dev.modvault.storage.ObjectMetadata;
import dev.modvault.storage.StorageException;
import dev.modvault.storage.StorageKey;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.options.BlockBlobCommitBlockListOptions;
import com.azure.storage.blob.options.BlockBlobSimpleUploadOptions;
import com.azure.storage.blob.options.BlockBlobStageBlockOptions;
import com.azure.storage.blob.specialized.BlockBlobClient;

/**
 * Writes one body as a block blob, whole or not at all, in bounded memory.
 *
 * <ul>
 *   <li>A body of at most one block is read into a buffer of its declared size, checked (size, SHA-256), then sent as
 *       one Put Blob with its Content-MD5.</li>
 *   <li>A larger body is read one block at a time into one reusable buffer of the block size, and each block is
 *       staged (Put Block, with Content-MD5) before the next is read; size and SHA-256 are checked as it is read,
 *       and the block list, which makes the blob visible with its metadata, is only committed once both matched.
 *       Staged blocks that are never committed are invisible (not read, not listed) and Azure deletes them after a
 *       week, so a failed put leaves nothing visible and needs no clean-up.</li>
 * </ul>
 *
 * <p>Block ids are derived from the block's position and content (SHA-256), so racing writers of an identical body
 * (the only race Modvault has for large, immutable artifacts) stage identical blocks under identical ids, and each
 * commit finds every block it names, whichever writer staged or committed it first. Writers of different bodies of
 * one key larger than one block (mutable entries are small, so Modvault has none) can make each other's commit fail
 * ({@code InvalidBlockList}: a commit discards the other writer's uncommitted blocks); the put then fails with a
 * StorageException and the blob holds the other, whole body.
 */
final class AzureWriter {

    private final AzureSettings settings;

    AzureWriter(AzureSettings settings) {
        this.settings = settings;
    }

    void put(BlockBlobClient blob, StorageKey key, CheckedBody body, ObjectMetadata metadata) {
        Map<String, String> blobMetadata;
        try {
            blobMetadata = BlobMetadata.encode(metadata);
        } catch (IllegalArgumentException e) {
            throw new StorageException("cannot store key " + key + ": " + e.getMessage(), e);
        }
        BlobHttpHeaders headers = new BlobHttpHeaders().setContentType(
                BlobMetadata.headerSafe(metadata.contentType()) ? metadata.contentType() : "application/octet-stream");
        try {
            if (metadata.size() <= settings.blockSize()) {
                byte[] buffer = new byte[(int) metadata.size() + 1]; // one byte more than declared: longer fails
                int n = body.fill(buffer);
                body.verify();
                blob.uploadWithResponse(new BlockBlobSimpleUploadOptions(data(buffer, n)).setHeaders(headers)
                        .setMetadata(blobMetadata).setContentMd5(digest("MD5", buffer, n)), null, Context.NONE);
            } else {
                List<String> blockIds = stageBlocks(blob, body);
                body.verify();
                blob.commitBlockListWithResponse(new BlockBlobCommitBlockListOptions(blockIds).setHeaders(headers)
                        .setMetadata(blobMetadata), null, Context.NONE);
            }
        } catch (StorageException e) {
            throw e;
        } catch (RuntimeException e) {
            throw AzureErrors.classify("cannot store key " + key, settings, e);
        }
    }

    /** Reads and stages the blocks; the body has ended when it returns. */
    private List<String> stageBlocks(BlockBlobClient blob, CheckedBody body) {
        byte[] buffer = new byte[settings.blockSize()];
        List<String> ids = new ArrayList<>();
        while (!body.ended()) {
            int n = body.fill(buffer);
            if (n == 0) {
                break; // ended on a block boundary
            }
            String id = blockId(ids.size(), buffer, n);
            blob.stageBlockWithResponse(new BlockBlobStageBlockOptions(id, data(buffer, n))
                    .setContentMd5(digest("MD5", buffer, n)), null, Context.NONE);
            ids.add(id);
        }
        return ids;
    }

    /** SHA-256 of the block's index and bytes, base64: 44 characters for every block (Azure needs equal lengths). */
    static String blockId(int index, byte[] buffer, int n) {
        MessageDigest sha256 = CheckedBody.sha256();
        sha256.update(ByteBuffer.allocate(4).putInt(0, index));
        sha256.update(buffer, 0, n);
        return Base64.getEncoder().encodeToString(sha256.digest());
    }

    /** The first {@code n} bytes of a buffer, not copied, replayable for retries. */
    private static BinaryData data(byte[] buffer, int n) {
        return BinaryData.fromByteBuffer(ByteBuffer.wrap(buffer, 0, n).asReadOnlyBuffer());
    }

    private static byte[] digest(String algorithm, byte[] buffer, int n) {
        try {
            MessageDigest digest = MessageDigest.getInstance(algorithm);
            digest.update(buffer, 0, n);
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has " + algorithm, e);
        }
    }
}
