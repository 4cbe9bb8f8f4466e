package dev.modvault.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.sshd.ServerKeyDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Strict host key checking against one OpenSSH {@code known_hosts} file (plain or hashed host names,
 * {@code [host]:port} for other ports, {@code @revoked} markers). A host that is not in the file, or presents another
 * key than the file holds for it, is refused; nothing is ever added to the file (no trust on first use) and the
 * process's {@code ~/.ssh} is never read. The file is read again when its modification time changes (a Kubernetes
 * ConfigMap or Secret update). {@code @cert-authority} lines are ignored (host certificates are not supported).
 *
 * <p>A refusal is logged and remembered per host so that the fetch error can say why (see {@link #refusal}); neither
 * names any key material.
 */
final class KnownHosts implements ServerKeyDatabase {

    private static final Logger log = LoggerFactory.getLogger(KnownHosts.class);
    static final String PROPERTY = "modvault.git.ssh-known-hosts-file";

    private record Snapshot(FileTime modified, List<KnownHostEntry> entries) {
    }

    private final Path file;
    private volatile Snapshot snapshot;
    /** Why the last connection to a host (pattern {@code host} or {@code [host]:port}) was refused. */
    private final Map<String, String> refusals = new ConcurrentHashMap<>();

    private KnownHosts(Path file, Snapshot snapshot) {
        this.file = file;
        this.snapshot = snapshot;
    }

    /**
     * Reads {@code file}.
     *
     * @throws IllegalArgumentException if it cannot be read or parsed (the message names the file, never its lines)
     */
    static KnownHosts load(Path file) {
        return new KnownHosts(file, read(file));
    }

    private static Snapshot read(Path file) {
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            List<KnownHostEntry> entries = KnownHostEntry.readKnownHostEntries(file);
            return new Snapshot(modified, entries == null ? List.of() : List.copyOf(entries));
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalArgumentException("cannot read the known_hosts file " + file);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the known_hosts file " + file + " is not in OpenSSH known_hosts format");
        }
    }

    /** The entries, read again if the file changed (kept as they were if it cannot be read now). */
    private List<KnownHostEntry> entries() {
        Snapshot s = snapshot;
        try {
            if (!Files.getLastModifiedTime(file).equals(s.modified())) {
                s = read(file);
                snapshot = s;
                log.info("read {} again ({} entries)", file, s.entries().size());
            }
        } catch (IOException | IllegalArgumentException e) {
            log.warn("cannot read the known_hosts file {} again; using the {} entries read before", file,
                    s.entries().size());
        }
        return s.entries();
    }

    /** The number of host key lines. */
    int size() {
        return entries().size();
    }

    @Override
    public List<PublicKey> lookup(String connectAddress, InetSocketAddress remoteAddress, Configuration config) {
        HostPort hp = HostPort.parse(connectAddress);
        List<PublicKey> keys = new ArrayList<>();
        for (KnownHostEntry e : entries()) {
            if (e.getMarker() == null && e.isHostMatch(hp.host(), hp.port())) {
                PublicKey key = key(e);
                if (key != null) {
                    keys.add(key);
                }
            }
        }
        return keys;
    }

    @Override
    public boolean accept(String connectAddress, InetSocketAddress remoteAddress, PublicKey serverKey,
                          Configuration config, CredentialsProvider provider) {
        HostPort hp = HostPort.parse(connectAddress);
        boolean known = false;
        boolean matched = false;
        for (KnownHostEntry e : entries()) {
            if (!e.isHostMatch(hp.host(), hp.port())) {
                continue;
            }
            PublicKey key = key(e);
            boolean same = key != null && KeyUtils.compareKeys(key, serverKey);
            if (e.getMarker() != null && e.getMarker().replace("@", "").equalsIgnoreCase("revoked")) {
                if (same) {
                    return refuse(hp, "the host key of " + hp + " is marked @revoked in " + PROPERTY + " (" + file
                            + ")");
                }
                continue;
            }
            if (e.getMarker() != null) {
                continue; // @cert-authority: host certificates are not supported
            }
            known = true;
            matched |= same;
        }
        if (matched) {
            refusals.remove(hp.pattern());
            return true;
        }
        if (!known) {
            return refuse(hp, "host " + hp + " is not in " + PROPERTY + " (" + file + "); Modvault never trusts an "
                    + "SSH host key on first use: add the host's key, verified out of band");
        }
        return refuse(hp, "the " + KeyUtils.getKeyType(serverKey) + " host key presented by " + hp
                + " does not match the key(s) for it in " + PROPERTY + " (" + file + "): the host key changed or "
                + "someone is intercepting the connection; the connection was refused");
    }

    private boolean refuse(HostPort hp, String why) {
        refusals.put(hp.pattern(), why);
        log.warn("SSH host key refused: {}", why);
        return false;
    }

    /** Why the last connection to {@code host:port} was refused, if it was (port -1: 22). */
    Optional<String> refusal(String host, int port) {
        return Optional.ofNullable(refusals.get(new HostPort(host.toLowerCase(Locale.ROOT), port < 0 ? 22 : port)
                .pattern()));
    }

    private static PublicKey key(KnownHostEntry e) {
        try {
            return e.getKeyEntry() == null ? null : e.getKeyEntry().resolvePublicKey(null,
                    PublicKeyEntryResolver.IGNORING);
        } catch (IOException | GeneralSecurityException | RuntimeException ex) {
            return null;
        }
    }

    /** A host and port as JGit names them: {@code host} for port 22, else {@code [host]:port}. */
    record HostPort(String host, int port) {
        static HostPort parse(String connectAddress) {
            String s = connectAddress == null ? "" : connectAddress.strip();
            if (s.startsWith("[")) {
                int close = s.indexOf(']');
                if (close > 0) {
                    String host = s.substring(1, close);
                    int port = 22;
                    if (s.length() > close + 2 && s.charAt(close + 1) == ':') {
                        try {
                            port = Integer.parseInt(s.substring(close + 2));
                        } catch (NumberFormatException e) {
                            port = 22;
                        }
                    }
                    return new HostPort(host.toLowerCase(Locale.ROOT), port);
                }
            }
            return new HostPort(s.toLowerCase(Locale.ROOT), 22);
        }

        String pattern() {
            return port == 22 ? host : "[" + host + "]:" + port;
        }

        @Override
        public String toString() {
            return port == 22 ? host : host + ":" + port;
        }
    }

    @Override
    public String toString() {
        return "KnownHosts[" + file + "]";
    }
}
