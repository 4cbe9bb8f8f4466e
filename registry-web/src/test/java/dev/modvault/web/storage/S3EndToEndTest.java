package dev.modvault.web.storage;

import dev.modvault.storage.ArtifactStore;
import dev.modvault.storage.s3.S3ArtifactStore;
import dev.modvault.storage.s3.S3ProxyServer;
import java.util.Map;

/** Modvault with {@code modvault.storage.type=s3} on S3Proxy (in this JVM), stopped and restarted by fault tests. */
class S3EndToEndTest extends ObjectStoreEndToEndTest {

    private S3ProxyServer s3;
    private String bucket;
    private S3ArtifactStore direct;

    @Override
    void startStore() {
        s3 = S3ProxyServer.start();
        bucket = s3.createBucket();
    }

    @Override
    int storePort() {
        return s3.port();
    }

    @Override
    Map<String, String> storeProperties(int port) {
        return Map.of(
                "modvault.storage.type", "s3",
                "modvault.storage.s3.bucket", bucket,
                "modvault.storage.s3.endpoint", "http://127.0.0.1:" + port,
                "modvault.storage.s3.path-style", "true",
                "modvault.storage.s3.region", "us-east-1",
                "modvault.storage.s3.access-key", S3ProxyServer.ACCESS_KEY,
                "modvault.storage.s3.secret-key", S3ProxyServer.SECRET_KEY,
                "modvault.storage.s3.part-size", "5MB");
    }

    @Override
    ArtifactStore directStore() {
        direct = S3ArtifactStore.create(s3.settings(bucket));
        return direct;
    }

    @Override
    void killStore() {
        s3.stop();
    }

    @Override
    void restartStore() {
        s3.restart();
    }

    @Override
    void stopStore() {
        if (direct != null) {
            direct.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }
}
