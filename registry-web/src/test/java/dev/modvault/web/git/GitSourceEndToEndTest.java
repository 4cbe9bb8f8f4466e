package dev.modvault.web.git;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.modvault.git.GitHttpServer;
import dev.modvault.git.TestRepo;
import dev.modvault.testkit.FixtureModule;
import dev.modvault.testkit.GoCommand;
import dev.modvault.testkit.StaticGoProxy;
import dev.modvault.web.ModvaultServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The go command builds a program importing two private modules that Modvault builds from a git server (real
 * {@code git http-backend} requiring a token) and one public module, through Modvault on TLS with a .netrc token.
 * One clone serves every version; go-import discovery refuses answers pointing to disallowed hosts or addresses; a
 * moved tag is reported and never re-served; the git token appears in no log line, response body or audit record.
 */
@ExtendWith(OutputCaptureExtension.class)
class GitSourceEndToEndTest {

    private static final String GIT_USER = "x-access-token";
    private static final String GIT_TOKEN = "glpat-GitSecretToken-7f3a9c1e5b";
    private static final FixtureModule GREET = FixtureModule.builder("example.org/greet", "v1.0.0")
            .file("greet.go", "package greet\n\nfunc Hello(name string) string { return \"hello, \" + name }\n")
            .build();

    @TempDir
    Path tmp;

    private final List<String> bodies = new ArrayList<>();

    @Test
    void theGoCommandBuildsFromPrivateGitModulesClonedOnce(CapturedOutput output) throws Exception {
        Path srv = Files.createDirectories(tmp.resolve("srv"));
        TestRepo alpha = alphaRepo(srv);
        betaRepo(srv);
        Path tokenFile = Files.writeString(tmp.resolve("git-token"), GIT_TOKEN + "\n");
        AtomicInteger vanityRequests = new AtomicInteger();
        try (GitHttpServer git = new GitHttpServer(srv);
             StaticGoProxy publicProxy = StaticGoProxy.start(GREET)) {
            git.requireBasicAuth(GIT_USER, GIT_TOKEN);
            HttpServer vanity = vanity(git, vanityRequests);
            Map<String, String> properties = new LinkedHashMap<>();
            properties.put("modvault.auth.anonymous-read", "false");
            properties.put("modvault.git.sources[0].prefix", "corp.example.com/{repo}");
            properties.put("modvault.git.sources[0].url", git.baseUrl() + "{repo}");
            properties.put("modvault.git.sources[1].prefix", "vanity.corp.example.com");
            properties.put("modvault.git.sources[1].discovery", "true");
            properties.put("modvault.git.sources[1].discovery-url", "http://127.0.0.1:" + vanity.getAddress().getPort());
            properties.put("modvault.git.insecure-hosts", "127.0.0.1");
            properties.put("modvault.git.allowed-hosts", "127.0.0.1,169.254.169.254");
            properties.put("modvault.git.credentials[127.0.0.1].username", GIT_USER);
            properties.put("modvault.git.credentials[127.0.0.1].token-file", tokenFile.toString());
            properties.put("modvault.git.refresh-interval", "10m");
            properties.put("modvault.git.min-fetch-interval", "0s"); // the moved-tag step's miss fetches at once
            try (ModvaultServer modvault = ModvaultServer.startTls(tmp.resolve("data"), publicProxy.uri(), properties);
                 GoCommand go = go(modvault)) {
                modvault.createRule("PRIVATE", "corp.example.com", null, "our own code");
                modvault.createRule("PRIVATE", "vanity.corp.example.com", null, "our own code, by discovery");

                buildsAProgramImportingTwoPrivateModulesAndAPublicOne(go, alpha);
                manyVersionsComeFromOneClone(go, git, alpha);
                infoCarriesTheGitOrigin(modvault, git, alpha);
                discoveryRefusesDisallowedHostsAndAddresses(modvault, git, vanityRequests);
                aMovedTagIsReportedAndTheCachedBytesStay(modvault, srv, alpha);

                assertThat(git.authorizations()).as("the git server got the token")
                        .contains("Basic " + basic(GIT_USER, GIT_TOKEN));
                theTokenAppearsNowhere(modvault, output);
            } finally {
                vanity.stop(0);
            }
        }
    }

    private void buildsAProgramImportingTwoPrivateModulesAndAPublicOne(GoCommand go, TestRepo alpha) throws Exception {
        Path project = Files.createDirectories(tmp.resolve("project"));
        GoCommand.writeProgram(project, "example.com/app", Map.of("main.go", """
                package main

                import (
                	"fmt"

                	"corp.example.com/alpha"
                	"corp.example.com/beta/sub"
                	"example.org/greet"
                )

                func main() { fmt.Println(greet.Hello(alpha.Name() + "+" + sub.Name())) }
                """));
        GoCommand inProject = go.inDir(project);
        inProject.runOk(GoCommand.DEFAULT_TIMEOUT, "mod", "tidy");
        String goMod = Files.readString(project.resolve("go.mod"));
        assertThat(goMod).contains("corp.example.com/alpha v1.3.0").contains("corp.example.com/beta/sub v0.2.0")
                .contains("example.org/greet v1.0.0");
        inProject.runOk(GoCommand.DEFAULT_TIMEOUT, "build", "-o", "app", ".");
        ProcessBuilder run = new ProcessBuilder(project.resolve("app").toString()).redirectErrorStream(true);
        Process p = run.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();
        assertThat(out.strip()).isEqualTo("hello, alpha v1.3+beta v0.2");
        assertThat(GoCommand.readGoSum(project)).anyMatch(l -> l.startsWith("corp.example.com/alpha v1.3.0 h1:"));
    }

    private void manyVersionsComeFromOneClone(GoCommand go, GitHttpServer git, TestRepo alpha) {
        int sessionsAfterBuild = git.sessions("alpha");
        assertThat(sessionsAfterBuild).as("the clone (a 401 challenge, then the authenticated session)")
                .isBetween(1, 2);
        String versions = go.runOk(GoCommand.DEFAULT_TIMEOUT, "list", "-m", "-versions", "corp.example.com/alpha")
                .stdout().strip();
        assertThat(versions).isEqualTo("corp.example.com/alpha v1.0.0 v1.1.0 v1.2.0 v1.3.0");
        String pseudo = "v1.3.1-0.20240501000000-" + alpha.hash("main").substring(0, 12);
        GoCommand.Result download = go.runOk(GoCommand.DEFAULT_TIMEOUT, "mod", "download", "-json",
                "corp.example.com/alpha@v1.0.0", "corp.example.com/alpha@v1.1.0", "corp.example.com/alpha@v1.2.0",
                "corp.example.com/alpha@main", "corp.example.com/beta/sub@v0.1.0");
        assertThat(download.stdout()).contains("\"Version\": \"" + pseudo + "\"")
                .contains("\"Version\": \"v1.0.0\"").contains("\"Version\": \"v0.1.0\"");
        assertThat(git.sessions("alpha")).as("no fetch for five more versions").isEqualTo(sessionsAfterBuild);
        assertThat(git.sessions("beta")).isBetween(1, 2);
    }

    private void infoCarriesTheGitOrigin(ModvaultServer modvault, GitHttpServer git, TestRepo alpha) {
        HttpResponse<byte[]> info = modvault.get("/corp.example.com/alpha/@v/v1.1.0.info", adminBasic());
        String body = text(info);
        assertThat(info.statusCode()).isEqualTo(200);
        assertThat(body).isEqualTo("{\"Version\":\"v1.1.0\",\"Time\":\"2024-02-01T00:00:00Z\",\"Origin\":{"
                + "\"VCS\":\"git\",\"URL\":\"" + git.baseUrl() + "alpha\",\"Ref\":\"refs/tags/v1.1.0\",\"Hash\":\""
                + alpha.hash("v1.1.0") + "\"}}");
    }

    private void discoveryRefusesDisallowedHostsAndAddresses(ModvaultServer modvault, GitHttpServer git,
                                                             AtomicInteger vanityRequests) {
        int gitRequests = git.requests("alpha");
        HttpResponse<byte[]> badHost = modvault.get("/vanity.corp.example.com/elsewhere/@v/list", adminBasic());
        assertThat(badHost.statusCode()).isEqualTo(404);
        assertThat(text(badHost)).contains("go-import repository URL for vanity.corp.example.com/elsewhere refused")
                .contains("host git.elsewhere.example is not in modvault.git.allowed-hosts");
        HttpResponse<byte[]> loopback = modvault.get("/vanity.corp.example.com/loopback/@v/list", adminBasic());
        assertThat(loopback.statusCode()).isEqualTo(404);
        assertThat(text(loopback)).contains("loopback address 127.0.0.1")
                .contains("modvault.git.allow-private-addresses");
        HttpResponse<byte[]> metadata = modvault.get("/vanity.corp.example.com/metadata/@v/v1.0.0.info",
                adminBasic());
        assertThat(metadata.statusCode()).isEqualTo(404);
        assertThat(text(metadata)).contains("link-local address 169.254.169.254");
        HttpResponse<byte[]> mod = modvault.get("/vanity.corp.example.com/proxy/@latest", adminBasic());
        assertThat(mod.statusCode()).isEqualTo(404);
        assertThat(text(mod)).contains("vcs mod").contains("modvault.private.proxies");
        assertThat(vanityRequests).as("each discovery asked the vanity server").hasValue(4);
        assertThat(git.requests("alpha")).as("the loopback target was never contacted").isEqualTo(gitRequests);
    }

    private void aMovedTagIsReportedAndTheCachedBytesStay(ModvaultServer modvault, Path srv, TestRepo alpha)
            throws Exception {
        byte[] zipBefore = modvault.get("/corp.example.com/alpha/@v/v1.0.0.zip", adminBasic()).body();
        String original = alpha.hash("v1.0.0");
        alpha.write("alpha.go", "package alpha\n\nfunc Name() string { return \"tampered\" }\n")
                .commit("tamper", "2024-06-01T00:00:00Z");
        alpha.git("tag", "-f", "v1.0.0");
        alpha.pushTo(srv.resolve("alpha"));
        // a miss makes the mirror fetch, which moves the tag in the mirror
        assertThat(modvault.get("/corp.example.com/alpha/@v/v1.9.9.info", adminBasic()).statusCode()).isEqualTo(404);
        HttpResponse<byte[]> zipAfter = modvault.get("/corp.example.com/alpha/@v/v1.0.0.zip", adminBasic());
        assertThat(zipAfter.statusCode()).isEqualTo(200);
        assertThat(zipAfter.body()).as("the cached zip, not a rebuilt one").isEqualTo(zipBefore);
        String audit = awaitAudit(modvault, "git.tag-moved");
        assertThat(audit).contains("\"module\":\"corp.example.com/alpha\"").contains(original)
                .contains(alpha.hash("v1.0.0"));
        String metrics = text(modvault.get("/actuator/prometheus", adminBearer()));
        assertThat(metrics).containsPattern("modvault_git_tag_moved_total\\{[^}]*noticed_by=\"fetch\"[^}]*} 1\\.0");
    }

    private void theTokenAppearsNowhere(ModvaultServer modvault, CapturedOutput output) throws Exception {
        String audit = allAudit(modvault);
        assertThat(audit).contains("UPSTREAM_FETCH").containsPattern("upstream\\W{1,8}git\\W"); // the git chain's fetches
        List<String> secrets = List.of(GIT_TOKEN, basic(GIT_USER, GIT_TOKEN));
        String logs = output.getAll();
        assertThat(logs).contains("cloned git repository");
        for (String secret : secrets) {
            assertThat(logs).as("log lines").doesNotContain(secret);
            assertThat(audit).as("audit records").doesNotContain(secret);
            assertThat(bodies).as("response bodies").allSatisfy(b -> assertThat(b).doesNotContain(secret));
        }
        assertThat(bodies).hasSizeGreaterThan(5);
    }

    // ---- fixtures and helpers ----------------------------------------------------------------------------------

    private TestRepo alphaRepo(Path srv) {
        TestRepo r = TestRepo.init(tmp.resolve("work/alpha"));
        r.write("go.mod", "module corp.example.com/alpha\n\ngo 1.19\n").write("LICENSE", "MIT\n");
        for (int i = 0; i <= 3; i++) {
            r.write("alpha.go", "package alpha\n\nfunc Name() string { return \"alpha v1." + i + "\" }\n");
            r.commit("v1." + i, "2024-0" + (i + 1) + "-01T00:00:00Z");
            r.tag("v1." + i + ".0");
        }
        r.write("extra.go", "package alpha\n\nconst Next = 1\n").commit("next", "2024-05-01T00:00:00Z");
        r.publish(srv.resolve("alpha"));
        return r;
    }

    private void betaRepo(Path srv) {
        TestRepo r = TestRepo.init(tmp.resolve("work/beta"));
        r.write("README.md", "beta\n").write("LICENSE", "Apache\n")
                .write("sub/go.mod", "module corp.example.com/beta/sub\n\ngo 1.19\n");
        for (int i = 1; i <= 2; i++) {
            r.write("sub/sub.go", "package sub\n\nfunc Name() string { return \"beta v0." + i + "\" }\n");
            r.commit("sub v0." + i, "2024-0" + i + "-15T00:00:00Z");
            r.tag("sub/v0." + i + ".0");
        }
        r.publish(srv.resolve("beta"));
    }

    /** A vanity import server answering go-get requests with a go-import per path. */
    private static HttpServer vanity(GitHttpServer git, AtomicInteger requests) throws java.io.IOException {
        Map<String, String> answers = Map.of(
                "/elsewhere", "vanity.corp.example.com/elsewhere git https://git.elsewhere.example/x.git",
                "/loopback", "vanity.corp.example.com/loopback git " + git.baseUrl() + "alpha",
                "/metadata", "vanity.corp.example.com/metadata git https://169.254.169.254/latest/meta-data",
                "/proxy", "vanity.corp.example.com/proxy mod https://proxy.corp.example.com");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.createContext("/", ex -> {
            requests.incrementAndGet();
            String content = answers.getOrDefault(ex.getRequestURI().getPath(), "none git https://none");
            byte[] body = ("<html><head><meta name=\"go-import\" content=\"" + content + "\"></head><body></body></html>")
                    .getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        return server;
    }

    private static GoCommand go(ModvaultServer modvault) throws Exception {
        GoCommand go = GoCommand.builder().proxy(modvault.uri())
                .env("SSL_CERT_FILE", modvault.certificatePem().toString())
                .noSumDb("corp.example.com")
                .build();
        Files.writeString(Path.of(go.environment().get("HOME"), ".netrc"),
                "machine 127.0.0.1 login admin password " + ModvaultServer.ADMIN_TOKEN + "\n");
        return go;
    }

    private String text(HttpResponse<byte[]> response) {
        String s = new String(response.body(), StandardCharsets.UTF_8);
        bodies.add(s);
        return s;
    }

    private String awaitAudit(ModvaultServer modvault, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        String body = "";
        while (System.nanoTime() < deadline) {
            body = modvault.admin("GET", "/api/v1/audit?action=SECURITY&limit=1000", null).body();
            if (body.contains(expected)) {
                return body;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no audit record " + expected + " in " + body);
    }

    /** Every audit record, following the cursor. */
    private String allAudit(ModvaultServer modvault) {
        StringBuilder all = new StringBuilder();
        String cursor = null;
        Pattern next = Pattern.compile("\"nextCursor\":\"([^\"]+)\"");
        do {
            String body = modvault.admin("GET", "/api/v1/audit?limit=1000"
                    + (cursor == null ? "" : "&cursor=" + java.net.URLEncoder.encode(cursor, StandardCharsets.UTF_8)),
                    null).body();
            all.append(body);
            Matcher m = next.matcher(body);
            cursor = m.find() ? m.group(1) : null;
        } while (cursor != null);
        return all.toString();
    }

    private static String adminBasic() {
        return "Basic " + basic("admin", ModvaultServer.ADMIN_TOKEN);
    }

    private static String adminBearer() {
        return "Bearer " + ModvaultServer.ADMIN_TOKEN;
    }

    private static String basic(String user, String password) {
        return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
