package dev.modvault.web;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Modvault: an enterprise Go module registry serving the GOPROXY protocol. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ModvaultApplication {

    public static void main(String[] args) {
        SpringApplication.run(ModvaultApplication.class, args);
    }
}
