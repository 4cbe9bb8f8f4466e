package dev.modvault.helm;

import static dev.modvault.helm.Chart.FULLNAME;
import static dev.modvault.helm.Chart.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modvault.helm.Chart.Rendered;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Checks that hold for every value set: API types, references between objects, security, probes, secrets. */
class RenderedManifestsTest {

    static final List<String> VALUE_SETS = List.of("defaults", "s3-irsa-hpa", "s3-static-keys",
            "azure-workload-identity", "azure-connection-string", "azure-account-key", "azure-sas", "disk-pvc",
            "observability");

    private static final Pattern DNS_1123_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
    /** the app's graceful shutdown as the jar ships it */
    private static final int APP_SHUTDOWN_SECONDS = 30;

    static List<String> valueSets() {
        return VALUE_SETS;
    }

    @ParameterizedTest
    @MethodSource("valueSets")
    void everyManifestIsATypedKubernetesObjectWithoutUnknownFields(String valueSet) {
        Rendered rendered = Chart.render(valueSet);
        assertThat(rendered.objects()).isNotEmpty();
        for (HasMetadata object : rendered.objects()) {
            if (Chart.OPERATOR_KINDS.contains(object.getKind())) {
                assertThat(Chart.unknownFields(object.getMetadata())).as("%s metadata", object.getKind()).isEmpty();
                continue;
            }
            assertThat(object).as("%s %s parses to fabric8's typed model", object.getApiVersion(), object.getKind())
                    .isNotInstanceOf(GenericKubernetesResource.class);
            assertThat(Chart.unknownFields(object)).as("unknown fields in %s", object.getKind()).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("valueSets")
    void metadataIsValidAndConsistent(String valueSet) {
        Rendered rendered = Chart.render(valueSet);
        Set<String> seen = new java.util.HashSet<>();
        for (HasMetadata object : rendered.objects()) {
            var meta = object.getMetadata();
            assertThat(seen.add(object.getKind() + "/" + meta.getName())).as("duplicate %s", meta.getName()).isTrue();
            assertThat(meta.getName()).matches(DNS_1123_SUBDOMAIN).hasSizeLessThanOrEqualTo(63);
            assertThat(meta.getNamespace()).isEqualTo(NAMESPACE);
            assertThat(meta.getLabels()).containsEntry("app.kubernetes.io/name", "modvault")
                    .containsEntry("app.kubernetes.io/instance", Chart.RELEASE)
                    .containsEntry("app.kubernetes.io/managed-by", "Helm");
            meta.getLabels().values().forEach(v -> assertThat(v).matches(LABEL_VALUE).hasSizeLessThanOrEqualTo(63));
        }
    }

    @ParameterizedTest
    @MethodSource("valueSets")
    void podRunsNonRootWithAReadOnlyRootFilesystem(String valueSet) {
        PodSpec pod = Chart.render(valueSet).deployment().getSpec().getTemplate().getSpec();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getContainers()).hasSize(1);
        SecurityContext security = pod.getContainers().getFirst().getSecurityContext();
        assertThat(security.getRunAsNonRoot()).isTrue();
        assertThat(security.getRunAsUser()).isEqualTo(10001L);
        assertThat(security.getReadOnlyRootFilesystem()).isTrue();
        assertThat(security.getAllowPrivilegeEscalation()).isFalse();
        assertThat(security.getPrivileged()).isFalse();
        assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(security.getCapabilities().getAdd()).isNullOrEmpty();
        assertThat(security.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    }

    @ParameterizedTest
    @MethodSource("valueSets")
    void probesHitTheActuatorHealthGroupsOnTheHttpPort(String valueSet) {
        Container container = Chart.render(valueSet).deployment().getSpec().getTemplate().getSpec().getContainers()
                .getFirst();
        assertThat(container.getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getName()).isEqualTo("http");
            assertThat(port.getContainerPort()).isEqualTo(8080);
        });
        assertProbe(container.getStartupProbe(), "/actuator/health/liveness");
        assertProbe(container.getLivenessProbe(), "/actuator/health/liveness");
        assertProbe(container.getReadinessProbe(), "/actuator/health/readiness");
        // a slow start is the startup probe's business: it allows minutes, liveness only takes over afterwards
        Probe startup = container.getStartupProbe();
        assertThat(startup.getPeriodSeconds() * startup.getFailureThreshold()).isGreaterThanOrEqualTo(120);
        assertThat(Chart.render(valueSet).properties()).containsEntry("server.port", "8080");
    }

    private static void assertProbe(Probe probe, String path) {
        assertThat(probe).isNotNull();
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http");
    }

    @ParameterizedTest
    @MethodSource("valueSets")
    void resourcesAndShutdownSuitAJvm(String valueSet) {
        Rendered rendered = Chart.render(valueSet);
        PodSpec pod = rendered.deployment().getSpec().getTemplate().getSpec();
        Container container = pod.getContainers().getFirst();
        var requests = container.getResources().getRequests();
        var limits = container.getResources().getLimits();
        assertThat(requests.get("cpu").getNumericalAmount()).isEqualByComparingTo("1");
        assertThat(requests.get("memory").getNumericalAmount()).isEqualByComparingTo(String.valueOf(1L << 30));
        assertThat(limits.get("memory").getNumericalAmount()).isEqualByComparingTo(String.valueOf(2L << 30));
        assertThat(rendered.env().get("JAVA_TOOL_OPTIONS").getValue()).contains("-XX:MaxRAMPercentage=75");

        String shutdown = rendered.properties().getProperty("spring.lifecycle.timeout-per-shutdown-phase");
        assertThat(shutdown).isEqualTo(APP_SHUTDOWN_SECONDS + "s");
        long preStop = container.getLifecycle() == null ? 0
                : Long.parseLong(container.getLifecycle().getPreStop().getExec().getCommand().getLast());
        assertThat(pod.getTerminationGracePeriodSeconds()).isGreaterThan(APP_SHUTDOWN_SECONDS + preStop);
    }

    @ParameterizedTest
    @MethodSource("valueSets")
    void writableFoldersAreVolumes(String valueSet) {
        Rendered rendered = Chart.render(valueSet);
        PodSpec pod = rendered.deployment().getSpec().getTemplate().getSpec();
        Map<String, Volume> volumes = pod.getVolumes().stream()
                .collect(Collectors.toMap(Volume::getName, v -> v));
        Map<String, VolumeMount> mounts = pod.getContainers().getFirst().getVolumeMounts().stream()
                .collect(Collectors.toMap(VolumeMount::getMountPath, m -> m));
        mounts.values().forEach(m -> assertThat(volumes).as("volume of mount %s", m.getMountPath())
                .containsKey(m.getName()));

        assertThat(volumes.get(mounts.get("/tmp").getName()).getEmptyDir()).isNotNull();
        String spool = rendered.properties().getProperty("modvault.cache.spool-dir");
        assertThat(mounts).containsKey(spool);
        assertThat(volumes.get(mounts.get(spool).getName()).getEmptyDir().getSizeLimit()).isNotNull();

        VolumeMount config = mounts.get("/etc/modvault");
        assertThat(config.getReadOnly()).isTrue();
        assertThat(volumes.get(config.getName()).getConfigMap().getName()).isEqualTo(FULLNAME);
        assertThat(rendered.env().get("SPRING_CONFIG_ADDITIONAL_LOCATION").getValue())
                .isEqualTo("optional:file:/etc/modvault/application.properties");

        Properties properties = rendered.properties();
        if (properties.getProperty("modvault.storage.type").equals("disk")) {
            String root = properties.getProperty("modvault.storage.disk.root");
            Volume storage = volumes.get(mounts.get(root).getName());
            String claim = storage.getPersistentVolumeClaim().getClaimName();
            assertThat(rendered.all(PersistentVolumeClaim.class)).extracting(p -> p.getMetadata().getName())
                    .containsExactly(claim);
        } else {
            assertThat(rendered.all(PersistentVolumeClaim.class)).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("valueSets")
    void selectorsAndNamesPointAtTheRightObjects(String valueSet) {
        Rendered rendered = Chart.render(valueSet);
        Deployment deployment = rendered.deployment();
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        assertThat(podLabels).containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());

        Service service = rendered.one(Service.class);
        assertThat(podLabels).containsAllEntriesOf(service.getSpec().getSelector());
        assertThat(service.getSpec().getPorts()).singleElement()
                .satisfies(p -> assertThat(p.getTargetPort().getStrVal()).isEqualTo("http"));

        assertThat(deployment.getSpec().getTemplate().getSpec().getServiceAccountName())
                .isEqualTo(rendered.one(ServiceAccount.class).getMetadata().getName());

        for (PodDisruptionBudget pdb : rendered.all(PodDisruptionBudget.class)) {
            assertThat(podLabels).containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());
        }
        for (HorizontalPodAutoscaler hpa : rendered.all(HorizontalPodAutoscaler.class)) {
            assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
            assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(deployment.getMetadata().getName());
            assertThat(deployment.getSpec().getReplicas()).as("the HPA owns replicas").isNull();
        }
        for (Ingress ingress : rendered.all(Ingress.class)) {
            ingress.getSpec().getRules().forEach(rule -> rule.getHttp().getPaths().forEach(path -> {
                assertThat(path.getBackend().getService().getName()).isEqualTo(service.getMetadata().getName());
                assertThat(path.getBackend().getService().getPort().getName()).isEqualTo("http");
            }));
        }
        deployment.getSpec().getTemplate().getSpec().getTopologySpreadConstraints().forEach(constraint ->
                assertThat(podLabels).containsAllEntriesOf(constraint.getLabelSelector().getMatchLabels()));
    }

    @ParameterizedTest
    @MethodSource("valueSets")
    void checksumAnnotationsRollThePodsOnConfigChanges(String valueSet) {
        Map<String, String> annotations = Chart.render(valueSet).deployment().getSpec().getTemplate().getMetadata()
                .getAnnotations();
        assertThat(annotations.get("checksum/config")).matches("[0-9a-f]{64}");
        assertThat(annotations.get("checksum/secret")).matches("[0-9a-f]{64}");
    }

    @ParameterizedTest
    @MethodSource("valueSets")
    void secretsReachThePodFromSecretsAndNeverTheConfigMap(String valueSet) {
        Rendered rendered = Chart.render(valueSet);
        String configMap = rendered.propertiesText();
        Properties properties = rendered.properties();
        for (String name : properties.stringPropertyNames()) {
            assertThat(ConfigurationDocsTest.isSecret(name)).as("secret property %s in the ConfigMap", name).isFalse();
        }
        // a git credential's username and token-file path are not secrets (the token is in the file, from a Secret)
        configMap.lines().filter(line -> line.matches("modvault\\.git\\.credentials\\[[^]]+]\\.token-file=.*"))
                .forEach(line -> assertThat(line.substring(line.indexOf('=') + 1)).startsWith("/etc/modvault-git/"));
        configMap.lines().filter(line -> !line.startsWith("#"))
                .filter(line -> !line.matches("modvault\\.git\\.credentials\\[[^]]+]\\.(token-file|username)=.*"))
                .forEach(line -> assertThat(line)
                .doesNotContainIgnoringCase("password").doesNotContainIgnoringCase("secret")
                .doesNotContainIgnoringCase("token").doesNotContainIgnoringCase("AccountKey="));

        Map<String, Secret> secrets = rendered.all(Secret.class).stream()
                .collect(Collectors.toMap(s -> s.getMetadata().getName(), s -> s));
        for (Secret secret : secrets.values()) {
            secret.getData().values().forEach(encoded -> {
                String plain = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
                assertThat(plain).isNotBlank();
                assertThat(configMap).as("a secret value in the ConfigMap").doesNotContain(plain);
                assertThat(rendered.text()).as("a secret value in plain text").doesNotContain(plain);
            });
        }
        for (EnvVar env : rendered.env().values()) {
            if (ConfigurationDocsTest.isSecretEnv(env.getName())) {
                assertThat(env.getValue()).as("%s must come from a Secret", env.getName()).isNull();
                var ref = env.getValueFrom().getSecretKeyRef();
                assertThat(ref).as("%s secretKeyRef", env.getName()).isNotNull();
                Secret own = secrets.get(ref.getName());
                if (own != null) {
                    assertThat(own.getData()).as("key of %s", env.getName()).containsKey(ref.getKey());
                }
            }
        }
        // the secret values of the value file, if any, show up nowhere but (base64) in the Secret
        for (Matcher m = Pattern.compile("(?m)^\\s*(accessKey|secretKey|accountKey|sasToken|connectionString|password|bootstrapToken): (\\S+)$")
                .matcher(Chart.readValueSet(valueSet)); m.find(); ) {
            assertThat(rendered.text()).as("value of %s", m.group(1)).doesNotContain(m.group(2));
        }
    }
}
