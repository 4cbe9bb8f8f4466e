package dev.modvault.web.config;

import dev.modvault.core.audit.AuditAction;
import dev.modvault.core.audit.AuditEvent;
import dev.modvault.core.audit.AuditSink;
import dev.modvault.core.cache.ModuleLayout;
import dev.modvault.core.module.ModulePath;
import dev.modvault.core.module.Version;
import dev.modvault.git.GitCredentials;
import dev.modvault.git.GitMirror;
import dev.modvault.git.GitSsh;
import dev.modvault.git.source.GitUpstreamClient;
import dev.modvault.git.source.GoImportDiscovery;
import dev.modvault.git.source.HostGuard;
import dev.modvault.git.source.OriginLedger;
import dev.modvault.git.source.TagMove;
import dev.modvault.storage.ArtifactStore;
import dev.modvault.storage.StoredObject;
import dev.modvault.web.metrics.RegistryMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The git source for PRIVATE modules: mirrors, discovery, the SSRF guard, moved-tag reports. */
@Configuration(proxyBeanMethods = false)
public class GitSourceConfiguration {

    private static final Logger log = LoggerFactory.getLogger(GitSourceConfiguration.class);
    private static final Pattern ORIGIN_HASH = Pattern.compile("\"Origin\"\\s*:\\s*\\{[^}]*\"Hash\"\\s*:\\s*\"([0-9a-f]{40,64})\"");

    /** The holder of the git source; empty when {@code modvault.git.sources} is empty. */
    public record GitSourceHolder(GitUpstreamClient client, GitMirror mirror) implements AutoCloseable {
        @Override
        public void close() {
            if (mirror != null) {
                mirror.close();
            }
        }
    }

    @Bean(destroyMethod = "close")
    GitSourceHolder gitSource(GitProperties git, ModvaultProperties properties, ArtifactStore store,
                              AuditSink audit, RegistryMetrics metrics, Clock clock) {
        if (git.sources().isEmpty()) {
            return new GitSourceHolder(null, null);
        }
        Map<String, GitCredentials.Token> tokens = new HashMap<>();
        Map<String, String> authorizations = new HashMap<>();
        Map<String, GitSsh.Key> sshKeys = new HashMap<>();
        git.credentials().forEach((host, c) -> {
            if (c.tokenFile() != null) {
                String token = readToken(host, c);
                tokens.put(host, new GitCredentials.Token(c.username(), token));
                authorizations.put(host.toLowerCase(java.util.Locale.ROOT), GoImportDiscovery.basic(c.username(),
                        token));
            }
            if (c.sshKeyFile() != null) {
                sshKeys.put(host, sshKey(host, c));
            }
        });
        GitSsh ssh = ssh(git, sshKeys);
        GitMirror mirror = new GitMirror(GitMirror.Settings.defaults(git.mirrorDir(properties.dataDir()))
                .withRefreshInterval(git.refreshInterval())
                .withMinFetchInterval(git.minFetchInterval())
                .withTimeout(git.timeout())
                .withMaxRepositoryBytes(git.maxRepositorySize().toBytes())
                .withMaxTotalBytes(git.maxTotalSize().toBytes())
                .withCredentials(GitCredentials.of(tokens))
                .withSsh(ssh));
        HostGuard guard = new HostGuard(git.allowedHosts(), git.insecureHosts(), git.allowPrivateAddresses());
        HttpClient http = HttpClient.newBuilder().connectTimeout(git.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        GoImportDiscovery discovery = new GoImportDiscovery(http, git.timeout(), guard,
                host -> authorizations.get(host.toLowerCase(java.util.Locale.ROOT)));
        GitUpstreamClient client = new GitUpstreamClient(git.gitSources(), mirror, discovery, guard,
                ledger(store), tagMoves(audit, metrics, clock), properties.spoolDir());
        log.info("git sources: {} (mirrors in {}; tokens for hosts {}; SSH keys for hosts {})",
                git.gitSources().stream().map(s -> s.prefix()).toList(), git.mirrorDir(properties.dataDir()),
                tokens.keySet(), sshKeys.keySet());
        return new GitSourceHolder(client, mirror);
    }

    private static String readToken(String host, GitProperties.Credential c) {
        String property = "modvault.git.credentials[" + host + "].token-file";
        try {
            String token = Files.readString(c.tokenFile(), StandardCharsets.UTF_8).strip();
            if (token.isEmpty()) {
                throw new IllegalArgumentException(property + ": " + c.tokenFile() + " is empty");
            }
            return token;
        } catch (IOException e) {
            throw new UncheckedIOException(property + ": cannot read " + c.tokenFile(), e);
        }
    }

    /** SSH when a known_hosts file is set (keys are checked now, so a bad key stops the start-up). */
    private static GitSsh ssh(GitProperties git, Map<String, GitSsh.Key> keys) {
        if (git.sshKnownHosts() == null) {
            return GitSsh.none();
        }
        try {
            return GitSsh.of(git.sshKnownHosts(), keys);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("modvault.git.ssh-known-hosts-file: " + e.getMessage());
        }
    }

    /** The host's SSH key, read once now; messages name the property and the file, never its contents. */
    static GitSsh.Key sshKey(String host, GitProperties.Credential c) {
        String property = "modvault.git.credentials[" + host + "].";
        String passphrase = null;
        if (c.sshKeyPassphraseFile() != null) {
            try {
                passphrase = Files.readString(c.sshKeyPassphraseFile(), StandardCharsets.UTF_8)
                        .replaceFirst("\\r?\\n$", "");
            } catch (IOException e) {
                throw new IllegalArgumentException(property + "ssh-key-passphrase-file: cannot read "
                        + c.sshKeyPassphraseFile());
            }
            if (passphrase.isEmpty()) {
                throw new IllegalArgumentException(property + "ssh-key-passphrase-file: " + c.sshKeyPassphraseFile()
                        + " is empty");
            }
        }
        GitSsh.Key key = new GitSsh.Key(c.sshKeyFile(), passphrase);
        try {
            key.check();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(property + "ssh-key-file: " + e.getMessage());
        }
        return key;
    }

    /** The commit in the Origin of the version's cached {@code .info}, read from the shared store. */
    static OriginLedger ledger(ArtifactStore store) {
        return (module, version) -> {
            try {
                Optional<StoredObject> info = store.get(ModuleLayout.artifact(ModulePath.of(module),
                        Version.of(version), ModuleLayout.Kind.INFO));
                if (info.isEmpty()) {
                    return Optional.empty();
                }
                try (InputStream in = info.get().open()) {
                    Matcher m = ORIGIN_HASH.matcher(new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8));
                    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
                }
            } catch (IOException | RuntimeException e) {
                log.debug("no recorded origin for {}@{}: {}", module, version, e.toString());
                return Optional.empty();
            }
        };
    }

    /** A SECURITY audit event {@code git.tag-moved} and the counter {@code modvault_git_tag_moved_total}. */
    static TagMove.Listener tagMoves(AuditSink audit, RegistryMetrics metrics, Clock clock) {
        return move -> {
            audit.record(new AuditEvent(clock.instant(), AuditAction.SECURITY, "system", null, null, move.module(),
                    move.version(), "info", null, null, null, null,
                    "{\"event\":\"git.tag-moved\",\"ref\":" + quote(move.ref()) + ",\"url\":" + quote(move.url())
                            + ",\"recordedHash\":" + quote(move.recordedHash()) + ",\"currentHash\":"
                            + quote(move.currentHash()) + ",\"noticedBy\":" + quote(move.noticedBy()) + "}"));
            metrics.gitTagMoved(move.noticedBy());
        };
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
