package dev.modvault.web.config;

import dev.modvault.storage.ArtifactStore;
import dev.modvault.storage.disk.DiskArtifactStore;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The disk backend, selected by {@code modvault.storage.type=disk} (the default). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "modvault.storage.type", havingValue = "disk", matchIfMissing = true)
public class DiskStorageConfiguration {

    @Bean
    ArtifactStore artifactStore(ModvaultProperties properties) {
        ArtifactStore store = new DiskArtifactStore(properties.diskRoot());
        store.checkWritable();
        return store;
    }
}
