package dev.modvault.helm;

import static dev.modvault.helm.Chart.FULLNAME;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modvault.helm.Chart.Rendered;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What each value set turns on, and the details that matter for it. */
class ValueSetsTest {

    @Test
    void defaultsRenderASingleDiskReplica() {
        Rendered rendered = Chart.render("defaults");
        assertThat(rendered.kinds()).containsExactly("ConfigMap", "Deployment", "PersistentVolumeClaim", "Service",
                "ServiceAccount");
        Deployment deployment = rendered.deployment();
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
        assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("Recreate");
        var container = deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(container.getImage()).isEqualTo("modvault:0.1.0");
        assertThat(rendered.env()).doesNotContainKeys("SPRING_DATASOURCE_URL", "SPRING_DATASOURCE_PASSWORD");
        assertThat(rendered.has("PodDisruptionBudget")).as("no PDB for one replica").isFalse();
    }

    @Test
    void s3WithIrsaAndAutoscaling() {
        Rendered rendered = Chart.render("s3-irsa-hpa");
        assertThat(rendered.kinds()).containsExactly("ConfigMap", "Deployment", "HorizontalPodAutoscaler",
                "PodDisruptionBudget", "Service", "ServiceAccount");
        ServiceAccount account = rendered.one(ServiceAccount.class);
        assertThat(account.getMetadata().getAnnotations())
                .containsEntry("eks.amazonaws.com/role-arn", "arn:aws:iam::123456789012:role/modvault");

        HorizontalPodAutoscaler hpa = rendered.one(HorizontalPodAutoscaler.class);
        assertThat(hpa.getApiVersion()).isEqualTo("autoscaling/v2");
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(3);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(8);
        assertThat(hpa.getSpec().getMetrics()).singleElement().satisfies(m -> {
            assertThat(m.getResource().getName()).isEqualTo("cpu");
            assertThat(m.getResource().getTarget().getAverageUtilization()).isEqualTo(65);
        });

        Deployment deployment = rendered.deployment();
        assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage())
                .isEqualTo("registry.example.com/platform/modvault:0.1.0");
        assertThat(rendered.one(PodDisruptionBudget.class).getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);

        // default credential chain: no static keys anywhere; PostgreSQL from an existing Secret
        Map<String, EnvVar> env = rendered.env();
        assertThat(env).doesNotContainKeys("MODVAULT_STORAGE_S3_ACCESS_KEY", "MODVAULT_STORAGE_S3_SECRET_KEY");
        assertThat(env.get("SPRING_DATASOURCE_URL").getValue())
                .isEqualTo("jdbc:postgresql://modvault-db.example.internal:5432/modvault");
        assertThat(env.get("SPRING_DATASOURCE_USERNAME").getValue()).isEqualTo("modvault");
        var password = env.get("SPRING_DATASOURCE_PASSWORD").getValueFrom().getSecretKeyRef();
        assertThat(password.getName()).isEqualTo("modvault-db");
        assertThat(password.getKey()).isEqualTo("password");
        assertThat(rendered.all(Secret.class)).isEmpty();
    }

    @Test
    void s3WithStaticKeysKeepsThemInTheChartsSecret() {
        Rendered rendered = Chart.render("s3-static-keys");
        assertThat(rendered.kinds()).containsExactly("ConfigMap", "Deployment", "PodDisruptionBudget", "Secret",
                "Service", "ServiceAccount");
        Secret secret = rendered.one(Secret.class);
        assertThat(secret.getData()).containsOnlyKeys("s3-access-key", "s3-secret-key", "database-password",
                "bootstrap-token");
        Map<String, EnvVar> env = rendered.env();
        for (String name : List.of("MODVAULT_STORAGE_S3_ACCESS_KEY", "MODVAULT_STORAGE_S3_SECRET_KEY",
                "SPRING_DATASOURCE_PASSWORD", "MODVAULT_ADMIN_BOOTSTRAP_TOKEN")) {
            assertThat(env.get(name).getValueFrom().getSecretKeyRef().getName()).as(name).isEqualTo(FULLNAME);
        }
        assertThat(rendered.one(ServiceAccount.class).getMetadata().getAnnotations()).isNullOrEmpty();
    }

    @Test
    void azureWithWorkloadIdentity() {
        Rendered rendered = Chart.render("azure-workload-identity");
        assertThat(rendered.kinds()).containsExactly("ConfigMap", "Deployment", "PodDisruptionBudget", "Service",
                "ServiceAccount");
        ServiceAccount account = rendered.one(ServiceAccount.class);
        assertThat(account.getMetadata().getAnnotations())
                .containsEntry("azure.workload.identity/client-id", "00000000-1111-2222-3333-444444444444")
                .containsEntry("azure.workload.identity/tenant-id", "55555555-6666-7777-8888-999999999999");
        assertThat(rendered.deployment().getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry("azure.workload.identity/use", "true");
        assertThat(rendered.env().keySet()).noneMatch(name -> name.startsWith("MODVAULT_STORAGE_AZURE_"));
    }

    @Test
    void azureSecretsComeFromTheNamedSecretKeys() {
        var connection = Chart.render("azure-connection-string").env().get("MODVAULT_STORAGE_AZURE_CONNECTION_STRING")
                .getValueFrom().getSecretKeyRef();
        assertThat(connection.getName()).isEqualTo("modvault-azure");
        assertThat(connection.getKey()).isEqualTo("connection-string");
        assertThat(Chart.render("azure-connection-string").all(Secret.class)).isEmpty();

        Rendered accountKey = Chart.render("azure-account-key");
        assertThat(accountKey.env().get("MODVAULT_STORAGE_AZURE_ACCOUNT_KEY").getValueFrom().getSecretKeyRef()
                .getName()).isEqualTo(FULLNAME);
        assertThat(accountKey.one(Secret.class).getData()).containsOnlyKeys("azure-account-key");

        Rendered sas = Chart.render("azure-sas");
        assertThat(sas.env().get("MODVAULT_STORAGE_AZURE_SAS_TOKEN").getValueFrom().getSecretKeyRef().getKey())
                .isEqualTo("azure-sas-token");
        assertThat(sas.deployment().getSpec().getTemplate().getMetadata().getLabels())
                .doesNotContainKey("azure.workload.identity/use");
    }

    @Test
    void diskWithAPersistentVolumeClaim() {
        Rendered rendered = Chart.render("disk-pvc");
        assertThat(rendered.kinds()).containsExactly("ConfigMap", "Deployment", "PersistentVolumeClaim", "Service",
                "ServiceAccount");
        PersistentVolumeClaim claim = rendered.one(PersistentVolumeClaim.class);
        assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
        assertThat(claim.getSpec().getStorageClassName()).isEqualTo("fast-ssd");
        assertThat(claim.getSpec().getResources().getRequests().get("storage").toString()).isEqualTo("200Gi");
        assertThat(claim.getMetadata().getAnnotations()).containsEntry("helm.sh/resource-policy", "keep");
        Deployment deployment = rendered.deployment();
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
        assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("Recreate");
        var spool = deployment.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals("spool")).findFirst().orElseThrow();
        assertThat(spool.getEmptyDir().getSizeLimit().toString()).isEqualTo("10Gi");
    }

    @Test
    void diskWithAnExistingClaimCreatesNone() {
        Rendered rendered = Chart.render("disk-pvc", Map.of("storage.disk.persistence.existingClaim", "goproxy-store"));
        assertThat(rendered.all(PersistentVolumeClaim.class)).isEmpty();
        assertThat(rendered.deployment().getSpec().getTemplate().getSpec().getVolumes())
                .filteredOn(v -> v.getPersistentVolumeClaim() != null)
                .singleElement().satisfies(v -> assertThat(v.getPersistentVolumeClaim().getClaimName())
                        .isEqualTo("goproxy-store"));
    }

    @Test
    void everythingOptionalOn() {
        Rendered rendered = Chart.render("observability");
        assertThat(rendered.kinds()).containsExactly("ConfigMap", "Deployment", "Ingress", "NetworkPolicy",
                "PodDisruptionBudget", "PrometheusRule", "Service", "ServiceAccount", "ServiceMonitor");

        Ingress ingress = rendered.one(Ingress.class);
        assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
        assertThat(ingress.getSpec().getTls()).singleElement().satisfies(tls -> {
            assertThat(tls.getSecretName()).isEqualTo("goproxy-tls");
            assertThat(tls.getHosts()).containsExactly("goproxy.corp.example.com");
        });
        assertThat(ingress.getSpec().getRules()).singleElement()
                .satisfies(rule -> assertThat(rule.getHost()).isEqualTo("goproxy.corp.example.com"));
        Map<String, String> annotations = ingress.getMetadata().getAnnotations();
        assertThat(annotations).containsEntry("cert-manager.io/cluster-issuer", "corp-ca")
                .containsEntry("nginx.ingress.kubernetes.io/proxy-buffering", "off");
        assertThat(mebibytes(annotations.get("nginx.ingress.kubernetes.io/proxy-body-size"))).isGreaterThanOrEqualTo(500);
        assertThat(Integer.parseInt(annotations.get("nginx.ingress.kubernetes.io/proxy-read-timeout")))
                .isGreaterThanOrEqualTo(600);
        assertThat(Integer.parseInt(annotations.get("nginx.ingress.kubernetes.io/proxy-send-timeout")))
                .isGreaterThanOrEqualTo(600);

        NetworkPolicy policy = rendered.one(NetworkPolicy.class);
        assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        assertThat(policy.getSpec().getIngress()).singleElement().satisfies(rule -> {
            assertThat(rule.getFrom()).hasSize(2);
            assertThat(rule.getFrom()).allSatisfy(peer -> assertThat(peer.getNamespaceSelector()).isNotNull());
            assertThat(rule.getPorts()).extracting(p -> p.getPort().getStrVal()).containsExactly("http");
        });
        List<Integer> egressPorts = policy.getSpec().getEgress().stream().flatMap(rule -> rule.getPorts().stream())
                .map(NetworkPolicyPort::getPort).map(p -> p.getIntVal()).toList();
        assertThat(egressPorts).contains(53, 5432, 443);
        assertThat(policy.getSpec().getEgress()).flatMap(rule -> rule.getTo())
                .filteredOn(peer -> peer.getIpBlock() != null)
                .singleElement().satisfies(peer -> assertThat(peer.getIpBlock().getCidr()).isEqualTo("10.20.0.0/16"));
        assertThat(policy.getSpec().getPodSelector().getMatchLabels())
                .containsAllEntriesOf(rendered.deployment().getSpec().getSelector().getMatchLabels());

        var admin = rendered.env().get("MODVAULT_ADMIN_BOOTSTRAP_TOKEN").getValueFrom().getSecretKeyRef();
        assertThat(admin.getName()).isEqualTo("modvault-admin");
    }

    @Test
    void aConfigChangeChangesTheChecksum() {
        String before = Chart.render("defaults").deployment().getSpec().getTemplate().getMetadata().getAnnotations()
                .get("checksum/config");
        String after = Chart.render("defaults", Map.of("upstream.proxies", "https://goproxy.corp.example.com"))
                .deployment().getSpec().getTemplate().getMetadata().getAnnotations().get("checksum/config");
        assertThat(after).isNotEqualTo(before);
    }

    private static long mebibytes(String nginxSize) {
        String value = nginxSize.toLowerCase();
        long number = Long.parseLong(value.replaceAll("[kmg]$", ""));
        return switch (value.charAt(value.length() - 1)) {
            case 'g' -> number * 1024;
            case 'm' -> number;
            case 'k' -> number / 1024;
            default -> number / (1024 * 1024);
        };
    }
}
