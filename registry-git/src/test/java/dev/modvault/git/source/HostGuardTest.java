package dev.modvault.git.source;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modvault.core.error.NotFoundException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The SSRF guard for URLs from go-import answers. */
class HostGuardTest {

    /** Host names resolved from a fixed table, as DNS would (no network in tests). */
    private static final Map<String, String> DNS = Map.of(
            "git.corp.example.com", "10.1.2.3",
            "rebind.corp.example.com", "127.0.0.1",
            "meta.corp.example.com", "169.254.169.254",
            "v6meta.corp.example.com", "fd00:ec2::254",
            "mapped.corp.example.com", "::ffff:127.0.0.1",
            "linklocal6.corp.example.com", "fe80::1",
            "public.example.org", "93.184.216.34");

    private static HostGuard guard(boolean allowPrivate) {
        return new HostGuard(List.of("git.corp.example.com", "*.corp.example.com", "public.example.org",
                "127.0.0.1", "169.254.169.254"), List.of("127.0.0.1"), allowPrivate, HostGuardTest::resolve);
    }

    private static InetAddress[] resolve(String host) throws UnknownHostException {
        String ip = DNS.getOrDefault(host, host.matches("[0-9.:a-f]+") ? host : null);
        if (ip == null) {
            throw new UnknownHostException(host);
        }
        return new InetAddress[] {InetAddress.getByName(ip)};
    }

    @Test
    void allowsAnAllowedHostOnAPrivateNetworkAddress() {
        assertThatCode(() -> guard(false).check(URI.create("https://git.corp.example.com/team/repo.git"), "repo"))
                .doesNotThrowAnyException();
        assertThatCode(() -> guard(false).check(URI.create("https://public.example.org/r.git"), "repo"))
                .doesNotThrowAnyException();
    }

    @Test
    void refusesHostsNotAllowed() {
        assertThatThrownBy(() -> guard(false).check(URI.create("https://evil.example.net/r.git"), "repository URL"))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("repository URL refused: host evil.example.net is not in modvault.git.allowed-hosts");
        // a suffix pattern needs a dot boundary
        assertThatThrownBy(() -> guard(false).check(URI.create("https://evilcorp.example.com/r"), "x"))
                .hasMessageContaining("not in modvault.git.allowed-hosts");
    }

    @Test
    void refusesLoopbackLinkLocalAndMetadataAddressesUnlessAllowed() {
        for (String url : List.of("http://127.0.0.1:8080/r.git", "https://169.254.169.254/latest/meta-data",
                "https://rebind.corp.example.com/r", "https://meta.corp.example.com/r", "https://v6meta.corp.example.com/r",
                "https://mapped.corp.example.com/r", "https://linklocal6.corp.example.com/r")) {
            assertThatThrownBy(() -> guard(false).check(URI.create(url), "go-import repository URL"))
                    .as(url).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("address").hasMessageContaining("allow-private-addresses");
            assertThatCode(() -> guard(true).check(URI.create(url), "x")).as(url).doesNotThrowAnyException();
        }
    }

    @Test
    void refusesPlainHttpCredentialsInUrlsAndUnresolvableHosts() {
        assertThatThrownBy(() -> guard(true).check(URI.create("http://git.corp.example.com/r"), "x"))
                .hasMessageContaining("scheme http").hasMessageContaining("insecure-hosts");
        assertThatThrownBy(() -> guard(true).check(URI.create("git://git.corp.example.com/r"), "x"))
                .hasMessageContaining("scheme git");
        assertThatThrownBy(() -> guard(true).check(URI.create("file:///srv/git/r"), "x"))
                .hasMessageContaining("refused");
        assertThatThrownBy(() -> guard(true).check(URI.create("https://u:secret@git.corp.example.com/r"), "x"))
                .hasMessageContaining("carries credentials").hasMessageNotContaining("secret");
        assertThatThrownBy(() -> guard(false).check(URI.create("https://nowhere.corp.example.com/r"), "x"))
                .hasMessageContaining("cannot be resolved");
    }

    @Test
    void sshRepositoryUrlsFollowTheSameHostAndAddressRules() {
        assertThatCode(() -> guard(false).check(URI.create("ssh://git@git.corp.example.com/team/repo.git"), "x"))
                .doesNotThrowAnyException();
        assertThatCode(() -> guard(false).check(URI.create("ssh://git.corp.example.com:2222/repo.git"), "x"))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> guard(false).check(URI.create("ssh://git@evil.example.net/r.git"), "x"))
                .hasMessageContaining("not in modvault.git.allowed-hosts");
        assertThatThrownBy(() -> guard(false).check(URI.create("ssh://git@rebind.corp.example.com/r.git"), "x"))
                .hasMessageContaining("loopback");
        assertThatThrownBy(() -> guard(false).check(URI.create("ssh://git@169.254.169.254/r.git"), "x"))
                .hasMessageContaining("link-local");
        assertThatCode(() -> guard(true).check(URI.create("ssh://git@127.0.0.1:2222/r.git"), "x"))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> guard(true).check(URI.create("ssh://git:pw123@git.corp.example.com/r"), "x"))
                .hasMessageContaining("carries credentials").hasMessageNotContaining("pw123");
        // templates: ssh is allowed, the discovery request itself stays http(s)
        assertThatCode(() -> guard(false).checkRepositoryScheme(HostGuard.repositoryUri("git@git.corp.example.com:r.git"),
                "x")).doesNotThrowAnyException();
        assertThatThrownBy(() -> guard(false).checkScheme(URI.create("ssh://go.corp.example.com/x"), "x"))
                .hasMessageContaining("scheme ssh");
    }
}
