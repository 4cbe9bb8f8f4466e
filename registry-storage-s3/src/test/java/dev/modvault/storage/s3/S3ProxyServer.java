package dev.modvault.storage.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An S3 API server in this JVM on loopback: S3Proxy over a blob store in a temporary folder (on disk, not in the
 * heap: tests run with a heap smaller than their largest body) with S3's flat key space ({@link FlatKeyBlobStore}),
 * with SigV2/SigV4 authentication by {@link #ACCESS_KEY}/{@link #SECRET_KEY}. The blob store outlives {@link #stop()}, so {@link #restart()} (on the
 * same port) brings back the same buckets and objects: a store that went away and came back.
 *
 * <p>Test support, shipped in this module's test-jar for registry-web's end-to-end tests.
 */
public final class S3ProxyServer implements AutoCloseable {

    public static final String ACCESS_KEY = "modvault-access";
    public static final String SECRET_KEY = "modvault-secret-key-for-tests";

    private final BlobStore blobStore;
    private final Path folder;
    private volatile S3Proxy proxy;
    private int port;
    private S3Client admin;

    private S3ProxyServer(BlobStore blobStore, Path folder) {
        this.blobStore = blobStore;
        this.folder = folder;
    }

    /** Starts a server over a fresh store on a free port. */
    public static S3ProxyServer start() {
        return start(UnaryOperator.identity());
    }

    /**
     * Starts a server on a free port over a fresh store as wrapped by {@code wrapper} (e.g. in a
     * {@link org.gaul.s3proxy.blobstore.ForwardingBlobStore} that injects delays).
     */
    public static S3ProxyServer start(UnaryOperator<BlobStore> wrapper) {
        Path folder;
        try {
            folder = Files.createTempDirectory("s3proxy-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        BlobStore flat = new FlatKeyBlobStore(new FilesystemNio2BlobStore(folder.toString()));
        S3ProxyServer server = new S3ProxyServer(wrapper.apply(flat), folder);
        server.startOn(0);
        return server;
    }

    /** Starts the server again after {@link #stop()}, on the same port and over the same objects. */
    public synchronized void restart() {
        if (proxy != null) {
            throw new IllegalStateException("already running");
        }
        startOn(port);
    }

    private synchronized void startOn(int wanted) {
        S3Proxy started = S3Proxy.builder()
                .blobStore(blobStore)
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .endpoint(URI.create("http://127.0.0.1:" + wanted))
                .stopTimeout(0)
                .build();
        try {
            started.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!"STARTED".equals(started.getState())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("S3Proxy did not start: " + started.getState());
                }
                Thread.sleep(10);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot start S3Proxy on port " + wanted + ": " + e, e);
        }
        proxy = started;
        port = started.getPort();
    }

    /** Stops serving (connections in progress are cut); the objects stay for {@link #restart()}. */
    public synchronized void stop() {
        S3Proxy running = proxy;
        proxy = null;
        if (running != null) {
            try {
                running.stop();
            } catch (Exception e) {
                throw new IllegalStateException("cannot stop S3Proxy: " + e, e);
            }
        }
    }

    public boolean isRunning() {
        return proxy != null;
    }

    /** {@code http://127.0.0.1:<port>}: the endpoint override of a client. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    /** Settings of a store in {@code bucket} on this server: static keys, path-style, small parts. */
    public S3Settings settings(String bucket) {
        return S3Settings.of(bucket)
                .withRegion("us-east-1")
                .withEndpoint(endpoint(), true)
                .withCredentials(new S3Settings.Credentials.Static(ACCESS_KEY, SECRET_KEY));
    }

    /** Creates a bucket with a fresh name and returns the name. */
    public String createBucket() {
        String bucket = "b-" + UUID.randomUUID().toString().substring(0, 18);
        admin().createBucket(b -> b.bucket(bucket));
        return bucket;
    }

    /** A plain SDK client for this server, for setting up and checking what a store did. */
    public synchronized S3Client admin() {
        if (admin == null) {
            admin = S3Client.builder()
                    .endpointOverride(endpoint())
                    .forcePathStyle(true)
                    .region(Region.US_EAST_1)
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                    .credentialsProvider(StaticCredentialsProvider.create(
                            AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                    .build();
        }
        return admin;
    }

    @Override
    public synchronized void close() {
        stop();
        if (admin != null) {
            admin.close();
            admin = null;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
