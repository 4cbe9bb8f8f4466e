package dev.modvault.web.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modvault.core.checksum.DirHash;
import dev.modvault.git.GitSshServer;
import dev.modvault.git.TestRepo;
import dev.modvault.testkit.FixtureModule;
import dev.modvault.testkit.StaticGoProxy;
import dev.modvault.web.ModvaultServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A git source over SSH configured through properties only (a key file with a passphrase file, a known_hosts file),
 * served through Modvault's HTTP API from a real SSH server; a host missing from known_hosts is refused; neither the
 * key nor the passphrase appears in a log line, response body or audit record.
 */
@ExtendWith(OutputCaptureExtension.class)
class GitSshSourceWebTest {

    private static final String PASSPHRASE = "web-test-passphrase-5d1c9e";
    private static final FixtureModule UNUSED = FixtureModule.builder("example.org/unused", "v1.0.0")
            .file("u.go", "package unused\n").build();

    @TempDir
    Path tmp;

    @Test
    void aModuleIsServedFromGitOverSshWithAKeyFromFiles(CapturedOutput output) throws Exception {
        Path srv = Files.createDirectories(tmp.resolve("srv"));
        TestRepo repo = TestRepo.init(tmp.resolve("work/tool"));
        repo.write("go.mod", "module ssh.corp.example.com/tool\n\ngo 1.19\n").write("tool.go", "package tool\n")
                .write("LICENSE", "MIT\n");
        repo.commit("one", "2024-04-01T00:00:00Z");
        repo.tag("v1.0.0");
        repo.publish(srv.resolve("tool"));

        KeyPair key = GitSshServer.rsaKey();
        String keyText = GitSshServer.openSsh(key, PASSPHRASE);
        Path keys = Files.createDirectories(tmp.resolve("secrets"));
        Path keyFile = Files.writeString(keys.resolve("ssh-privatekey"), keyText);
        Path passphraseFile = Files.writeString(keys.resolve("passphrase"), PASSPHRASE + "\n");
        List<String> bodies = new ArrayList<>();
        try (GitSshServer ssh = new GitSshServer(srv, tmp.resolve("host_key"));
             StaticGoProxy publicProxy = StaticGoProxy.start(UNUSED)) {
            ssh.authorize(key.getPublic());
            Path knownHosts = Files.writeString(tmp.resolve("known_hosts"), ssh.knownHostsLine() + "\n");
            Map<String, String> properties = new LinkedHashMap<>();
            properties.put("modvault.auth.anonymous-read", "false");
            properties.put("modvault.git.sources[0].prefix", "ssh.corp.example.com/{repo}");
            properties.put("modvault.git.sources[0].url", ssh.url("{repo}"));
            // the same server under a name known_hosts does not list
            properties.put("modvault.git.sources[1].prefix", "unknown.corp.example.com/{repo}");
            properties.put("modvault.git.sources[1].url", "ssh://git@localhost:" + ssh.port() + "/{repo}");
            properties.put("modvault.git.credentials[127.0.0.1].ssh-key-file", keyFile.toString());
            properties.put("modvault.git.credentials[127.0.0.1].ssh-key-passphrase-file", passphraseFile.toString());
            properties.put("modvault.git.credentials[localhost].ssh-key-file", keyFile.toString());
            properties.put("modvault.git.credentials[localhost].ssh-key-passphrase-file", passphraseFile.toString());
            properties.put("modvault.git.ssh-known-hosts-file", knownHosts.toString());
            try (ModvaultServer modvault = ModvaultServer.start(tmp.resolve("data"), publicProxy.uri(), properties)) {
                modvault.createRule("PRIVATE", "ssh.corp.example.com", null, "our own code, over SSH");
                modvault.createRule("PRIVATE", "unknown.corp.example.com", null, "a host without a known key");

                HttpResponse<byte[]> list = modvault.get("/ssh.corp.example.com/tool/@v/list", admin());
                bodies.add(new String(list.body(), StandardCharsets.UTF_8));
                assertThat(list.statusCode()).isEqualTo(200);
                assertThat(bodies.getLast()).isEqualTo("v1.0.0\n");
                HttpResponse<byte[]> info = modvault.get("/ssh.corp.example.com/tool/@v/v1.0.0.info", admin());
                bodies.add(new String(info.body(), StandardCharsets.UTF_8));
                assertThat(bodies.getLast()).contains("\"URL\":\"" + ssh.url("tool") + "\"")
                        .contains(repo.hash("v1.0.0"));
                HttpResponse<byte[]> zip = modvault.get("/ssh.corp.example.com/tool/@v/v1.0.0.zip", admin());
                assertThat(zip.statusCode()).isEqualTo(200);
                Path zipFile = Files.write(tmp.resolve("tool.zip"), zip.body());
                assertThat(DirHash.hashZip(zipFile)).startsWith("h1:");
                assertThat(ssh.sessions("tool")).isEqualTo(1);

                HttpResponse<byte[]> refused = modvault.get("/unknown.corp.example.com/tool/@v/list", admin());
                bodies.add(new String(refused.body(), StandardCharsets.UTF_8));
                assertThat(refused.statusCode()).isEqualTo(502);
                assertThat(ssh.sessions("tool")).as("nothing served to an unverified connection").isEqualTo(1);
                assertThat(output.getAll()).contains("host localhost:" + ssh.port()
                        + " is not in modvault.git.ssh-known-hosts-file");

                String audit = modvault.admin("GET", "/api/v1/audit?limit=1000", null).body();
                String logs = output.getAll();
                List<String> secrets = new ArrayList<>(List.of(PASSPHRASE));
                keyText.lines().filter(l -> !l.startsWith("-----") && l.length() > 16).forEach(secrets::add);
                secrets.add(Base64.getEncoder().encodeToString(key.getPrivate().getEncoded()).substring(0, 40));
                for (String secret : secrets) {
                    assertThat(logs).as("log lines").doesNotContain(secret);
                    assertThat(audit).as("audit records").doesNotContain(secret);
                    assertThat(bodies).as("response bodies").allSatisfy(b -> assertThat(b).doesNotContain(secret));
                }
            }
        }
    }

    private static String admin() {
        return "Basic " + Base64.getEncoder().encodeToString(("admin:" + ModvaultServer.ADMIN_TOKEN)
                .getBytes(StandardCharsets.UTF_8));
    }
}
