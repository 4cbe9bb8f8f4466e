package dev.modvault.git;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.RemoteSession;
import org.eclipse.jgit.transport.SshConfigStore;
import org.eclipse.jgit.transport.SshConstants;
import org.eclipse.jgit.transport.SshSessionFactory;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.sshd.KeyPasswordProvider;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;
import org.eclipse.jgit.util.FS;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Git over SSH (JGit's Apache MINA sshd transport) with one private key per host and strict host key checking.
 *
 * <ul>
 *   <li>One {@link SshdSessionFactory} for all mirrors, given to every SSH transport ({@link #configure}); closed by
 *       {@link #close()}.</li>
 *   <li>Its home and {@code .ssh} directories are an empty temporary directory owned by Modvault, and every file it
 *       would read from there (ssh config, default identities, known_hosts) is replaced: the process's
 *       {@code ~/.ssh} is never read, no SSH agent is used, and nothing is written.</li>
 *   <li>Keys are chosen by the host name of the repository URL: the ssh config is an in-memory one that gives a host
 *       its own key file ({@code IdentityFile}, {@code IdentitiesOnly yes}) and nothing to any other host;
 *       authentication is {@code publickey} only, the user {@code git} unless the URL names one.</li>
 *   <li>Host keys must be in one known_hosts file ({@link KnownHosts}): unknown or changed keys are refused, never
 *       trusted on first use.</li>
 *   <li>Keys and passphrases are never in {@link #toString()}, logs or messages; {@link #redact} removes passphrases
 *       from any text that leaves this package.</li>
 * </ul>
 * Without SSH configured ({@link #none()}), every SSH URL is refused with a message naming the missing setting (and
 * JGit's default SSH factory, which would read {@code ~/.ssh}, is never used).
 */
public final class GitSsh implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GitSsh.class);

    /** The user name when a URL names none ({@code git@host:...} is what every git host expects). */
    static final String DEFAULT_USER = "git";

    /**
     * The private key for one host: a file in OpenSSH or PEM (PKCS#1, PKCS#8) format, encrypted with
     * {@code passphrase} or not encrypted ({@code passphrase} null).
     */
    public record Key(Path file, String passphrase) {
        public Key {
            Objects.requireNonNull(file, "file");
            file = file.toAbsolutePath().normalize();
            if (passphrase != null && passphrase.isEmpty()) {
                passphrase = null;
            }
        }

        /** A key without passphrase. */
        public static Key of(Path file) {
            return new Key(file, null);
        }

        /**
         * Reads the key once, to find problems at start-up rather than at the first fetch.
         *
         * @throws IllegalArgumentException if the file cannot be read, holds no private key, or cannot be decrypted;
         *                                  the message names the file, never its contents or the passphrase
         */
        public void check() {
            FilePasswordProvider password = passphrase == null ? FilePasswordProvider.EMPTY
                    : FilePasswordProvider.of(passphrase);
            Iterable<KeyPair> pairs;
            try (InputStream in = Files.newInputStream(file)) {
                pairs = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(file.toString()), in, password);
            } catch (java.nio.file.NoSuchFileException e) {
                throw new IllegalArgumentException(file + " does not exist");
            } catch (IOException e) {
                throw new IllegalArgumentException(file + " cannot be read, or holds no private key in OpenSSH or PEM "
                        + "format" + (passphrase == null ? " (an encrypted key needs ssh-key-passphrase-file)" : ""));
            } catch (GeneralSecurityException | RuntimeException e) {
                throw new IllegalArgumentException(file + " holds no usable private key"
                        + (passphrase == null ? " (an encrypted key needs ssh-key-passphrase-file)"
                        : " (or the passphrase is wrong)"));
            }
            Iterator<KeyPair> it = pairs == null ? null : pairs.iterator();
            if (it == null || !it.hasNext() || it.next() == null) {
                throw new IllegalArgumentException(file + " holds no private key in OpenSSH or PEM format");
            }
        }

        @Override
        public String toString() {
            return "Key[file=" + file + (passphrase == null ? "" : ", passphrase=***") + "]";
        }
    }

    private static final GitSsh NONE = new GitSsh();

    /** Answers no prompt: no password, no passphrase, no host key question. */
    private static final CredentialsProvider NO_CREDENTIALS = new CredentialsProvider() {
        @Override
        public boolean isInteractive() {
            return false;
        }

        @Override
        public boolean supports(org.eclipse.jgit.transport.CredentialItem... items) {
            return false;
        }

        @Override
        public boolean get(URIish uri, org.eclipse.jgit.transport.CredentialItem... items) {
            return false;
        }
    };

    private final KnownHosts knownHosts;
    private final Map<String, Key> keysByHost;
    private final Path home;
    private final SshSessionFactory factory;

    /** SSH not configured: every SSH URL is refused. */
    private GitSsh() {
        this.knownHosts = null;
        this.keysByHost = Map.of();
        this.home = null;
        this.factory = new SshSessionFactory() {
            @Override
            public RemoteSession getSession(URIish uri, CredentialsProvider credentialsProvider, FS fs, int tms)
                    throws TransportException {
                throw new TransportException("SSH is not configured: set " + KnownHosts.PROPERTY
                        + " and modvault.git.credentials[<host>].ssh-key-file");
            }

            @Override
            public String getType() {
                return "none";
            }
        };
    }

    private GitSsh(KnownHosts knownHosts, Map<String, Key> keysByHost) {
        this.knownHosts = knownHosts;
        this.keysByHost = keysByHost;
        try {
            this.home = Files.createTempDirectory("modvault-ssh-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for SSH", e);
        }
        File homeDir = home.toFile();
        File sshDir = home.resolve(".ssh").toFile(); // never created: nothing is read from it
        SshConfigStore config = new HostKeys(keysByHost);
        this.factory = new SshdSessionFactoryBuilder()
                .setHomeDirectory(homeDir)
                .setSshDirectory(sshDir)
                .setConfigStoreFactory((h, f, user) -> config)
                .setDefaultKnownHostsFiles(dir -> List.of())
                .setDefaultIdentities(dir -> List.of())
                .setDefaultKeysProvider(dir -> List.of())
                .setServerKeyDatabase((h, dir) -> knownHosts)
                .setKeyPasswordProvider(provider -> new Passphrases(keysByHost))
                .setPreferredAuthentications("publickey")
                .setConnectorFactory(null)
                .build(null);
    }

    /** No SSH: SSH URLs are refused. */
    public static GitSsh none() {
        return NONE;
    }

    /**
     * SSH with host keys from {@code knownHostsFile} and keys by host name (case-insensitive, without port).
     *
     * @throws IllegalArgumentException if the known_hosts file cannot be read
     */
    public static GitSsh of(Path knownHostsFile, Map<String, Key> keysByHost) {
        Objects.requireNonNull(knownHostsFile, "knownHostsFile");
        Map<String, Key> m = new TreeMap<>();
        keysByHost.forEach((host, key) -> m.put(host.toLowerCase(Locale.ROOT), Objects.requireNonNull(key)));
        KnownHosts known = KnownHosts.load(knownHostsFile.toAbsolutePath().normalize());
        GitSsh ssh = new GitSsh(known, Map.copyOf(m));
        log.info("SSH for git: keys for hosts {}, {} host keys in {}", m.keySet(), known.size(), knownHostsFile);
        return ssh;
    }

    /** Whether SSH is configured. */
    public boolean enabled() {
        return knownHosts != null;
    }

    /** Gives an SSH transport this factory (and no HTTPS credentials); other transports are left alone. */
    void configure(Transport transport) {
        if (transport instanceof SshTransport ssh) {
            ssh.setSshSessionFactory(factory);
            ssh.setCredentialsProvider(NO_CREDENTIALS); // HTTPS tokens never go to an SSH server
        }
    }

    /** Why the last SSH connection to the host of {@code url} was refused for its host key, if it was. */
    Optional<String> hostKeyRefusal(String url) {
        if (knownHosts == null) {
            return Optional.empty();
        }
        try {
            URIish uri = new URIish(url);
            return uri.getHost() == null ? Optional.empty() : knownHosts.refusal(uri.getHost(), uri.getPort());
        } catch (java.net.URISyntaxException e) {
            return Optional.empty();
        }
    }

    /** {@code text} with every passphrase replaced by {@code ***}. */
    String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (Key k : keysByHost.values()) {
            if (k.passphrase() != null) {
                out = out.replace(k.passphrase(), "***");
            }
        }
        return out;
    }

    /** Closes the session factory and deletes its temporary directory. */
    @Override
    public void close() {
        if (factory instanceof SshdSessionFactory s) {
            s.close();
        }
        if (home != null) {
            GitMirror.deleteTree(home);
        }
    }

    @Override
    public String toString() {
        return knownHosts == null ? "GitSsh[none]" : "GitSsh[keys for " + keysByHost.keySet() + ", " + knownHosts + "]";
    }

    /**
     * The in-memory ssh config: for every host, public key authentication only, strict host keys, no agent, user
     * {@code git} by default; a host with a key gets that one key file and no other.
     */
    private record HostKeys(Map<String, Key> keysByHost) implements SshConfigStore {
        @Override
        public HostConfig lookup(String hostName, int port, String userName) {
            Key key = hostName == null ? null : keysByHost.get(hostName.toLowerCase(Locale.ROOT));
            Map<String, String> options = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            options.put(SshConstants.USER, DEFAULT_USER);
            options.put(SshConstants.IDENTITIES_ONLY, SshConstants.YES);
            options.put(SshConstants.PREFERRED_AUTHENTICATIONS, "publickey");
            options.put(SshConstants.STRICT_HOST_KEY_CHECKING, SshConstants.YES);
            options.put(SshConstants.IDENTITY_AGENT, SshConstants.NONE);
            options.put(SshConstants.ADD_KEYS_TO_AGENT, SshConstants.NO);
            options.put(SshConstants.BATCH_MODE, SshConstants.YES);
            Map<String, List<String>> multi = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            multi.put(SshConstants.IDENTITY_FILE, key == null ? List.of() : List.of(key.file().toString()));
            return new Config(Map.copyOf(options), Map.copyOf(multi));
        }

        @Override
        public HostConfig lookupDefault(String hostName, int port, String userName) {
            return lookup(hostName, port, userName);
        }

        @Override
        public String toString() {
            return "HostKeys" + keysByHost.keySet();
        }
    }

    private record Config(Map<String, String> options, Map<String, List<String>> multi)
            implements SshConfigStore.HostConfig {
        @Override
        public String getValue(String key) {
            for (Map.Entry<String, String> e : options.entrySet()) {
                if (e.getKey().equalsIgnoreCase(key)) {
                    return e.getValue();
                }
            }
            return null;
        }

        @Override
        public List<String> getValues(String key) {
            for (Map.Entry<String, List<String>> e : multi.entrySet()) {
                if (e.getKey().equalsIgnoreCase(key)) {
                    return e.getValue();
                }
            }
            return List.of();
        }

        @Override
        public Map<String, String> getOptions() {
            return options;
        }

        @Override
        public Map<String, List<String>> getMultiValuedOptions() {
            return multi;
        }
    }

    /** Passphrases of the configured key files, by file; one attempt, never a prompt. */
    private static final class Passphrases implements KeyPasswordProvider {
        private final Map<String, Key> keysByHost;

        Passphrases(Map<String, Key> keysByHost) {
            this.keysByHost = keysByHost;
        }

        @Override
        public char[] getPassphrase(URIish uri, int attempt) {
            if (attempt > 0 || uri == null) {
                return null;
            }
            String path = uri.getPath() != null ? uri.getPath() : uri.toString();
            for (Key k : keysByHost.values()) {
                if (k.passphrase() != null && k.file().toString().equals(path)) {
                    return k.passphrase().toCharArray();
                }
            }
            return null;
        }

        @Override
        public void setAttempts(int attempts) {
            // always one attempt
        }

        @Override
        public int getAttempts() {
            return 1;
        }

        @Override
        public boolean keyLoaded(URIish uri, int attempt, Exception error) {
            return false; // never retry
        }

        @Override
        public String toString() {
            return "Passphrases[***]";
        }
    }
}
