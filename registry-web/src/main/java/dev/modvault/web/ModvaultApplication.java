package dev.modvault.web;

import dev.modvault.auth.SecurityConfiguration;
import dev.modvault.persistence.AuthPersistenceConfiguration;
import dev.modvault.persistence.EmbeddedPostgresConfiguration;
import dev.modvault.persistence.PersistenceConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

/** Modvault: an enterprise Go module registry serving the GOPROXY protocol. */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import({SecurityConfiguration.class, PersistenceConfiguration.class, EmbeddedPostgresConfiguration.class,
        AuthPersistenceConfiguration.class})
public class ModvaultApplication {

    public static void main(String[] args) {
        SpringApplication.run(ModvaultApplication.class, args);
    }
}
