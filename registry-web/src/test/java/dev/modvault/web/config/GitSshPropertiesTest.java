package dev.modvault.web.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.modvault.git.GitSshServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/** Start-up errors of the SSH settings name the property and never show a key or passphrase. */
class GitSshPropertiesTest {

    private static final String HOST = "git.corp.example.com";

    @TempDir
    Path tmp;

    private static GitProperties properties(GitProperties.Credential credential, String knownHosts) {
        return new GitProperties(List.of(), List.of(), List.of(), false, Map.of(HOST, credential), knownHosts, null,
                Duration.ofMinutes(1), Duration.ofSeconds(5), Duration.ofMinutes(2), DataSize.ofGigabytes(2),
                DataSize.ofGigabytes(20));
    }

    private static GitProperties.Credential ssh(Path key, Path passphrase) {
        return new GitProperties.Credential("x-access-token", null, key, passphrase);
    }

    @Test
    void anSshKeyNeedsAKnownHostsFile() {
        assertThatThrownBy(() -> properties(ssh(Path.of("/k"), null), null))
                .hasMessageContaining("modvault.git.ssh-known-hosts-file is not set")
                .hasMessageContaining("modvault.git.credentials[" + HOST + "].ssh-key-file needs it");
        assertThatThrownBy(() -> properties(ssh(Path.of("/k"), null), " "))
                .hasMessageContaining("modvault.git.ssh-known-hosts-file is not set");
        assertThat(properties(ssh(Path.of("/k"), null), "/etc/modvault/known_hosts").sshKnownHosts())
                .isEqualTo(Path.of("/etc/modvault/known_hosts"));
        assertThat(properties(new GitProperties.Credential("u", Path.of("/t"), null, null), "").sshKnownHosts())
                .isNull();
    }

    @Test
    void aCredentialNeedsATokenOrAKey() {
        assertThatThrownBy(() -> properties(new GitProperties.Credential("u", null, null, null), null))
                .hasMessageContaining("modvault.git.credentials[" + HOST + "]: set token-file (https) or ssh-key-file");
        assertThatThrownBy(() -> properties(new GitProperties.Credential("u", Path.of("/t"), null, Path.of("/p")),
                null)).hasMessageContaining("ssh-key-passphrase-file is set without ssh-key-file");
    }

    @Test
    void keysAreCheckedAtStartUpWithoutShowingThem() throws Exception {
        KeyPair kp = GitSshServer.ecKey();
        String passphrase = "startup-passphrase-31337";
        String keyText = GitSshServer.openSsh(kp, passphrase);
        Path key = Files.writeString(tmp.resolve("key"), keyText);
        Path good = Files.writeString(tmp.resolve("good"), passphrase + "\n");
        Path wrong = Files.writeString(tmp.resolve("wrong"), "not-it-424242\n");
        assertThatCode(() -> GitSourceConfiguration.sshKey(HOST, ssh(key, good))).doesNotThrowAnyException();
        assertThat(GitSourceConfiguration.sshKey(HOST, ssh(key, good)).toString()).doesNotContain(passphrase);

        Throwable t = catchThrowable(() -> GitSourceConfiguration.sshKey(HOST, ssh(key, wrong)));
        assertThat(t).hasMessageStartingWith("modvault.git.credentials[" + HOST + "].ssh-key-file: ")
                .hasMessageNotContaining("not-it-424242");
        Throwable none = catchThrowable(() -> GitSourceConfiguration.sshKey(HOST, ssh(key, null)));
        assertThat(none).hasMessageContaining("ssh-key-passphrase-file");
        for (String line : keyText.split("\n")) {
            if (!line.startsWith("-----")) {
                assertThat(t.getMessage()).doesNotContain(line);
                assertThat(none.getMessage()).doesNotContain(line);
            }
        }
        assertThatThrownBy(() -> GitSourceConfiguration.sshKey(HOST, ssh(key, tmp.resolve("missing"))))
                .hasMessageStartingWith("modvault.git.credentials[" + HOST + "].ssh-key-passphrase-file: cannot read");
        assertThatThrownBy(() -> GitSourceConfiguration.sshKey(HOST, ssh(tmp.resolve("nokey"), null)))
                .hasMessageContaining("ssh-key-file: ").hasMessageContaining("does not exist");
    }
}
