package dev.modvault.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The image can't be built here (no Docker engine): check the Dockerfile keeps the chart's assumptions. */
class DockerfileTest {

    private static final Path ROOT = Chart.DOCS_DIR.getParent();

    @Test
    void multiStageNonRootLayeredImage() throws Exception {
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        List<String> from = dockerfile.lines().filter(l -> l.startsWith("FROM ")).toList();
        assertThat(from).hasSize(2);
        assertThat(from.getFirst()).contains("eclipse-temurin:").contains("-jdk").endsWith(" AS build");
        assertThat(from.getLast()).contains("eclipse-temurin:").contains("-jre");
        assertThat(dockerfile).contains("./mvnw ")
                .contains("java -Djarmode=tools -jar registry-web/target/modvault.jar extract --layers --launcher")
                .contains("org.springframework.boot.loader.launch.JarLauncher")
                .contains("--uid 10001");
        // the chart's runAsUser and port, and no credentials baked in
        assertThat(dockerfile.lines().filter(l -> l.startsWith("USER "))).containsExactly("USER 10001:10001");
        assertThat(dockerfile.lines().filter(l -> l.startsWith("EXPOSE "))).containsExactly("EXPOSE 8080");
        assertThat(dockerfile.lines().filter(l -> l.matches("^(ENV|ARG)\\s.*")))
                .noneMatch(l -> l.toUpperCase().matches(".*(PASSWORD|SECRET|TOKEN|ACCESS_KEY|ACCOUNT_KEY).*"));
        // registry-web's finalName is the jar the extraction reads
        assertThat(Files.readString(ROOT.resolve("registry-web/pom.xml"))).contains("<finalName>modvault</finalName>");
        assertThat(Files.readString(ROOT.resolve(".dockerignore"))).contains("**/target").contains(".git");
    }
}
