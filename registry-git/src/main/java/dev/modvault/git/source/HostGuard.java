package dev.modvault.git.source;

import dev.modvault.core.error.NotFoundException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Decides whether Modvault may contact a URL that came from outside its configuration (a go-import answer), so that
 * discovery cannot be turned against internal services (SSRF):
 * <ul>
 *   <li>the scheme is {@code https}, {@code ssh} (host keys checked against the known_hosts file), or {@code http}
 *       for a host listed as insecure;</li>
 *   <li>the URL carries no user information (an {@code ssh} URL may name a user, {@code ssh://git@host/...}, but no
 *       password);</li>
 *   <li>the host matches an allowed host ({@code git.corp.example.com}, or {@code *.corp.example.com} for any
 *       subdomain);</li>
 *   <li>unless private addresses are allowed, none of the host's addresses is loopback, link-local (which holds the
 *       cloud metadata service 169.254.169.254), any-local, multicast, or a known metadata address
 *       ({@code fd00:ec2::254}, {@code 100.100.100.200}). Site-local and unique-local ranges (10/8, 192.168/16,
 *       fc00::/7) are allowed: corporate git servers live there, and the allowed hosts are the control.</li>
 * </ul>
 * A refusal is a {@link NotFoundException} whose message says which rule refused; it never contains credentials.
 * Thread-safe.
 */
public final class HostGuard {

    /** Resolves host names; replaceable in tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final List<String> allowedHosts;
    private final List<String> insecureHosts;
    private final boolean allowPrivateAddresses;
    private final Resolver resolver;

    public HostGuard(List<String> allowedHosts, List<String> insecureHosts, boolean allowPrivateAddresses,
                     Resolver resolver) {
        this.allowedHosts = allowedHosts.stream().map(HostGuard::normalize).toList();
        this.insecureHosts = insecureHosts.stream().map(HostGuard::normalize).toList();
        this.allowPrivateAddresses = allowPrivateAddresses;
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    public HostGuard(List<String> allowedHosts, List<String> insecureHosts, boolean allowPrivateAddresses) {
        this(allowedHosts, insecureHosts, allowPrivateAddresses, InetAddress::getAllByName);
    }

    /** Whether plain http is allowed to {@code host}. */
    public boolean insecureAllowed(String host) {
        return host != null && matchesAny(insecureHosts, normalize(host));
    }

    /**
     * Checks the scheme only: https, or http to an insecure host. For discovery requests, whose hosts the operator
     * configured (repository URLs: {@link #checkRepositoryScheme}).
     *
     * @param what what the URL is, for the message ("repository URL of corp.example.com/repo")
     */
    public void checkScheme(URI url, String what) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https")) {
            return;
        }
        if (scheme.equals("http") && insecureAllowed(url.getHost())) {
            return;
        }
        throw refused(what, "scheme " + (scheme.isEmpty() ? "(none)" : scheme) + " of " + url.getHost()
                + " is not allowed (https only; http for hosts in modvault.git.insecure-hosts)");
    }

    /**
     * Checks the scheme of a git repository URL: {@code ssh}, or what {@link #checkScheme} allows. For repository URLs
     * the operator wrote (templates).
     */
    public void checkRepositoryScheme(URI url, String what) {
        if (isSsh(url)) {
            return;
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https") || (scheme.equals("http") && insecureAllowed(url.getHost()))) {
            return;
        }
        throw refused(what, "scheme " + (scheme.isEmpty() ? "(none)" : scheme) + " of " + url.getHost()
                + " is not allowed (https or ssh; http for hosts in modvault.git.insecure-hosts)");
    }

    /**
     * Checks a repository URL from outside the configuration (a go-import answer): scheme (https, ssh, or http for
     * insecure hosts), user information, allowed host, addresses.
     */
    public void check(URI url, String what) {
        String userInfo = url.getRawUserInfo();
        if (userInfo != null && (!isSsh(url) || userInfo.contains(":") || userInfo.isEmpty())) {
            throw refused(what, "the URL carries credentials");
        }
        String host = url.getHost();
        if (host == null || host.isEmpty()) {
            throw refused(what, "the URL has no host");
        }
        checkRepositoryScheme(url, what);
        String h = normalize(host);
        if (!matchesAny(allowedHosts, h)) {
            throw refused(what, "host " + h + " is not in modvault.git.allowed-hosts");
        }
        if (allowPrivateAddresses) {
            return;
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(h.startsWith("[") ? h.substring(1, h.length() - 1) : h);
        } catch (UnknownHostException e) {
            throw refused(what, "host " + h + " cannot be resolved");
        }
        for (InetAddress address : addresses) {
            String problem = forbidden(address);
            if (problem != null) {
                throw refused(what, "host " + h + " resolves to " + problem + " address " + address.getHostAddress()
                        + " (set modvault.git.allow-private-addresses=true to allow it)");
            }
        }
    }

    private static boolean isSsh(URI url) {
        return url.getScheme() != null && url.getScheme().equalsIgnoreCase("ssh");
    }

    /**
     * A repository URL as a {@link URI}: the scp-like form {@code user@host:path} (no scheme, a colon before any
     * slash) becomes {@code ssh://user@host/path}, as git reads it; anything else is parsed as it is.
     *
     * @throws IllegalArgumentException if it is not a valid URL
     */
    public static URI repositoryUri(String url) {
        int colon = url.indexOf(':');
        int slash = url.indexOf('/');
        if (!url.contains("://") && colon > 0 && (slash < 0 || colon < slash)) {
            String authority = url.substring(0, colon);
            String path = url.substring(colon + 1);
            return URI.create("ssh://" + authority + (path.startsWith("/") ? "" : "/") + path);
        }
        return URI.create(url);
    }

    /** Why an address may not be contacted, or null. */
    static String forbidden(InetAddress address) {
        InetAddress a = unmapped(address);
        if (a.isLoopbackAddress()) {
            return "a loopback";
        }
        if (a.isLinkLocalAddress()) {
            return "a link-local";
        }
        if (a.isAnyLocalAddress()) {
            return "an any-local";
        }
        if (a.isMulticastAddress()) {
            return "a multicast";
        }
        String ip = a.getHostAddress();
        if (ip.equals("100.100.100.200") || ip.equals("fd00:ec2:0:0:0:0:0:254") || ip.startsWith("0.")) {
            return "a metadata";
        }
        return null;
    }

    /** The IPv4 address inside an IPv4-mapped or -compatible IPv6 address, else the address itself. */
    private static InetAddress unmapped(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] b = address.getAddress();
            boolean prefixZero = true;
            for (int i = 0; i < 10; i++) {
                prefixZero &= b[i] == 0;
            }
            boolean mapped = prefixZero && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
            boolean compatible = prefixZero && b[10] == 0 && b[11] == 0 && (b[12] != 0 || b[13] != 0);
            if (mapped || compatible) {
                try {
                    return Inet4Address.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
                } catch (UnknownHostException e) {
                    return address;
                }
            }
        }
        return address;
    }

    private static boolean matchesAny(List<String> patterns, String host) {
        for (String p : patterns) {
            if (p.equals(host) || (p.startsWith("*.") && host.endsWith(p.substring(1)))) {
                return true;
            }
        }
        return false;
    }

    private static String normalize(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    private static NotFoundException refused(String what, String why) {
        return new NotFoundException("not found: " + what + " refused: " + why);
    }

    @Override
    public String toString() {
        return "HostGuard[allowed=" + allowedHosts + ", insecure=" + insecureHosts + ", privateAddresses="
                + allowPrivateAddresses + "]";
    }
}
