package dev.modvault.helm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modvault.helm.Chart.Rendered;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps the chart in step with docs/configuration.md: every property documented there is set by the chart, in the
 * ConfigMap, or, for a secret, as an environment variable from a Secret.
 */
class ConfigurationDocsTest {

    /** first cell of a table row: a backticked modvault.* property or server.port */
    private static final Pattern PROPERTY_ROW = Pattern.compile("(?m)^\\|\\s*`((?:modvault\\.|server\\.port)[^`]*)`\\s*\\|");
    private static final Pattern SECRET_NAME = Pattern.compile(
            ".*(password|secret-key|access-key|account-key|connection-string|sas-token|token|hash-key)$");
    private static final Pattern BACKEND_PROPERTY = Pattern.compile("modvault\\.storage\\.(disk|s3|azure)\\..+");

    /** Properties whose values are credentials: they never go into the ConfigMap. */
    static boolean isSecret(String property) {
        return SECRET_NAME.matcher(property).matches();
    }

    static boolean isSecretEnv(String env) {
        return isSecret(env.toLowerCase(Locale.ROOT).replace('_', '-'))
                || env.equals("SPRING_DATASOURCE_PASSWORD");
    }

    /** The environment variable Spring Boot's relaxed binding reads for a property. */
    static String envName(String property) {
        return property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    static List<String> documentedProperties() {
        String markdown = Chart.readDoc("configuration.md");
        Set<String> names = new LinkedHashSet<>();
        for (Matcher m = PROPERTY_ROW.matcher(markdown); m.find(); ) {
            names.add(m.group(1).trim());
        }
        return List.copyOf(names);
    }

    /** A documented list or map property: {@code modvault.git.sources[N].url}, {@code ...credentials[<host>].x}. */
    static boolean isTemplated(String property) {
        return property.contains("[N]") || property.contains("[<");
    }

    /** The rendered property names a templated row stands for. */
    static Pattern templatePattern(String property) {
        String regex = Pattern.quote(property).replace("[N]", "\\E\\[\\d+]\\Q")
                .replaceAll("\\[<[a-z-]+>]", "\\\\E\\\\[[^\\\\]]+]\\\\Q");
        return Pattern.compile(regex);
    }

    @Test
    void templatedRowsMatchRenderedNames() {
        assertThat(templatePattern("modvault.git.sources[N].url").matcher("modvault.git.sources[1].url").matches())
                .isTrue();
        assertThat(templatePattern("modvault.git.credentials[<host>].username")
                .matcher("modvault.git.credentials[git.corp.example.com].username").matches()).isTrue();
        assertThat(templatePattern("modvault.git.sources[N].url").matcher("modvault.git.sourcesX1].url").matches())
                .isFalse();
    }

    @Test
    void theDocsTableIsParsed() {
        assertThat(documentedProperties()).contains("server.port", "modvault.data-dir", "modvault.upstream.proxies",
                "modvault.cache.spool-dir", "modvault.storage.type", "modvault.storage.disk.root").hasSizeGreaterThan(10);
    }

    @Test
    void everyDocumentedPropertyIsRenderedByTheChart() {
        assertThat(missingFromChart(documentedProperties()))
                .as("docs/configuration.md properties the chart does not render").isEmpty();
    }

    /** The storage backends' and the admin API's properties, named by their issues, ahead of their docs rows. */
    @Test
    void backendAndAdminPropertiesAreRenderedToo() {
        List<String> expected = List.of(
                "modvault.storage.s3.bucket", "modvault.storage.s3.prefix", "modvault.storage.s3.region",
                "modvault.storage.s3.endpoint", "modvault.storage.s3.path-style", "modvault.storage.s3.sse",
                "modvault.storage.s3.kms-key-id", "modvault.storage.s3.access-key", "modvault.storage.s3.secret-key",
                "modvault.storage.s3.redirect",
                "modvault.storage.azure.container", "modvault.storage.azure.prefix", "modvault.storage.azure.endpoint",
                "modvault.storage.azure.account-name", "modvault.storage.azure.account-key",
                "modvault.storage.azure.connection-string", "modvault.storage.azure.sas-token",
                "modvault.storage.azure.redirect",
                "modvault.admin.bootstrap-token", "modvault.policy.allow-list-mode", "modvault.policy.refresh-interval",
                "modvault.private.proxies");
        assertThat(missingFromChart(expected)).isEmpty();
    }

    /**
     * Properties no value set renders: a secret must reach the pod as its relaxed-binding environment variable from
     * a Secret (in a value set that uses it) and never sit in a ConfigMap; a storage backend's property must be in
     * the ConfigMap of a value set with that backend; any other property in every ConfigMap.
     */
    static List<String> missingFromChart(List<String> properties) {
        List<String> missing = new ArrayList<>();
        for (String property : properties) {
            if (isTemplated(property)) {
                Pattern rendered = templatePattern(property);
                boolean found = RenderedManifestsTest.VALUE_SETS.stream().map(Chart::render)
                        .anyMatch(r -> r.properties().stringPropertyNames().stream()
                                .anyMatch(n -> rendered.matcher(n).matches()));
                if (!found) {
                    missing.add(property + " (rendered by no value set)");
                }
                continue;
            }
            Matcher backend = BACKEND_PROPERTY.matcher(property);
            boolean backendSpecific = backend.matches();
            String type = backendSpecific ? backend.group(1) : null;
            List<Rendered> sets = RenderedManifestsTest.VALUE_SETS.stream().map(Chart::render)
                    .filter(r -> !backendSpecific || r.properties().getProperty("modvault.storage.type").equals(type))
                    .toList();
            if (sets.isEmpty()) {
                missing.add(property + " (no value set uses storage.type " + type + ")");
            } else if (isSecret(property)) {
                String env = envName(property);
                boolean wired = sets.stream().anyMatch(r -> {
                    EnvVar var = r.env().get(env);
                    return var != null && var.getValueFrom() != null && var.getValueFrom().getSecretKeyRef() != null;
                });
                if (!wired) {
                    missing.add(property + " (secret: env " + env + " from a Secret in no value set)");
                }
                if (sets.stream().anyMatch(r -> r.properties().containsKey(property))) {
                    missing.add(property + " (secret, but in a ConfigMap)");
                }
            } else if (backendSpecific) {
                if (sets.stream().noneMatch(r -> r.properties().containsKey(property))) {
                    missing.add(property + " (in no " + type + " value set's ConfigMap)");
                }
            } else {
                sets.stream().filter(r -> !r.properties().containsKey(property)).findFirst()
                        .ifPresent(r -> missing.add(property + " (missing from a ConfigMap)"));
            }
        }
        return missing;
    }

    @Test
    void chosenBackendOnlyAndValuesComeFromTheValueSet() {
        var disk = Chart.render("disk-pvc").properties();
        assertThat(disk).containsEntry("modvault.storage.type", "disk")
                .containsEntry("modvault.storage.disk.root", "/var/lib/modvault/storage")
                .containsEntry("modvault.upstream.proxies", "https://goproxy.corp.example.com|https://proxy.golang.org")
                .containsEntry("modvault.upstream.max-attempts", "5");
        assertThat(disk.stringPropertyNames()).noneMatch(n -> n.startsWith("modvault.storage.s3.")
                || n.startsWith("modvault.storage.azure."));

        var s3 = Chart.render("s3-irsa-hpa").properties();
        assertThat(s3).containsEntry("modvault.storage.type", "s3")
                .containsEntry("modvault.storage.s3.bucket", "corp-goproxy")
                .containsEntry("modvault.storage.s3.prefix", "modules/")
                .containsEntry("modvault.storage.s3.region", "eu-west-1")
                .containsEntry("modvault.storage.s3.sse", "kms")
                .containsEntry("modvault.storage.s3.kms-key-id",
                        "arn:aws:kms:eu-west-1:123456789012:key/2b1c8e8a-4f5e-4b6e-9d1a-0c2b3a4d5e6f")
                .containsEntry("modvault.storage.s3.path-style", "false")
                .containsEntry("modvault.storage.s3.redirect", "true");
        assertThat(s3.stringPropertyNames()).noneMatch(n -> n.startsWith("modvault.storage.disk."));

        var minio = Chart.render("s3-static-keys").properties();
        assertThat(minio).containsEntry("modvault.storage.s3.endpoint", "https://minio.storage.svc:9000")
                .containsEntry("modvault.storage.s3.path-style", "true");

        var azure = Chart.render("azure-workload-identity").properties();
        assertThat(azure).containsEntry("modvault.storage.type", "azure")
                .containsEntry("modvault.storage.azure.container", "goproxy")
                .containsEntry("modvault.storage.azure.prefix", "modules")
                .containsEntry("modvault.storage.azure.endpoint", "https://corpgoproxy.blob.core.windows.net")
                .containsEntry("modvault.storage.azure.account-name", "corpgoproxy")
                .containsEntry("modvault.storage.azure.redirect", "true");
    }
}
