package dev.modvault.storage.s3;

import dev.modvault.storage.support.CheckedBody;
import dev.modvault.storage.ObjectMetadata;
import dev.modvault.storage.StorageException;
import dev.modvault.storage.StorageKey;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * Writes one body to S3, whole or not at all, in bounded memory.
 *
 * <ul>
 *   <li>A body of at most one part size is read into a buffer of its declared size, checked (size, SHA-256), then
 *       sent as one PutObject with its Content-Length and Content-MD5.</li>
 *   <li>A larger body becomes a multipart upload: it is read one part at a time into one reusable buffer of the part
 *       size, and each part is sent (UploadPart with Content-MD5) before the next is read; size and SHA-256 are
 *       checked as the body is read, and CompleteMultipartUpload, which makes the object visible, is only sent once
 *       both matched. Any failure (body, check, service, interruption) sends AbortMultipartUpload, which deletes the
 *       parts. If even the abort fails (the service is unreachable), the invisible parts stay until a lifecycle rule
 *       ({@code AbortIncompleteMultipartUpload}) removes them: see docs/storage.md.</li>
 * </ul>
 * S3 writes are atomic per object: readers see the previous object or the new one, never a mix, and the user
 * metadata (SHA-256, attributes) is replaced with the body.
 */
final class S3Writer {

    private static final Logger log = LoggerFactory.getLogger(S3Writer.class);
    /** S3's limit on the parts of one upload. */
    static final int MAX_PARTS = 10_000;

    private final S3Client s3;
    private final S3Settings settings;

    S3Writer(S3Client s3, S3Settings settings) {
        this.s3 = s3;
        this.settings = settings;
    }

    void put(StorageKey key, InputStream in, ObjectMetadata metadata) {
        Map<String, String> user;
        try {
            user = UserMetadata.encode(metadata);
        } catch (IllegalArgumentException e) {
            throw new StorageException("cannot store key " + key + ": " + e.getMessage(), e);
        }
        if ((metadata.size() + settings.partSize() - 1) / settings.partSize() > MAX_PARTS) {
            throw new StorageException("cannot store key " + key + ": " + metadata.size() + " bytes need more than "
                    + MAX_PARTS + " parts of " + settings.partSize() + " bytes");
        }
        CheckedBody body = new CheckedBody(key, in, metadata);
        if (metadata.size() <= settings.partSize()) {
            putSingle(key, body, metadata, user);
        } else {
            putMultipart(key, body, metadata, user);
        }
    }

    private void putSingle(StorageKey key, CheckedBody body, ObjectMetadata metadata, Map<String, String> user) {
        byte[] buffer = new byte[(int) metadata.size() + 1]; // one more byte than declared: a longer body fails
        int n = body.fill(buffer);
        body.verify();
        PutObjectRequest.Builder request = PutObjectRequest.builder()
                .bucket(settings.bucket())
                .key(settings.objectKey(key.value()))
                .contentType(headerContentType(metadata))
                .contentLength((long) n)
                .contentMD5(md5(buffer, n))
                .metadata(user);
        switch (settings.sse()) {
            case NONE -> { }
            case S3 -> request.serverSideEncryption(ServerSideEncryption.AES256);
            case KMS -> request.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(settings.kmsKeyId());
        }
        try {
            s3.putObject(request.build(), body(buffer, n));
        } catch (SdkException e) {
            throw S3Errors.classify("cannot store key " + key, settings, e);
        }
    }

    private void putMultipart(StorageKey key, CheckedBody body, ObjectMetadata metadata, Map<String, String> user) {
        String objectKey = settings.objectKey(key.value());
        CreateMultipartUploadRequest.Builder create = CreateMultipartUploadRequest.builder()
                .bucket(settings.bucket())
                .key(objectKey)
                .contentType(headerContentType(metadata))
                .metadata(user);
        switch (settings.sse()) {
            case NONE -> { }
            case S3 -> create.serverSideEncryption(ServerSideEncryption.AES256);
            case KMS -> create.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(settings.kmsKeyId());
        }
        String uploadId;
        try {
            uploadId = s3.createMultipartUpload(create.build()).uploadId();
        } catch (SdkException e) {
            throw S3Errors.classify("cannot store key " + key, settings, e);
        }
        try {
            List<CompletedPart> parts = uploadParts(key, objectKey, uploadId, body);
            body.verify();
            s3.completeMultipartUpload(b -> b.bucket(settings.bucket()).key(objectKey).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
        } catch (SdkException e) {
            StorageException failure = S3Errors.classify("cannot store key " + key, settings, e);
            abort(key, objectKey, uploadId, failure);
            throw failure;
        } catch (Throwable e) {
            abort(key, objectKey, uploadId, e);
            throw e;
        }
    }

    /** Reads and sends the parts; the body has ended when it returns. */
    private List<CompletedPart> uploadParts(StorageKey key, String objectKey, String uploadId, CheckedBody body) {
        byte[] buffer = new byte[settings.partSize()];
        List<CompletedPart> parts = new ArrayList<>();
        while (!body.ended()) {
            int n = body.fill(buffer);
            if (n == 0) {
                break; // ended on a part boundary
            }
            int partNumber = parts.size() + 1;
            if (partNumber > MAX_PARTS) {
                throw new StorageException("cannot store key " + key + ": more than " + MAX_PARTS + " parts");
            }
            String eTag = s3.uploadPart(b -> b.bucket(settings.bucket()).key(objectKey).uploadId(uploadId)
                    .partNumber(partNumber).contentLength((long) n).contentMD5(md5(buffer, n)), body(buffer, n)).eTag();
            parts.add(CompletedPart.builder().partNumber(partNumber).eTag(eTag).build());
        }
        return parts;
    }

    /** Aborts an upload after {@code failure}, keeping the thread's interrupt status; never throws. */
    private void abort(StorageKey key, String objectKey, String uploadId, Throwable failure) {
        boolean interrupted = Thread.interrupted(); // an interrupted thread could not send the abort
        try {
            s3.abortMultipartUpload(b -> b.bucket(settings.bucket()).key(objectKey).uploadId(uploadId));
        } catch (SdkException e) {
            failure.addSuppressed(e);
            log.warn("could not abort the failed multipart upload {} of key {} in {}: {}; its parts stay invisible"
                            + " until the bucket's AbortIncompleteMultipartUpload lifecycle rule removes them",
                    uploadId, key, settings.describe(), S3Errors.reason(settings, e));
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A request body over the first {@code n} bytes of a buffer, re-readable for the SDK's retries, not copied. */
    private static RequestBody body(byte[] buffer, int n) {
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(buffer, 0, n), n,
                "application/octet-stream");
    }

    /** The Content-Type header: the metadata's own where a header can carry it as it is. */
    private static String headerContentType(ObjectMetadata metadata) {
        return UserMetadata.headerSafe(metadata.contentType()) ? metadata.contentType() : "application/octet-stream";
    }

    private static String md5(byte[] buffer, int n) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update(buffer, 0, n);
            return Base64.getEncoder().encodeToString(md5.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has MD5", e);
        }
    }
}
