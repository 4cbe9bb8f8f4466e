package dev.modvault.helm;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Wrong values stop `helm install` / `helm template` with a message that names what to change. */
class ValuesValidationTest {

    @TempDir
    Path dir;

    @Test
    void diskRefusesASecondReplica() {
        assertThatThrownBy(() -> Chart.template("disk-pvc", Map.of("replicaCount", 2)))
                .hasMessageContaining("storage.type=disk supports a single replica (replicaCount is 2)")
                .hasMessageContaining("ReadWriteOnce")
                .hasMessageContaining("storage.type s3 or azure");
    }

    @Test
    void diskRefusesAutoscaling() {
        assertThatThrownBy(() -> Chart.template("defaults", Map.of("autoscaling.enabled", true)))
                .hasMessageContaining("storage.type=disk supports a single replica")
                .hasMessageContaining("autoscaling.enabled must be false");
    }

    @Test
    void anUnknownStorageTypeIsRefusedByTheSchema() {
        assertThatThrownBy(() -> Chart.templateWithValues(dir, "storage:\n  type: ftp\n"))
                .hasMessageContaining("/storage/type")
                .hasMessageContaining("'disk', 's3', 'azure'");
    }

    @Test
    void aStringReplicaCountIsRefusedByTheSchema() {
        assertThatThrownBy(() -> Chart.templateWithValues(dir, "replicaCount: \"3\"\n"))
                .hasMessageContaining("/replicaCount")
                .hasMessageContaining("integer");
    }

    @Test
    void unknownKeysAreRefusedAtTheTopAndInStorage() {
        assertThatThrownBy(() -> Chart.templateWithValues(dir, "replicas: 3\n"))
                .hasMessageContaining("additional properties 'replicas' not allowed");
        assertThatThrownBy(() -> Chart.templateWithValues(dir, "storage:\n  bucket: x\n"))
                .hasMessageContaining("/storage")
                .hasMessageContaining("additional properties 'bucket' not allowed");
        assertThatThrownBy(() -> Chart.templateWithValues(dir, "storage:\n  s3:\n    sse: aes\n"))
                .hasMessageContaining("/storage/s3/sse");
        assertThatThrownBy(() -> Chart.templateWithValues(dir, "storage:\n  azure:\n    auth: password\n"))
                .hasMessageContaining("/storage/azure/auth");
    }

    @Test
    void backendSettingsThatCannotWorkAreRefused() {
        assertThatThrownBy(() -> Chart.templateWithValues(dir, "storage:\n  type: s3\n"))
                .hasMessageContaining("storage.type=s3 needs storage.s3.bucket");
        assertThatThrownBy(() -> Chart.templateWithValues(dir,
                "storage:\n  type: s3\n  s3:\n    bucket: b\n    sse: kms\n"))
                .hasMessageContaining("storage.s3.sse=kms needs storage.s3.kmsKeyId");
        assertThatThrownBy(() -> Chart.templateWithValues(dir,
                "storage:\n  type: s3\n  s3:\n    bucket: b\n    credentials: static\n"))
                .hasMessageContaining("storage.s3.credentials=static needs");
        assertThatThrownBy(() -> Chart.templateWithValues(dir,
                "storage:\n  type: azure\n  azure:\n    container: c\n    accountName: a\n"))
                .hasMessageContaining("workload-identity needs storage.azure.workloadIdentity.clientId");
        assertThatThrownBy(() -> Chart.templateWithValues(dir,
                "storage:\n  type: azure\n  azure:\n    container: c\n    auth: sas\n    accountName: a\n"))
                .hasMessageContaining("storage.azure.auth=sas needs storage.azure.sasToken");
        assertThatThrownBy(() -> Chart.templateWithValues(dir,
                "database:\n  url: jdbc:postgresql://db:5432/modvault\n"))
                .hasMessageContaining("database.url needs database.password or database.existingSecret");
    }

    @Test
    void theGracePeriodMustOutlastTheGracefulShutdown() {
        assertThatThrownBy(() -> Chart.template("defaults", Map.of("terminationGracePeriodSeconds", 30)))
                .hasMessageContaining("terminationGracePeriodSeconds (30) must exceed");
    }
}
