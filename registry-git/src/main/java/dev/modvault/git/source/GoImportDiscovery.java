package dev.modvault.git.source;

import dev.modvault.core.error.NotFoundException;
import dev.modvault.core.error.UpstreamException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The go command's remote import path discovery (cmd/go/internal/vcs, Go 1.19): {@code GET
 * https://<import path>?go-get=1}, then the {@code <meta name="go-import" content="root vcs url">} tags of the page.
 * The tag whose root is the module path or a prefix of it at a path boundary wins; more than one is an error, as is a
 * vcs other than git ({@code mod} means "use a GOPROXY": configure that as a private proxy instead). The repository
 * URL then passes the {@link HostGuard}: allowed host, https or ssh, and no loopback, link-local or metadata address.
 * Redirects are not followed (a redirect could lead anywhere); the page is read up to 1 MiB.
 */
public final class GoImportDiscovery {

    static final int MAX_PAGE = 1 << 20;
    private static final Pattern META = Pattern.compile("<meta\\b([^>]*)>", Pattern.CASE_INSENSITIVE);
    private static final Pattern ATTRIBUTE = Pattern.compile(
            "([a-zA-Z-]+)\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s\"'>]+))");

    /** A go-import answer: repository root (a module path prefix), vcs, repository URL. */
    public record GoImport(String root, String vcs, String url) {
    }

    private final HttpClient http;
    private final Duration timeout;
    private final HostGuard guard;
    private final Function<String, String> authorizationForHost;

    /**
     * @param authorizationForHost the {@code Authorization} header to send to a discovery host over https, or null
     */
    public GoImportDiscovery(HttpClient http, Duration timeout, HostGuard guard,
                             Function<String, String> authorizationForHost) {
        this.http = Objects.requireNonNull(http, "http");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.guard = Objects.requireNonNull(guard, "guard");
        this.authorizationForHost = Objects.requireNonNull(authorizationForHost, "authorizationForHost");
    }

    /** Basic authentication header for a username and token. */
    public static String basic(String username, String token) {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + token).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Finds the repository of {@code modulePath}, a path at or below {@code source}'s prefix.
     *
     * @return the chosen go-import, its URL checked by the guard
     * @throws NotFoundException when the page has no usable go-import, or the guard refuses its URL
     */
    public GoImport discover(GitSource source, String modulePath) {
        URI request = requestUrl(source, modulePath);
        guard.checkScheme(request, "go-import discovery for " + modulePath);
        List<GoImport> imports = parse(fetch(request, modulePath));
        GoImport chosen = choose(imports, modulePath);
        URI repo;
        try {
            repo = URI.create(chosen.url());
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("not found: " + modulePath + ": go-import repository URL is not a valid URL");
        }
        guard.check(repo, "go-import repository URL for " + modulePath);
        return chosen;
    }

    static URI requestUrl(GitSource source, String modulePath) {
        String rest = modulePath.substring(source.prefix().length());
        String base = source.discoveryUrl() != null ? stripSlash(source.discoveryUrl().toString())
                : "https://" + source.prefix();
        return URI.create(base + rest + "?go-get=1");
    }

    private String fetch(URI url, String modulePath) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout).GET()
                .header("User-Agent", "Modvault/0.1 (go-get)");
        String authorization = url.getScheme().equalsIgnoreCase("https") || guard.insecureAllowed(url.getHost())
                ? authorizationForHost.apply(url.getHost()) : null;
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new UpstreamException("go-import discovery for " + modulePath + " failed: "
                    + e.getClass().getSimpleName(), e instanceof java.net.http.HttpTimeoutException, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamException("go-import discovery for " + modulePath + " interrupted");
        }
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            if (status / 100 == 3) {
                throw new NotFoundException("not found: " + modulePath + ": go-import discovery was redirected ("
                        + status + "); redirects are not followed");
            }
            // cmd/go reads meta tags from error pages too (some servers answer 404 with the tags)
            byte[] page = body.readNBytes(MAX_PAGE);
            return new String(page, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UpstreamException("go-import discovery for " + modulePath + " failed: "
                    + e.getClass().getSimpleName(), false, null);
        }
    }

    /** The go-import tags of a page, in order (only in the head, as cmd/go: parsing stops at body). */
    static List<GoImport> parse(String page) {
        String lower = page.toLowerCase(Locale.ROOT);
        int end = lower.indexOf("<body");
        String head = end < 0 ? page : page.substring(0, end);
        List<GoImport> imports = new ArrayList<>();
        for (Matcher meta = META.matcher(head); meta.find(); ) {
            Map<String, String> attrs = new java.util.HashMap<>();
            for (Matcher a = ATTRIBUTE.matcher(meta.group(1)); a.find(); ) {
                String v = a.group(2) != null ? a.group(2) : a.group(3) != null ? a.group(3) : a.group(4);
                attrs.put(a.group(1).toLowerCase(Locale.ROOT), unescapeHtml(v));
            }
            if (!"go-import".equals(attrs.get("name")) || attrs.get("content") == null) {
                continue;
            }
            String[] f = attrs.get("content").strip().split("\\s+");
            if (f.length == 3) {
                imports.add(new GoImport(f[0], f[1], f[2]));
            }
        }
        return imports;
    }

    /** cmd/go matchGoImport: the one tag whose root prefixes the path; {@code mod} is refused with a pointer. */
    static GoImport choose(List<GoImport> imports, String modulePath) {
        List<GoImport> matching = imports.stream()
                .filter(i -> modulePath.equals(i.root()) || modulePath.startsWith(i.root() + "/"))
                .toList();
        if (matching.isEmpty()) {
            throw new NotFoundException("not found: " + modulePath + ": no go-import meta tag matches the module path"
                    + (imports.isEmpty() ? "" : " (roots: " + imports.stream().map(GoImport::root).toList() + ")"));
        }
        List<GoImport> git = matching.stream().filter(i -> i.vcs().equals("git")).toList();
        if (git.size() > 1) {
            throw new NotFoundException("not found: " + modulePath + ": multiple go-import meta tags match "
                    + git.stream().map(GoImport::root).toList());
        }
        if (git.isEmpty()) {
            GoImport other = matching.get(0);
            if (other.vcs().equals("mod")) {
                throw new NotFoundException("not found: " + modulePath + ": go-import names a module proxy (vcs mod), "
                        + "not a git repository; configure that proxy in modvault.private.proxies instead");
            }
            throw new NotFoundException("not found: " + modulePath + ": go-import vcs " + other.vcs()
                    + " is not supported (git only)");
        }
        return git.get(0);
    }

    private static String unescapeHtml(String s) {
        return s.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&");
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
