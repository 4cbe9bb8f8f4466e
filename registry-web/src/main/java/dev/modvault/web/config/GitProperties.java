package dev.modvault.web.config;

import dev.modvault.git.source.GitSource;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Git sources for PRIVATE modules ({@code modvault.git.*}, docs/git-sources.md).
 *
 * @param sources               module path prefixes mapped to repositories, by URL template or go-import discovery
 * @param allowedHosts          hosts a go-import answer may point to ({@code host} or {@code *.domain})
 * @param insecureHosts         hosts reached over plain http (discovery and repositories); https otherwise
 * @param allowPrivateAddresses whether go-import answers may point to loopback, link-local and metadata addresses
 * @param credentials           per git host: the username and the file holding the token (HTTP basic auth), and/or
 *                              the SSH private key file (and its passphrase file) for ssh URLs
 * @param sshKnownHostsFile     the OpenSSH known_hosts file SSH host keys are checked against (strictly: a host not
 *                              in it, or with another key, is refused); needed by any ssh-key-file; empty: no SSH
 * @param mirrorDir             where bare mirrors live (default: {dataDir}/git)
 * @param refreshInterval       how old a mirror may get before list, latest and branch queries fetch
 * @param minFetchInterval      the least time between two fetches that requests for unknown revisions trigger
 * @param timeout               network inactivity timeout of clones, fetches and discovery requests
 * @param maxRepositorySize     the largest mirror allowed; a larger repository is refused
 * @param maxTotalSize          all mirrors together; beyond it the least recently used idle mirrors are deleted
 */
@ConfigurationProperties("modvault.git")
public record GitProperties(@DefaultValue List<Source> sources, @DefaultValue List<String> allowedHosts,
                            @DefaultValue List<String> insecureHosts,
                            @DefaultValue("false") boolean allowPrivateAddresses,
                            @DefaultValue Map<String, Credential> credentials, String sshKnownHostsFile,
                            Path mirrorDir,
                            @DefaultValue("1m") Duration refreshInterval,
                            @DefaultValue("5s") Duration minFetchInterval, @DefaultValue("2m") Duration timeout,
                            @DefaultValue("2GB") DataSize maxRepositorySize,
                            @DefaultValue("20GB") DataSize maxTotalSize) {

    /**
     * @param prefix       module path pattern: literals and whole-element placeholders ({@code corp.example.com/{repo}})
     * @param url          repository URL template using the prefix's placeholders
     * @param discovery    find the repository with a {@code ?go-get=1} request instead of a template
     * @param discoveryUrl where to send that request instead of {@code https://<module path>}
     */
    public record Source(String prefix, String url, @DefaultValue("false") boolean discovery, URI discoveryUrl) {
    }

    /**
     * @param username              sent with the token ({@code x-access-token} by default; GitLab takes {@code oauth2})
     * @param tokenFile             file holding the token (trailing newline ignored), e.g. a mounted Kubernetes Secret
     * @param sshKeyFile            file holding the SSH private key for ssh URLs of this host (OpenSSH or PEM format)
     * @param sshKeyPassphraseFile  file holding the passphrase of an encrypted {@code sshKeyFile}
     */
    public record Credential(@DefaultValue("x-access-token") String username, Path tokenFile, Path sshKeyFile,
                             Path sshKeyPassphraseFile) {
    }

    public GitProperties {
        List<GitSource> checked = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            checked.add(toSource(sources.get(i), i));
        }
        credentials.forEach((host, credential) -> {
            String property = "modvault.git.credentials[" + host + "]";
            if (credential.tokenFile() == null && credential.sshKeyFile() == null) {
                throw new IllegalArgumentException(property + ": set token-file (https) or ssh-key-file (ssh)");
            }
            if (credential.sshKeyPassphraseFile() != null && credential.sshKeyFile() == null) {
                throw new IllegalArgumentException(property + ".ssh-key-passphrase-file is set without ssh-key-file");
            }
            if (credential.sshKeyFile() != null && (sshKnownHostsFile == null || sshKnownHostsFile.isBlank())) {
                throw new IllegalArgumentException("modvault.git.ssh-known-hosts-file is not set; " + property
                        + ".ssh-key-file needs it (SSH host keys are always checked, never trusted on first use)");
            }
        });
        if (refreshInterval.isNegative() || minFetchInterval.isNegative()) {
            throw new IllegalArgumentException(
                    "modvault.git.refresh-interval and modvault.git.min-fetch-interval must not be negative");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("modvault.git.timeout must be positive");
        }
        if (maxRepositorySize.toBytes() <= 0 || maxTotalSize.toBytes() <= 0) {
            throw new IllegalArgumentException("modvault.git.max-repository-size and max-total-size must be positive");
        }
    }

    /** The validated sources. */
    public List<GitSource> gitSources() {
        List<GitSource> out = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            out.add(toSource(sources.get(i), i));
        }
        return out;
    }

    private static GitSource toSource(Source s, int i) {
        try {
            return new GitSource(s.prefix() == null ? "" : s.prefix(), s.url(), s.discovery(), s.discoveryUrl());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("modvault.git.sources[" + i + "]: " + e.getMessage());
        }
    }

    /** The known_hosts file, or null when not set (empty: not set, as the Helm chart renders it without SSH). */
    public Path sshKnownHosts() {
        return sshKnownHostsFile == null || sshKnownHostsFile.isBlank() ? null : Path.of(sshKnownHostsFile.strip());
    }

    public Path mirrorDir(Path dataDir) {
        return mirrorDir != null ? mirrorDir : dataDir.resolve("git");
    }
}
