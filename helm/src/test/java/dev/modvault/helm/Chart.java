package dev.modvault.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** Renders helm/modvault through the Helm library embedded by helm-java and parses the output with fabric8. */
final class Chart {

    static final Path CHART_DIR = Path.of(System.getProperty("modvault.chart.dir", "modvault")).toAbsolutePath();
    static final Path DOCS_DIR = Path.of(System.getProperty("modvault.docs.dir", "../docs")).toAbsolutePath();
    static final Path VALUES_DIR = Path.of("src/test/resources/values").toAbsolutePath();
    static final String RELEASE = "mv";
    static final String NAMESPACE = "goproxy";
    static final String FULLNAME = "mv-modvault";
    /** helm-java's embedded Helm defaults to Kubernetes v1.20; the chart needs 1.25+ */
    static final String KUBE_VERSION = "1.31.0";
    /** the CRDs of the Prometheus Operator: not in fabric8's core model, checked by hand */
    static final List<String> OPERATOR_KINDS = List.of("ServiceMonitor", "PrometheusRule");

    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private static final Map<String, Rendered> CACHE = new ConcurrentHashMap<>();
    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

    private Chart() {
    }

    /** Renders with a file from src/test/resources/values (without .yaml), cached. */
    static Rendered render(String valueSet) {
        return CACHE.computeIfAbsent(valueSet, name -> render(name, Map.of()));
    }

    /** Renders with a value file and --set overrides; throws IllegalStateException with Helm's message on failure. */
    static Rendered render(String valueSet, Map<String, Object> sets) {
        return parse(template(valueSet, sets));
    }

    static String template(String valueSet, Map<String, Object> sets) {
        TemplateCommand command = new Helm(CHART_DIR).template().withName(RELEASE).withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION).withValuesFile(VALUES_DIR.resolve(valueSet + ".yaml"));
        sets.forEach(command::set);
        return command.call();
    }

    /** Renders with a values file written from YAML text; throws with Helm's message on failure. */
    static String templateWithValues(Path dir, String valuesYaml) {
        try {
            Path file = Files.createTempFile(dir, "values", ".yaml");
            Files.writeString(file, valuesYaml);
            return new Helm(CHART_DIR).template().withName(RELEASE).withNamespace(NAMESPACE)
                    .withKubeVersion(KUBE_VERSION).withValuesFile(file).call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Rendered parse(String output) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : DOCUMENT_SEPARATOR.split(output)) {
            if (document.lines().allMatch(line -> line.isBlank() || line.startsWith("#"))) {
                continue;
            }
            Object parsed = SERIALIZATION.unmarshal(document);
            assertThat(parsed).as("rendered document\n%s", document).isInstanceOf(HasMetadata.class);
            objects.add((HasMetadata) parsed);
        }
        return new Rendered(output, List.copyOf(objects));
    }

    static String readValueSet(String valueSet) {
        try {
            return Files.readString(VALUES_DIR.resolve(valueSet + ".yaml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String readDoc(String name) {
        try {
            return Files.readString(DOCS_DIR.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every unknown field fabric8 met (a misspelt or misplaced key lands in additionalProperties), walking typed
     * objects, lists and maps recursively; empty when the manifest matches the Kubernetes API types exactly.
     */
    static List<String> unknownFields(Object root) {
        List<String> problems = new ArrayList<>();
        walk(root, root instanceof HasMetadata h ? h.getKind() + "/" + h.getMetadata().getName() : "", problems);
        return problems;
    }

    private static void walk(Object value, String path, List<String> problems) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean
                || value instanceof Enum<?>) {
            return;
        }
        if (value instanceof Collection<?> collection) {
            int i = 0;
            for (Object element : collection) {
                walk(element, path + "[" + i++ + "]", problems);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, element) -> walk(element, path + "." + key, problems));
            return;
        }
        if (!(value instanceof KubernetesResource) && !value.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Class<?> type = value.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                field.setAccessible(true);
                Object fieldValue;
                try {
                    fieldValue = field.get(value);
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
                if (field.getName().equals("additionalProperties")) {
                    if (fieldValue instanceof Map<?, ?> extra && !extra.isEmpty()) {
                        problems.add(path + ": unknown fields " + extra.keySet());
                    }
                } else {
                    walk(fieldValue, path + "." + field.getName(), problems);
                }
            }
        }
    }

    /** One rendering: the raw text and the parsed objects in order. */
    record Rendered(String text, List<HasMetadata> objects) {

        List<String> kinds() {
            return objects.stream().map(HasMetadata::getKind).sorted().toList();
        }

        <T extends HasMetadata> List<T> all(Class<T> type) {
            return objects.stream().filter(type::isInstance).map(type::cast).toList();
        }

        <T extends HasMetadata> T one(Class<T> type) {
            List<T> found = all(type);
            assertThat(found).as("%s objects", type.getSimpleName()).hasSize(1);
            return found.getFirst();
        }

        boolean has(String kind) {
            return objects.stream().anyMatch(o -> o.getKind().equals(kind));
        }

        GenericKubernetesResource operatorResource(String kind) {
            return objects.stream().filter(o -> o.getKind().equals(kind)).map(GenericKubernetesResource.class::cast)
                    .findFirst().orElseGet(() -> fail("no " + kind + " rendered"));
        }

        Deployment deployment() {
            return one(Deployment.class);
        }

        /** The application.properties of the ConfigMap, as text */
        String propertiesText() {
            ConfigMap configMap = one(ConfigMap.class);
            String text = configMap.getData().get("application.properties");
            assertThat(text).as("ConfigMap application.properties").isNotNull();
            return text;
        }

        Properties properties() {
            Properties properties = new Properties();
            try {
                properties.load(new StringReader(propertiesText()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return properties;
        }

        /** The container's environment by name */
        Map<String, EnvVar> env() {
            Map<String, EnvVar> env = new LinkedHashMap<>();
            deployment().getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv()
                    .forEach(e -> env.put(e.getName(), e));
            return env;
        }
    }
}
