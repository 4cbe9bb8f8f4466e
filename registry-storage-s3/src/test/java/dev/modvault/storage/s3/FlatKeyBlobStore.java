package dev.modvault.storage.s3;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;

import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * Test support: gives S3Proxy's file-system blob store S3's flat key space. That store keeps the key {@code a/b} as
 * a file and {@code a/b/c} as a file in a folder {@code a/b}, so the two cannot coexist, while in S3 (and in the
 * storage contract) they do. This wrapper stores every key with '/' escaped ({@code %2F}, and '%' as {@code %25}),
 * so all objects of a bucket are files in one folder, and answers ListObjectsV2 itself: prefix, delimiter '/',
 * common prefixes and pages of at most {@code max-keys} (1,000) with continuation tokens, in key order, as S3
 * does. Only the operations the S3 backend and its tests use are translated.
 */
final class FlatKeyBlobStore extends ForwardingBlobStore {

    private static final int MAX_KEYS = 1000;

    FlatKeyBlobStore(BlobStore delegate) {
        super(delegate);
    }

    static String encode(String key) {
        return key == null ? null : key.replace("%", "%25").replace("/", "%2F");
    }

    static String decode(String name) {
        return name.replace("%2F", "/").replace("%25", "%");
    }

    @Override
    public ListObjectsV2Response list(ListObjectsV2Request request) {
        String prefix = request.prefix() == null ? "" : request.prefix();
        boolean folders = "/".equals(request.delimiter());
        List<S3Object> all = new ArrayList<>();
        String token = null;
        do {
            ListObjectsV2Response page = delegate().list(ListObjectsV2Request.builder().bucket(request.bucket())
                    .prefix(encode(prefix)).maxKeys(MAX_KEYS).continuationToken(token).build());
            all.addAll(page.contents());
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);

        NavigableMap<String, S3Object> entries = new TreeMap<>(); // common prefixes map to null
        for (S3Object object : all) {
            String key = decode(object.key());
            int slash = folders ? key.indexOf('/', prefix.length()) : -1;
            if (slash >= 0) {
                entries.putIfAbsent(key.substring(0, slash + 1), null);
            } else {
                entries.put(key, object.toBuilder().key(key).build());
            }
        }
        String marker = request.continuationToken() != null ? request.continuationToken() : request.startAfter();
        NavigableMap<String, S3Object> rest = marker == null ? entries : entries.tailMap(marker, false);
        int max = request.maxKeys() == null ? MAX_KEYS : request.maxKeys();
        List<S3Object> contents = new ArrayList<>();
        List<CommonPrefix> prefixes = new ArrayList<>();
        String last = null;
        for (var entry : rest.entrySet()) {
            if (contents.size() + prefixes.size() == max) {
                break;
            }
            if (entry.getValue() == null) {
                prefixes.add(CommonPrefix.builder().prefix(entry.getKey()).build());
            } else {
                contents.add(entry.getValue());
            }
            last = entry.getKey();
        }
        boolean truncated = last != null && rest.higherKey(last) != null;
        return ListObjectsV2Response.builder().contents(contents).commonPrefixes(prefixes)
                .nextContinuationToken(truncated ? last : null).isTruncated(truncated).build();
    }

    @Override
    public boolean blobExists(String container, String name) {
        return delegate().blobExists(container, encode(name));
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream in) {
        return delegate().putBlob(request.toBuilder().key(encode(request.key())).build(), in);
    }

    @Override
    public HeadObjectResponse blobMetadata(HeadObjectRequest request) {
        return delegate().blobMetadata(request.toBuilder().key(encode(request.key())).build());
    }

    @Override
    public ResponseInputStream<GetObjectResponse> getBlob(GetObjectRequest request) {
        return delegate().getBlob(request.toBuilder().key(encode(request.key())).build());
    }

    @Override
    public DeleteObjectResponse removeBlob(DeleteObjectRequest request) {
        return delegate().removeBlob(request.toBuilder().key(encode(request.key())).build());
    }

    @Override
    public MultipartUpload initiateMultipartUpload(CreateMultipartUploadRequest request) {
        MultipartUpload upload = delegate().initiateMultipartUpload(
                request.toBuilder().key(encode(request.key())).build());
        return new MultipartUpload(upload.id(), request, upload.response());
    }

    @Override
    public UploadPartResponse uploadMultipartPart(MultipartUpload upload, UploadPartRequest request,
                                                  InputStream in) {
        return delegate().uploadMultipartPart(encoded(upload),
                request.toBuilder().key(encode(request.key())).build(), in);
    }

    @Override
    public CompleteMultipartUploadResponse completeMultipartUpload(MultipartUpload upload,
                                                                   CompleteMultipartUploadRequest request) {
        return delegate().completeMultipartUpload(encoded(upload),
                request.toBuilder().key(encode(request.key())).build());
    }

    @Override
    public void abortMultipartUpload(MultipartUpload upload) {
        delegate().abortMultipartUpload(encoded(upload));
    }

    @Override
    public List<Part> listMultipartUpload(MultipartUpload upload) {
        return delegate().listMultipartUpload(encoded(upload));
    }

    @Override
    public List<software.amazon.awssdk.services.s3.model.MultipartUpload> listMultipartUploads(String container) {
        return delegate().listMultipartUploads(container).stream()
                .map(u -> u.toBuilder().key(decode(u.key())).build()).toList();
    }

    private static MultipartUpload encoded(MultipartUpload upload) {
        return new MultipartUpload(upload.id(),
                upload.request().toBuilder().key(encode(upload.blobName())).build(), upload.response());
    }
}
