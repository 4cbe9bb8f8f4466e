package dev.modvault.web.storage;

import dev.modvault.storage.ArtifactStore;
import dev.modvault.storage.azure.AzureBlobArtifactStore;
import dev.modvault.storage.azure.AzuriteServer;
import java.util.Map;

/**
 * Modvault with {@code modvault.storage.type=azure} on Azurite (a child process), killed (SIGKILL) and restarted by
 * the fault tests. Azurite saves its metadata every 5 s, so a kill may also lose blobs committed just before it:
 * Modvault then fetches them again, which the tests allow.
 */
class AzureEndToEndTest extends ObjectStoreEndToEndTest {

    private AzuriteServer azurite;
    private String container;

    @Override
    void startStore() {
        azurite = AzuriteServer.start();
        container = azurite.createContainer();
        azurite.stop(); // a graceful stop saves the new container, so no later kill can lose it
        azurite.restart();
    }

    @Override
    int storePort() {
        return azurite.port();
    }

    @Override
    Map<String, String> storeProperties(int port) {
        return Map.of(
                "modvault.storage.type", "azure",
                "modvault.storage.azure.container", container,
                "modvault.storage.azure.endpoint", "http://127.0.0.1:" + port + "/" + AzuriteServer.ACCOUNT,
                "modvault.storage.azure.account-name", AzuriteServer.ACCOUNT,
                "modvault.storage.azure.account-key", AzuriteServer.ACCOUNT_KEY,
                "modvault.storage.azure.block-size", "1MB");
    }

    @Override
    ArtifactStore directStore() {
        return AzureBlobArtifactStore.create(azurite.settings(container));
    }

    @Override
    void killStore() {
        azurite.kill();
    }

    @Override
    void restartStore() {
        azurite.restart();
    }

    @Override
    void stopStore() {
        if (azurite != null) {
            azurite.close();
        }
    }
}
