package dev.modvault.git;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;

/**
 * A loopback SSH git server for tests: Apache MINA sshd on 127.0.0.1 with public key authentication only (user
 * {@code git}, the keys given to {@link #authorize}), a host key generated into a file, and one command:
 * {@code git-upload-pack '<path>'}, run as the real {@code git upload-pack} on the bare repository
 * {@code <root>/<path>} (stdin, stdout, stderr and exit status pumped through; {@code GIT_PROTOCOL} passed on).
 * Anything else (shells, other commands, paths outside the root) is refused. Counts sessions per repository.
 */
public final class GitSshServer implements AutoCloseable {

    private final Path root;
    private final SshServer server;
    private final KeyPairProvider hostKeys;
    private final Set<PublicKey> authorized = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> sessions = new ConcurrentHashMap<>();
    private final List<String> refusedCommands = new CopyOnWriteArrayList<>();

    /**
     * Starts a server for the bare repositories under {@code root}.
     *
     * @param hostKeyFile where the host key is generated (or read, when it exists: the same host key again)
     */
    public GitSshServer(Path root, Path hostKeyFile) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        SimpleGeneratorHostKeyProvider provider = new SimpleGeneratorHostKeyProvider(hostKeyFile);
        provider.setAlgorithm(KeyUtils.EC_ALGORITHM);
        this.hostKeys = provider;
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(hostKeys);
        server.setUserAuthFactories(List.of(new UserAuthPublicKeyFactory()));
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setGSSAuthenticator(null);
        server.setHostBasedAuthenticator(null);
        server.setPublickeyAuthenticator((user, key, session) -> "git".equals(user)
                && authorized.stream().anyMatch(k -> KeyUtils.compareKeys(k, key)));
        server.setShellFactory(null);
        server.setCommandFactory((channel, command) -> new UploadPack(command));
        server.start();
    }

    /** Accepts {@code key} for user {@code git}. */
    public void authorize(PublicKey key) {
        authorized.add(key);
    }

    public int port() {
        return server.getPort();
    }

    /** {@code ssh://git@127.0.0.1:PORT/<repo>}. */
    public String url(String repo) {
        return "ssh://git@127.0.0.1:" + port() + "/" + repo;
    }

    /** The server's host key. */
    public PublicKey hostKey() {
        try {
            for (KeyPair kp : hostKeys.loadKeys(null)) {
                return kp.getPublic();
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException("no host key");
    }

    /** The known_hosts line for this server: {@code [127.0.0.1]:PORT <type> <base64>}. */
    public String knownHostsLine() {
        return "[127.0.0.1]:" + port() + " " + PublicKeyEntry.toString(hostKey());
    }

    /** Transport sessions (upload-pack runs) for the repository (its path under the root). */
    public int sessions(String repo) {
        AtomicInteger n = sessions.get(repo);
        return n == null ? 0 : n.get();
    }

    /** Commands refused so far. */
    public List<String> refusedCommands() {
        return List.copyOf(refusedCommands);
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }

    /** A new RSA 3072 key pair. */
    public static KeyPair rsaKey() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(3072);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new ECDSA P-256 key pair. */
    public static KeyPair ecKey() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The private key in OpenSSH format ({@code -----BEGIN OPENSSH PRIVATE KEY-----}), encrypted if passphrase. */
    public static String openSsh(KeyPair kp, String passphrase) {
        try {
            OpenSSHKeyEncryptionContext ctx = null;
            if (passphrase != null) {
                ctx = new OpenSSHKeyEncryptionContext();
                ctx.setCipherName("AES");
                ctx.setCipherMode("CTR");
                ctx.setCipherType("256");
                ctx.setPassword(passphrase);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(kp, "modvault-test", ctx, out);
            return out.toString(StandardCharsets.US_ASCII);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The private key in PKCS#8 PEM format ({@code -----BEGIN PRIVATE KEY-----}), unencrypted. */
    public static String pkcs8Pem(KeyPair kp) {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(kp.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    /** {@code git-upload-pack '<path>'} as the real git. */
    private final class UploadPack implements Command {
        private final String command;
        private InputStream in;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;
        private volatile Process process;

        UploadPack(String command) {
            this.command = command;
        }

        @Override
        public void setInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(OutputStream err) {
            this.err = err;
        }

        @Override
        public void setExitCallback(ExitCallback callback) {
            this.exit = callback;
        }

        @Override
        public void start(ChannelSession channel, Environment env) throws IOException {
            Path repo = repository();
            if (repo == null) {
                refusedCommands.add(command);
                err.write(("fatal: refused: " + command + "\n").getBytes(StandardCharsets.UTF_8));
                err.flush();
                exit.onExit(128, "refused");
                return;
            }
            sessions.computeIfAbsent(root.relativize(repo).toString(), k -> new AtomicInteger()).incrementAndGet();
            List<String> cmd = new ArrayList<>(List.of("/usr/bin/git", "upload-pack", "--strict", repo.toString()));
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().keySet().removeIf(k -> k.startsWith("GIT_"));
            pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
            String protocol = env.getEnv().get("GIT_PROTOCOL");
            if (protocol != null) {
                pb.environment().put("GIT_PROTOCOL", protocol);
            }
            Process p = pb.start();
            process = p;
            Thread.ofVirtual().start(() -> pump(in, p.getOutputStream(), true));
            Thread errPump = Thread.ofVirtual().start(() -> pump(p.getErrorStream(), err, false));
            Thread.ofVirtual().start(() -> {
                pump(p.getInputStream(), out, false);
                int code;
                try {
                    errPump.join(TimeUnit.SECONDS.toMillis(30));
                    code = p.waitFor();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    code = 1;
                }
                exit.onExit(code);
            });
        }

        /** The bare repository the command names, or null if the command is not upload-pack of one under root. */
        private Path repository() {
            String c = command.strip();
            if (!c.startsWith("git-upload-pack ")) {
                return null;
            }
            String arg = c.substring("git-upload-pack ".length()).strip();
            if (arg.length() >= 2 && arg.startsWith("'") && arg.endsWith("'")) {
                arg = arg.substring(1, arg.length() - 1);
            }
            if (arg.contains("'") || arg.isEmpty()) {
                return null;
            }
            while (arg.startsWith("/")) {
                arg = arg.substring(1);
            }
            Path repo = root.resolve(arg).normalize();
            if (!repo.startsWith(root) || repo.equals(root) || !Files.isDirectory(repo.resolve("objects"))) {
                return null;
            }
            return repo;
        }

        private static void pump(InputStream from, OutputStream to, boolean closeTarget) {
            byte[] buf = new byte[8192];
            try {
                int n;
                while ((n = from.read(buf)) >= 0) {
                    to.write(buf, 0, n);
                    to.flush();
                }
            } catch (IOException e) {
                // the other side went away
            } finally {
                if (closeTarget) {
                    try {
                        to.close();
                    } catch (IOException e) {
                        // ignored
                    }
                }
            }
        }

        @Override
        public void destroy(ChannelSession channel) {
            Process p = process;
            if (p != null) {
                p.destroy();
            }
        }
    }
}
