package dev.modvault.web.storage;

import dev.modvault.web.config.AzureStorageConfiguration;
import dev.modvault.web.config.DiskStorageConfiguration;
import dev.modvault.web.config.ModvaultProperties;
import dev.modvault.web.config.S3StorageConfiguration;
import java.nio.file.Path;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The storage part of the application's wiring, as the application has it (the properties scan of its configuration
 * package, the three backend configurations, validation), in a context that starts in milliseconds.
 */
final class StorageWiring {

    private StorageWiring() {
    }

    static ApplicationContextRunner runner(Path dataDir) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
                .withUserConfiguration(StorageOnly.class)
                .withPropertyValues("modvault.data-dir=" + dataDir);
    }

    /** The root cause chain's messages, joined: what start-up reports. */
    static String failure(Throwable startupFailure) {
        StringBuilder messages = new StringBuilder();
        for (Throwable t = startupFailure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        return messages.toString();
    }

    @Configuration(proxyBeanMethods = false)
    @ConfigurationPropertiesScan(basePackageClasses = ModvaultProperties.class)
    @Import({DiskStorageConfiguration.class, S3StorageConfiguration.class, AzureStorageConfiguration.class})
    static class StorageOnly {
    }
}
