package dev.modvault.web.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modvault.storage.ArtifactStore;
import dev.modvault.storage.azure.AzureBlobArtifactStore;
import dev.modvault.storage.azure.AzureSettings;
import dev.modvault.storage.azure.AzuriteExtension;
import dev.modvault.storage.azure.AzuriteServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code modvault.storage.type=azure}: the properties, their validation, and the checks that stop start-up. */
@ExtendWith(AzuriteExtension.class)
class AzureStorageConfigurationTest {

    static AzuriteServer azurite;
    static String container;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void container(AzuriteServer server) {
        azurite = server;
        container = azurite.createContainer();
    }

    private ApplicationContextRunner azure(String... more) {
        return StorageWiring.runner(dataDir).withPropertyValues("modvault.storage.type=azure",
                "modvault.storage.azure.endpoint=" + azurite.endpoint(),
                "modvault.storage.azure.account-name=" + AzuriteServer.ACCOUNT).withPropertyValues(more);
    }

    @Test
    void anAccountKeyGivesAnAzureStoreWithTheConfiguredSettings() {
        azure("modvault.storage.azure.container=" + container, "modvault.storage.azure.prefix=/modules/",
                "modvault.storage.azure.account-key=" + AzuriteServer.ACCOUNT_KEY,
                "modvault.storage.azure.block-size=4MB", "modvault.storage.azure.redirect=true",
                "modvault.storage.azure.redirect-validity=2m")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    AzureSettings settings = ((AzureBlobArtifactStore) context.getBean(ArtifactStore.class))
                            .settings();
                    assertThat(settings.container()).isEqualTo(container);
                    assertThat(settings.prefix()).isEqualTo("modules");
                    assertThat(settings.auth()).isInstanceOf(AzureSettings.Auth.AccountKey.class);
                    assertThat(settings.blockSize()).isEqualTo(4 * 1024 * 1024);
                    assertThat(settings.redirect()).isTrue();
                    assertThat(settings.redirectValidity()).isEqualTo(Duration.ofMinutes(2));
                    assertThat(azurite.admin().getBlobContainerClient(container).listBlobs().stream())
                            .as("the start-up write probe is gone").isEmpty();
                });
    }

    @Test
    void aConnectionStringAloneIsEnough() {
        StorageWiring.runner(dataDir).withPropertyValues("modvault.storage.type=azure",
                        "modvault.storage.azure.container=" + container,
                        "modvault.storage.azure.connection-string=" + azurite.connectionString())
                .run(context -> assertThat(((AzureBlobArtifactStore) context.getBean(ArtifactStore.class))
                        .settings().auth()).isInstanceOf(AzureSettings.Auth.ConnectionString.class));
    }

    @Test
    void aMissingContainerPropertyStopsStartUpNamingIt() {
        azure("modvault.storage.azure.account-key=" + AzuriteServer.ACCOUNT_KEY)
                .run(context -> assertThat(StorageWiring.failure(context.getStartupFailure()))
                        .contains("modvault.storage.azure.container").contains("must not be blank"));
    }

    @Test
    void twoCredentialsStopStartUpNamingBoth() {
        azure("modvault.storage.azure.container=" + container,
                "modvault.storage.azure.account-key=" + AzuriteServer.ACCOUNT_KEY,
                "modvault.storage.azure.sas-token=sv=2024&sig=x")
                .run(context -> assertThat(StorageWiring.failure(context.getStartupFailure()))
                        .contains("account-key and sas-token"));
    }

    @Test
    void neitherEndpointNorAccountNameStopsStartUpNamingBoth() {
        StorageWiring.runner(dataDir).withPropertyValues("modvault.storage.type=azure",
                        "modvault.storage.azure.container=" + container)
                .run(context -> assertThat(StorageWiring.failure(context.getStartupFailure()))
                        .contains("modvault.storage.azure.endpoint").contains("modvault.storage.azure.account-name"));
    }

    @Test
    void redirectsWithASasTokenStopStartUp() {
        azure("modvault.storage.azure.container=" + container, "modvault.storage.azure.sas-token=sv=2024&sig=x",
                "modvault.storage.azure.redirect=true")
                .run(context -> assertThat(StorageWiring.failure(context.getStartupFailure()))
                        .contains("modvault.storage.azure.redirect=true"));
    }

    @Test
    void aContainerThatDoesNotExistStopsStartUpWithTheReason() {
        azure("modvault.storage.azure.container=no-such-container",
                "modvault.storage.azure.account-key=" + AzuriteServer.ACCOUNT_KEY)
                .run(context -> assertThat(StorageWiring.failure(context.getStartupFailure()))
                        .contains("modvault.storage.type=azure").contains("container no-such-container")
                        .contains("ContainerNotFound"));
    }
}
