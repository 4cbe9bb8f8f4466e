package dev.modvault.web.config;

import dev.modvault.storage.ArtifactStore;
import dev.modvault.storage.StorageException;
import dev.modvault.storage.azure.AzureBlobArtifactStore;
import dev.modvault.storage.azure.AzureSettings;
import jakarta.validation.constraints.NotBlank;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The Azure Blob Storage backend, selected by {@code modvault.storage.type=azure} and configured by
 * {@code modvault.storage.azure.*} (docs/configuration.md, docs/storage.md). Start-up fails with a message naming a
 * missing or wrong property, and with the store's own reason when the container cannot be written.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "modvault.storage.type", havingValue = "azure")
@EnableConfigurationProperties(AzureStorageConfiguration.AzureProperties.class)
public class AzureStorageConfiguration {

    @Bean
    ArtifactStore artifactStore(AzureProperties properties) {
        AzureBlobArtifactStore store = AzureBlobArtifactStore.create(properties.settings());
        try {
            store.checkWritable();
        } catch (StorageException e) {
            throw new IllegalStateException("modvault.storage.type=azure: " + e.getMessage(), e);
        }
        return store;
    }

    /**
     * {@code modvault.storage.azure.*}; bound only when the Azure backend is selected. At most one of
     * connection-string, account-key and sas-token; with none, DefaultAzureCredential (workload identity, managed
     * identity).
     *
     * @param container        the container (required; it must exist)
     * @param prefix           a folder in the container for every key (default: the container's root)
     * @param endpoint         the blob service URL (default: from account-name, or from the connection string)
     * @param accountName      the storage account (needed with account-key, or instead of endpoint)
     * @param accountKey       the account's shared key
     * @param connectionString a storage connection string
     * @param sasToken         a SAS token with read, write, delete and list permission on the container
     * @param redirect         answer zip downloads with a redirect to a read-only SAS URL
     * @param redirectValidity how long a SAS URL is valid
     * @param blockSize        single Put Blob up to this size, staged blocks of this size above it
     */
    @ConditionalOnProperty(name = "modvault.storage.type", havingValue = "azure")
    @ConfigurationProperties("modvault.storage.azure")
    @Validated
    public record AzureProperties(@NotBlank String container, String prefix, URI endpoint, String accountName,
                                  String accountKey, String connectionString, String sasToken,
                                  @DefaultValue("false") boolean redirect,
                                  @DefaultValue("5m") Duration redirectValidity,
                                  @DefaultValue("8MB") DataSize blockSize) {

        public AzureProperties {
            List<String> credentials = new ArrayList<>();
            if (hasText(connectionString)) {
                credentials.add("connection-string");
            }
            if (hasText(accountKey)) {
                credentials.add("account-key");
            }
            if (hasText(sasToken)) {
                credentials.add("sas-token");
            }
            if (credentials.size() > 1) {
                throw new IllegalArgumentException("set at most one of modvault.storage.azure.connection-string,"
                        + " account-key and sas-token (none: DefaultAzureCredential); " + String.join(" and ",
                        credentials) + " are set");
            }
            if (hasText(accountKey) && !hasText(accountName)) {
                throw new IllegalArgumentException("modvault.storage.azure.account-key needs"
                        + " modvault.storage.azure.account-name");
            }
            if (!hasText(connectionString) && endpoint == null && !hasText(accountName)) {
                throw new IllegalArgumentException("set modvault.storage.azure.endpoint or"
                        + " modvault.storage.azure.account-name (or a connection-string)");
            }
            if (blockSize.toBytes() < AzureSettings.MIN_BLOCK_SIZE
                    || blockSize.toBytes() > AzureSettings.MAX_BLOCK_SIZE) {
                throw new IllegalArgumentException("modvault.storage.azure.block-size must be between 1MB and 100MB: "
                        + blockSize);
            }
            if (redirect && hasText(sasToken)) {
                throw new IllegalArgumentException("modvault.storage.azure.redirect=true needs SAS URLs, which"
                        + " modvault.storage.azure.sas-token cannot sign: use account-key, a connection-string with"
                        + " an account key, or DefaultAzureCredential");
            }
            if (hasText(container)) {
                settings(container, prefix, endpoint, accountName, accountKey, connectionString, sasToken, redirect,
                        redirectValidity, blockSize); // what AzureSettings refuses, refused at binding time
            }
        }

        AzureSettings settings() {
            return settings(container, prefix, endpoint, accountName, accountKey, connectionString, sasToken, redirect,
                    redirectValidity, blockSize);
        }

        private static AzureSettings settings(String container, String prefix, URI endpoint, String accountName,
                                              String accountKey, String connectionString, String sasToken,
                                              boolean redirect, Duration redirectValidity, DataSize blockSize) {
            AzureSettings.Auth auth = hasText(connectionString)
                    ? new AzureSettings.Auth.ConnectionString(connectionString.strip())
                    : hasText(accountKey) ? new AzureSettings.Auth.AccountKey(accountKey.strip())
                    : hasText(sasToken) ? new AzureSettings.Auth.SasToken(sasToken.strip())
                    : new AzureSettings.Auth.DefaultCredential();
            try {
                return new AzureSettings(container.strip(), prefix, endpoint, accountName, auth,
                        (int) blockSize.toBytes(), redirect, redirectValidity);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("modvault.storage.azure: " + e.getMessage(), e);
            }
        }

        private static boolean hasText(String value) {
            return value != null && !value.isBlank();
        }

        @Override
        public String toString() {
            return "AzureProperties[container=" + container + ", prefix=" + prefix + ", endpoint=" + endpoint
                    + ", accountName=" + accountName + ", credentials=***]";
        }
    }
}
