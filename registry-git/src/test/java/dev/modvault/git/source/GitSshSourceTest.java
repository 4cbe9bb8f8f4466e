package dev.modvault.git.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.modvault.core.error.UpstreamException;
import dev.modvault.git.GitHttpServer;
import dev.modvault.git.GitMirror;
import dev.modvault.git.GitSsh;
import dev.modvault.git.GitSshServer;
import dev.modvault.git.TestRepo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Git sources over SSH against a real SSH server (Apache MINA sshd running the real {@code git upload-pack}): the same
 * answers as over HTTP, keys per host, strict host keys, and no key material or passphrase in messages or logs.
 */
class GitSshSourceTest {

    private static final String MODULE = "corp.example.com/lib";
    private static final String PASSPHRASE = "correct-horse-battery-staple-42";

    @TempDir
    Path tmp;

    private TestRepo work;
    private Path srv;
    private GitHttpServer http;
    private GitSshServer ssh;
    private KeyPair clientKey;
    private Path keyFile;
    private String keyText;
    private final List<AutoCloseable> closing = new ArrayList<>();
    private PrintStream originalErr;
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();

    @BeforeEach
    void setUp() throws IOException {
        originalErr = System.err;
        System.setErr(new PrintStream(new Tee(originalErr, logs), true, StandardCharsets.UTF_8));
        srv = Files.createDirectories(tmp.resolve("srv"));
        work = TestRepo.init(tmp.resolve("work/lib"));
        work.write("go.mod", "module " + MODULE + "\n\ngo 1.19\n").write("lib.go", "package lib\n")
                .write("LICENSE", "license\n").write("sub/x.go", "package sub\n");
        work.commit("one", "2024-01-02T03:04:05Z");
        work.tag("v1.0.0");
        work.write("lib.go", "package lib\n\n// two\n").commit("two", "2024-02-02T03:04:05Z");
        work.annotatedTag("v1.1.0", "2024-02-03T00:00:00Z");
        work.write("lib.go", "package lib\n\n// three\n").commit("three", "2024-03-02T03:04:05Z");
        work.publish(srv.resolve("lib"));
        http = new GitHttpServer(srv);
        ssh = new GitSshServer(srv, tmp.resolve("ssh_host_key"));
        clientKey = GitSshServer.rsaKey();
        ssh.authorize(clientKey.getPublic());
        keyText = GitSshServer.pkcs8Pem(clientKey);
        Files.createDirectories(tmp.resolve("keys"));
        keyFile = Files.writeString(tmp.resolve("keys/id_rsa"), keyText, StandardCharsets.US_ASCII,
                java.nio.file.StandardOpenOption.CREATE_NEW);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
        http.close();
        ssh.close();
        System.setErr(originalErr);
    }

    private Path knownHosts(String... lines) throws IOException {
        Path f = tmp.resolve("known_hosts-" + closing.size());
        Files.writeString(f, "# test\n" + String.join("\n", lines) + "\n");
        return f;
    }

    private GitSsh gitSsh(Path knownHosts, Map<String, GitSsh.Key> keys) {
        return GitSsh.of(knownHosts, keys);
    }

    private GitUpstreamClient client(String name, GitSsh gitSsh, String urlTemplate, Map<String, String> rewrites) {
        GitMirror mirror = new GitMirror(GitMirror.Settings.defaults(tmp.resolve("mirrors-" + name))
                .withRefreshInterval(Duration.ofMinutes(10)).withMinFetchInterval(Duration.ZERO)
                .withTimeout(Duration.ofSeconds(20)).withUrlRewrites(rewrites).withSsh(gitSsh));
        closing.add(mirror);
        HostGuard guard = new HostGuard(List.of("127.0.0.1"), List.of("127.0.0.1"), true);
        GoImportDiscovery discovery = new GoImportDiscovery(HttpClient.newHttpClient(), Duration.ofSeconds(5), guard,
                host -> null);
        return new GitUpstreamClient(List.of(GitSource.template("corp.example.com/{repo}", urlTemplate)), mirror,
                discovery, guard, (m, v) -> Optional.empty(), move -> { }, tmp.resolve("spool-" + name));
    }

    private GitUpstreamClient sshClient(String name, GitSsh gitSsh) {
        return client(name, gitSsh, ssh.url("{repo}"), Map.of());
    }

    private static String text(GitUpstreamClient client, String path) {
        return client.get(path, 1 << 20, in -> new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }

    private static byte[] bytes(GitUpstreamClient client, String path) {
        return client.get(path, 1 << 20, InputStream::readAllBytes);
    }

    @Test
    void servesTheSameVersionsAndByteIdenticalZipsOverSshAsOverHttp() throws IOException {
        GitUpstreamClient overHttp = client("http", GitSsh.none(), http.baseUrl() + "{repo}", Map.of());
        GitUpstreamClient overSsh = sshClient("ssh", gitSsh(knownHosts(ssh.knownHostsLine()),
                Map.of("127.0.0.1", GitSsh.Key.of(keyFile))));

        assertThat(text(overSsh, MODULE + "/@v/list")).isEqualTo("v1.0.0\nv1.1.0\n")
                .isEqualTo(text(overHttp, MODULE + "/@v/list"));
        assertThat(withoutUrl(text(overSsh, MODULE + "/@latest"))).isEqualTo(withoutUrl(text(overHttp, MODULE + "/@latest")));
        for (String query : List.of("v1.0.0", "v1.1.0", "main", work.hash("HEAD").substring(0, 12))) {
            String info = text(overSsh, MODULE + "/@v/" + query + ".info");
            assertThat(withoutUrl(info)).as(query).isEqualTo(withoutUrl(text(overHttp, MODULE + "/@v/" + query + ".info")));
            assertThat(info).contains("\"URL\":\"" + ssh.url("lib") + "\"");
        }
        for (String v : List.of("v1.0.0", "v1.1.0")) {
            assertThat(text(overSsh, MODULE + "/@v/" + v + ".mod")).isEqualTo(text(overHttp, MODULE + "/@v/" + v + ".mod"));
            byte[] zipSsh = bytes(overSsh, MODULE + "/@v/" + v + ".zip");
            assertThat(zipSsh).as(v + ".zip").isNotEmpty().isEqualTo(bytes(overHttp, MODULE + "/@v/" + v + ".zip"));
        }
        assertThat(ssh.sessions("lib")).as("one clone over SSH served everything").isEqualTo(1);
        assertThat(ssh.refusedCommands()).isEmpty();
        assertNoSecretsIn(logs.toString(StandardCharsets.UTF_8));
    }

    @Test
    void encryptedOpenSshKeysAndScpLikeUrls() throws IOException {
        KeyPair ec = GitSshServer.ecKey();
        ssh.authorize(ec.getPublic());
        String encrypted = GitSshServer.openSsh(ec, PASSPHRASE);
        assertThat(encrypted).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----");
        Path ecFile = Files.writeString(tmp.resolve("keys/id_ecdsa"), encrypted);
        GitSsh.Key key = new GitSsh.Key(ecFile, PASSPHRASE);
        assertThatCode(key::check).doesNotThrowAnyException();
        assertThat(key.toString()).doesNotContain(PASSPHRASE);
        GitSsh gitSsh = gitSsh(knownHosts(ssh.knownHostsLine()), Map.of("127.0.0.1", key));
        assertThat(gitSsh.toString()).doesNotContain(PASSPHRASE).doesNotContain(ecFile.getFileName().toString() + "=");
        // the template is scp-like; the mirror reaches the test server's port through a rewrite
        GitUpstreamClient client = client("scp", gitSsh, "git@gitsrv.example:{repo}",
                Map.of("git@gitsrv.example:", ssh.url("")));
        assertThat(text(client, MODULE + "/@v/list")).isEqualTo("v1.0.0\nv1.1.0\n");
        assertThat(text(client, MODULE + "/@v/v1.0.0.info")).contains("\"URL\":\"git@gitsrv.example:lib\"");
        assertNoSecretsIn(logs.toString(StandardCharsets.UTF_8), encrypted);
    }

    @Test
    void discoveryMayAnswerWithAnSshUrlUnderTheSameHostRules() throws IOException {
        com.sun.net.httpserver.HttpServer vanity = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 4);
        String[] answer = {"go.corp.example.com/lib git " + ssh.url("lib")};
        vanity.createContext("/", ex -> {
            byte[] body = ("<html><head><meta name=\"go-import\" content=\"" + answer[0] + "\"></head></html>")
                    .getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        vanity.start();
        closing.add(() -> vanity.stop(0));
        GitSsh gitSsh = gitSsh(knownHosts(ssh.knownHostsLine()), Map.of("127.0.0.1", GitSsh.Key.of(keyFile)));
        GitSource source = GitSource.discovery("go.corp.example.com",
                java.net.URI.create("http://127.0.0.1:" + vanity.getAddress().getPort()));
        for (boolean allowPrivate : List.of(false, true)) {
            GitMirror mirror = new GitMirror(GitMirror.Settings.defaults(tmp.resolve("mirrors-d" + allowPrivate))
                    .withTimeout(Duration.ofSeconds(20)).withSsh(gitSsh));
            closing.add(mirror);
            HostGuard guard = new HostGuard(List.of("127.0.0.1"), List.of("127.0.0.1"), allowPrivate);
            GitUpstreamClient client = new GitUpstreamClient(List.of(source), mirror, new GoImportDiscovery(
                    HttpClient.newHttpClient(), Duration.ofSeconds(5), guard, host -> null), guard,
                    (m, v) -> Optional.empty(), move -> { }, tmp.resolve("spool-d"));
            if (allowPrivate) {
                assertThat(text(client, "go.corp.example.com/lib/@v/list")).isEqualTo("v1.0.0\nv1.1.0\n");
                answer[0] = "go.corp.example.com/lib git ssh://git:pw@127.0.0.1:" + ssh.port() + "/lib";
                assertThatThrownBy(() -> text(client, "go.corp.example.com/lib/@v/list"))
                        .hasMessageContaining("carries credentials");
            } else {
                assertThatThrownBy(() -> text(client, "go.corp.example.com/lib/@v/list"))
                        .hasMessageContaining("go-import repository URL for go.corp.example.com/lib refused")
                        .hasMessageContaining("loopback address 127.0.0.1");
                assertThat(ssh.sessions("lib")).as("a refused answer is never contacted").isZero();
            }
        }
        assertThat(ssh.sessions("lib")).isEqualTo(1);
    }

    @Test
    void anEd25519KeyMadeByOpenSsh() throws Exception {
        Path keygen = Path.of("/usr/bin/ssh-keygen");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(keygen), "ssh-keygen is not installed");
        org.junit.jupiter.api.Assumptions.assumeTrue(
                org.apache.sshd.common.util.security.SecurityUtils.isEDDSACurveSupported(),
                "Ed25519 needs BouncyCastle or net.i2p eddsa on the class path");
        Path file = tmp.resolve("keys/id_ed25519");
        Process p = new ProcessBuilder(keygen.toString(), "-q", "-t", "ed25519", "-N", PASSPHRASE, "-C", "modvault-test",
                "-f", file.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor()).isZero();
        String publicKey = Files.readString(tmp.resolve("keys/id_ed25519.pub")).strip();
        ssh.authorize(org.apache.sshd.common.config.keys.AuthorizedKeyEntry.parseAuthorizedKeyEntry(publicKey)
                .resolvePublicKey(null, org.apache.sshd.common.config.keys.PublicKeyEntryResolver.FAILING));
        GitSsh.Key key = new GitSsh.Key(file, PASSPHRASE);
        assertThatCode(key::check).doesNotThrowAnyException();
        GitUpstreamClient client = sshClient("ed25519", gitSsh(knownHosts(ssh.knownHostsLine()),
                Map.of("127.0.0.1", key)));
        assertThat(text(client, MODULE + "/@v/list")).isEqualTo("v1.0.0\nv1.1.0\n");
        assertNoSecretsIn(logs.toString(StandardCharsets.UTF_8), Files.readString(file));
    }

    @Test
    void aKeyTheServerDoesNotAcceptIsRefused() throws IOException {
        KeyPair other = GitSshServer.rsaKey();
        String otherText = GitSshServer.openSsh(other, null);
        Path otherFile = Files.writeString(tmp.resolve("keys/other"), otherText);
        GitUpstreamClient client = sshClient("wrong", gitSsh(knownHosts(ssh.knownHostsLine()),
                Map.of("127.0.0.1", GitSsh.Key.of(otherFile))));
        Throwable t = catchThrowable(() -> text(client, MODULE + "/@v/list"));
        assertThat(t).isInstanceOf(UpstreamException.class).hasMessageContaining("cannot fetch git repository");
        assertNoSecretsIn(t, otherText);
        assertThat(ssh.sessions("lib")).isZero();
        // a key for another host is never offered
        GitUpstreamClient elsewhere = sshClient("elsewhere", gitSsh(knownHosts(ssh.knownHostsLine()),
                Map.of("git.corp.example.com", GitSsh.Key.of(keyFile))));
        assertThatThrownBy(() -> text(elsewhere, MODULE + "/@v/list")).isInstanceOf(UpstreamException.class);
        assertThat(ssh.sessions("lib")).isZero();
        assertNoSecretsIn(logs.toString(StandardCharsets.UTF_8), otherText);
    }

    @Test
    void aHostMissingFromKnownHostsIsRefusedNamingTheHost() throws IOException {
        String otherHost = "[git.corp.example.com]:" + ssh.port() + " " + PublicKeyEntry.toString(ssh.hostKey());
        GitUpstreamClient client = sshClient("unknown", gitSsh(knownHosts(otherHost),
                Map.of("127.0.0.1", GitSsh.Key.of(keyFile))));
        Throwable t = catchThrowable(() -> text(client, MODULE + "/@v/list"));
        assertThat(t).isInstanceOf(UpstreamException.class)
                .hasMessageContaining("host 127.0.0.1:" + ssh.port() + " is not in modvault.git.ssh-known-hosts-file")
                .hasMessageContaining("never trusts an SSH host key on first use");
        assertNoSecretsIn(t, keyText);
        assertThat(String.valueOf(t.getMessage())).doesNotContain(hostKeyBase64());
        assertThat(ssh.sessions("lib")).isZero();
        assertThat(Files.readString(tmp.resolve("known_hosts-0"))).as("nothing is added").doesNotContain("127.0.0.1");
    }

    @Test
    void aChangedHostKeyIsRefusedNamingTheHost() throws IOException {
        KeyPair impostor = GitSshServer.rsaKey();
        String line = "[127.0.0.1]:" + ssh.port() + " " + PublicKeyEntry.toString(impostor.getPublic());
        GitUpstreamClient client = sshClient("changed", gitSsh(knownHosts(line),
                Map.of("127.0.0.1", GitSsh.Key.of(keyFile))));
        Throwable t = catchThrowable(() -> text(client, MODULE + "/@v/list"));
        assertThat(t).isInstanceOf(UpstreamException.class)
                .hasMessageContaining("host key presented by 127.0.0.1:" + ssh.port() + " does not match");
        assertNoSecretsIn(t, keyText);
        assertThat(String.valueOf(t.getMessage())).doesNotContain(hostKeyBase64())
                .doesNotContain(PublicKeyEntry.toString(impostor.getPublic()).split(" ")[1]);
        assertThat(ssh.sessions("lib")).isZero();
    }

    @Test
    void withoutSshConfiguredSshUrlsAreRefused() {
        GitUpstreamClient client = sshClient("none", GitSsh.none());
        assertThatThrownBy(() -> text(client, MODULE + "/@v/list")).isInstanceOf(UpstreamException.class)
                .hasMessageContaining("SSH is not configured");
        assertThat(ssh.sessions("lib")).isZero();
    }

    @Test
    void badKeysAndKnownHostsFilesAreFoundAtStartUpWithoutShowingThem() throws IOException {
        KeyPair ec = GitSshServer.ecKey();
        String encrypted = GitSshServer.openSsh(ec, PASSPHRASE);
        Path ecFile = Files.writeString(tmp.resolve("keys/enc"), encrypted);
        assertThatThrownBy(() -> GitSsh.Key.of(ecFile).check()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ssh-key-passphrase-file");
        Throwable wrong = catchThrowable(() -> new GitSsh.Key(ecFile, "not-the-passphrase-777").check());
        assertThat(wrong).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(ecFile.toString());
        assertNoSecretsIn(wrong, encrypted);
        assertThat(wrong.getMessage()).doesNotContain("not-the-passphrase-777");
        Path garbage = Files.writeString(tmp.resolve("keys/garbage"), "not a key at all: s3cr3t-content\n");
        assertThatThrownBy(() -> GitSsh.Key.of(garbage).check()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("s3cr3t-content");
        assertThatThrownBy(() -> GitSsh.Key.of(tmp.resolve("keys/missing")).check())
                .hasMessageContaining("does not exist");
        assertThatCode(() -> GitSsh.Key.of(keyFile).check()).doesNotThrowAnyException();
        assertThatThrownBy(() -> GitSsh.of(tmp.resolve("no-known-hosts"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot read the known_hosts file");
    }

    private String hostKeyBase64() {
        return PublicKeyEntry.toString(ssh.hostKey()).split(" ")[1];
    }

    private static String withoutUrl(String json) {
        return json.replaceAll("\"URL\":\"[^\"]*\"", "\"URL\":\"-\"");
    }

    /** No private key text (any line of it), passphrase or base64 key body anywhere in {@code text}. */
    private void assertNoSecretsIn(String text, String... moreKeys) {
        assertThat(text).doesNotContain(PASSPHRASE);
        List<String> keys = new ArrayList<>(List.of(keyText));
        keys.addAll(List.of(moreKeys));
        keys.add(Base64.getEncoder().encodeToString(clientKey.getPrivate().getEncoded()).substring(0, 40));
        for (String k : keys) {
            for (String line : k.split("\n")) {
                if (!line.startsWith("-----") && line.length() > 16) {
                    assertThat(text).doesNotContain(line);
                }
            }
        }
    }

    private void assertNoSecretsIn(Throwable t, String... moreKeys) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            assertNoSecretsIn(String.valueOf(c.getMessage()), moreKeys);
            assertNoSecretsIn(c.toString(), moreKeys);
        }
        assertNoSecretsIn(logs.toString(StandardCharsets.UTF_8), moreKeys);
    }

    /** Writes to two streams. */
    private static final class Tee extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        Tee(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws IOException {
            a.write(c);
            synchronized (b) {
                b.write(c);
            }
        }

        @Override
        public void write(byte[] buf, int off, int len) throws IOException {
            a.write(buf, off, len);
            synchronized (b) {
                b.write(buf, off, len);
            }
        }

        @Override
        public void flush() throws IOException {
            a.flush();
        }
    }
}
