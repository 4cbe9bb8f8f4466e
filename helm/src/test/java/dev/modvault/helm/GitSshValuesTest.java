package dev.modvault.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modvault.helm.Chart.Rendered;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** git over SSH in the chart: known_hosts, a key Secret per host mounted as files, start-up checks. */
class GitSshValuesTest {

    @org.junit.jupiter.api.io.TempDir
    Path dir;

    private static Volume volume(Rendered r, String name) {
        return r.deployment().getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals(name)).findFirst().orElseThrow();
    }

    private static List<VolumeMount> mounts(Rendered r) {
        return r.deployment().getSpec().getTemplate().getSpec().getContainers().getFirst().getVolumeMounts();
    }

    @Test
    void keysAreMountedPerHostAndKnownHostsComeFromTheConfigMap() {
        Rendered r = Chart.render("disk-pvc");
        Properties p = r.properties();
        assertThat(p.getProperty("modvault.git.ssh-known-hosts-file")).isEqualTo("/etc/modvault/known_hosts");
        assertThat(p.getProperty("modvault.git.credentials[ssh.corp.example.com].ssh-key-file"))
                .isEqualTo("/etc/modvault-git-ssh/ssh.corp.example.com/ssh-privatekey");
        assertThat(p.getProperty("modvault.git.credentials[ssh.corp.example.com].ssh-key-passphrase-file"))
                .isEqualTo("/etc/modvault-git-ssh/ssh.corp.example.com/passphrase");
        assertThat(p.getProperty("modvault.git.sources[2].url")).isEqualTo("git@ssh.corp.example.com:{repo}.git");
        ConfigMap configMap = r.one(ConfigMap.class);
        assertThat(configMap.getData().get("known_hosts"))
                .startsWith("ssh.corp.example.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5");
        Volume key = volume(r, "git-ssh-key-0");
        assertThat(key.getSecret().getSecretName()).isEqualTo("modvault-git-ssh-corp");
        assertThat(key.getSecret().getDefaultMode()).isEqualTo(0400);
        assertThat(key.getSecret().getItems()).extracting(i -> i.getKey() + "->" + i.getPath())
                .containsExactly("ssh-privatekey->ssh-privatekey", "passphrase->passphrase");
        assertThat(mounts(r)).filteredOn(m -> m.getName().equals("git-ssh-key-0")).singleElement()
                .satisfies(m -> {
                    assertThat(m.getMountPath()).isEqualTo("/etc/modvault-git-ssh/ssh.corp.example.com");
                    assertThat(m.getReadOnly()).isTrue();
                });
        assertThat(r.propertiesText()).doesNotContain("AAAAC3NzaC1lZDI1NTE5");
    }

    @Test
    void withoutSshTheKnownHostsPropertyIsEmpty() {
        Rendered r = Chart.render("defaults");
        assertThat(r.properties().getProperty("modvault.git.ssh-known-hosts-file")).isEmpty();
        assertThat(r.one(ConfigMap.class).getData()).doesNotContainKey("known_hosts");
        assertThat(mounts(r)).noneMatch(m -> m.getName().startsWith("git-ssh"));
    }

    @Test
    void knownHostsFromAnExistingConfigMap() {
        Rendered r = Chart.render("disk-pvc", Map.of("git.ssh.knownHosts", "",
                "git.ssh.knownHostsConfigMap", "corp-known-hosts"));
        assertThat(r.properties().getProperty("modvault.git.ssh-known-hosts-file"))
                .isEqualTo("/etc/modvault-git-ssh/known-hosts/known_hosts");
        assertThat(volume(r, "git-known-hosts").getConfigMap().getName()).isEqualTo("corp-known-hosts");
        assertThat(mounts(r)).anyMatch(m -> m.getName().equals("git-known-hosts")
                && m.getMountPath().equals("/etc/modvault-git-ssh/known-hosts"));
    }

    @Test
    void keysWithoutKnownHostsAreRefused() {
        assertThatThrownBy(() -> Chart.templateWithValues(dir, """
                git:
                  ssh:
                    keys:
                      - host: git.corp.example.com
                        secret: s
                """)).hasMessageContaining("git.ssh.keys need git.ssh.knownHosts or git.ssh.knownHostsConfigMap");
        assertThatThrownBy(() -> Chart.templateWithValues(dir, """
                git:
                  ssh:
                    knownHosts: "h ssh-rsa AAAA"
                    knownHostsConfigMap: k
                """)).hasMessageContaining("not both");
        assertThatThrownBy(() -> Chart.templateWithValues(dir, """
                git:
                  ssh:
                    keys:
                      - host: git.corp.example.com
                """)).hasMessageContaining("secret");
    }
}
