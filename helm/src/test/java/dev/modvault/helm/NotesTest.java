package dev.modvault.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import org.junit.jupiter.api.Test;

/** NOTES.txt, as `helm install` prints it: the lines a developer pastes to use the proxy. */
class NotesTest {

    private static String notes(String valueSet) {
        return new Helm(Chart.CHART_DIR).install().withName(Chart.RELEASE).withNamespace(Chart.NAMESPACE)
                .withKubeVersion(Chart.KUBE_VERSION).withValuesFile(Chart.VALUES_DIR.resolve(valueSet + ".yaml"))
                .clientOnly().dryRun().withDryRunOption(DryRun.CLIENT).call().getOutput();
    }

    @Test
    void clientSetupWithTheIngressHost() {
        String notes = notes("observability");
        assertThat(notes).contains("go env -w GOPROXY=https://goproxy.corp.example.com")
                .contains("GONOSUMDB=")
                .contains("machine goproxy.corp.example.com login modvault password <token>")
                .contains("/actuator/health/readiness")
                .doesNotContain("No external PostgreSQL");
    }

    @Test
    void withoutIngressItExplainsPortForwardingAndWarnsAboutDisk() {
        String notes = notes("defaults");
        assertThat(notes).contains("kubectl -n goproxy port-forward svc/mv-modvault 8080:80")
                .contains("go env -w GOPROXY=https://<host>")
                .contains("exactly one replica")
                .contains("No external PostgreSQL");
    }
}
