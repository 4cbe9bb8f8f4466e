package dev.modvault.git.source;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One configured mapping from module paths to git repositories.
 *
 * <ul>
 *   <li>A <b>template</b> source: {@code prefix} is a module path pattern whose elements are literals or
 *       placeholders ({@code corp.example.com/{repo}}, {@code github.corp.example.com/{owner}/{repo}}); a module path
 *       with at least as many elements whose literals match belongs to the repository whose root is those elements,
 *       cloned from {@code url} with each {@code {name}} replaced (e.g. {@code https://git.corp.example.com/{repo}.git},
 *       {@code ssh://git@git.corp.example.com/{repo}.git} or scp-like {@code git@git.corp.example.com:{repo}.git}).
 *       Placeholders take exactly one path element each.</li>
 *   <li>A <b>discovery</b> source: {@code prefix} is a literal path prefix ({@code go.corp.example.com}); the
 *       repository of a module below it is found as the go command finds it, with a {@code ?go-get=1} request to
 *       {@code https://<module path>} (or to {@code discoveryUrl} followed by the rest of the path) and its
 *       {@code go-import} meta tag.</li>
 * </ul>
 */
public record GitSource(String prefix, String urlTemplate, boolean discovery, URI discoveryUrl) {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z][a-z0-9_-]*)}");

    public GitSource {
        Objects.requireNonNull(prefix, "prefix");
        prefix = strip(prefix);
        if (prefix.isEmpty()) {
            throw new IllegalArgumentException("prefix is empty");
        }
        List<String> names = new ArrayList<>();
        for (String element : prefix.split("/", -1)) {
            if (element.isEmpty()) {
                throw new IllegalArgumentException("prefix " + prefix + " has an empty path element");
            }
            if (element.contains("{") || element.contains("}")) {
                Matcher m = PLACEHOLDER.matcher(element);
                if (!m.matches()) {
                    throw new IllegalArgumentException("prefix " + prefix + ": a placeholder must be a whole path "
                            + "element like {repo}, not " + element);
                }
                if (names.contains(m.group(1))) {
                    throw new IllegalArgumentException("prefix " + prefix + " repeats {" + m.group(1) + "}");
                }
                names.add(m.group(1));
            }
        }
        if (prefix.startsWith("{")) {
            throw new IllegalArgumentException("prefix " + prefix + " must start with a host name, not a placeholder");
        }
        if (discovery) {
            if (urlTemplate != null && !urlTemplate.isBlank()) {
                throw new IllegalArgumentException("prefix " + prefix + ": set either url or discovery, not both");
            }
            if (!names.isEmpty()) {
                throw new IllegalArgumentException("discovery prefix " + prefix + " cannot have placeholders");
            }
            urlTemplate = null;
        } else {
            if (urlTemplate == null || urlTemplate.isBlank()) {
                throw new IllegalArgumentException("prefix " + prefix + ": set a url template or discovery=true");
            }
            if (discoveryUrl != null) {
                throw new IllegalArgumentException("prefix " + prefix + ": discovery-url needs discovery=true");
            }
            Matcher m = PLACEHOLDER.matcher(urlTemplate);
            List<String> used = new ArrayList<>();
            while (m.find()) {
                if (!names.contains(m.group(1))) {
                    throw new IllegalArgumentException("url " + urlTemplate + " uses {" + m.group(1)
                            + "}, which prefix " + prefix + " does not define");
                }
                used.add(m.group(1));
            }
            if (!used.containsAll(names)) {
                throw new IllegalArgumentException("url " + urlTemplate + " does not use every placeholder of "
                        + prefix);
            }
            URI example;
            try {
                example = HostGuard.repositoryUri(fill(urlTemplate, names.stream().collect(
                        TreeMap::new, (map, n) -> map.put(n, "x"), Map::putAll)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("url " + urlTemplate + " is not a valid URL");
            }
            if (example.getScheme() == null || example.getHost() == null) {
                throw new IllegalArgumentException("url " + urlTemplate + " is not an absolute https, http or ssh URL "
                        + "(or scp-like git@host:path)");
            }
            String userInfo = example.getRawUserInfo();
            boolean ssh = example.getScheme().equalsIgnoreCase("ssh");
            if (userInfo != null && (!ssh || userInfo.contains(":"))) {
                throw new IllegalArgumentException("the url of prefix " + prefix // not the url: it holds a secret
                        + " must not carry credentials (use modvault.git.credentials)");
            }
        }
    }

    public static GitSource template(String prefix, String urlTemplate) {
        return new GitSource(prefix, urlTemplate, false, null);
    }

    public static GitSource discovery(String prefix, URI discoveryUrl) {
        return new GitSource(prefix, null, true, discoveryUrl);
    }

    /** How many leading path elements of a module path this source needs to match. */
    public int elements() {
        return prefix.split("/").length;
    }

    /**
     * For a template source, the repository root and URL of {@code modulePath}, if the path matches.
     * For a discovery source, {@code modulePath} itself with no URL, if the path is at or below the prefix.
     */
    public Optional<Match> match(String modulePath) {
        String[] pattern = prefix.split("/");
        String[] path = modulePath.split("/");
        if (path.length < pattern.length) {
            return Optional.empty();
        }
        Map<String, String> values = new TreeMap<>();
        for (int i = 0; i < pattern.length; i++) {
            Matcher m = PLACEHOLDER.matcher(pattern[i]);
            if (m.matches()) {
                values.put(m.group(1), path[i]);
            } else if (!pattern[i].equals(path[i])) {
                return Optional.empty();
            }
        }
        String root = String.join("/", List.of(path).subList(0, pattern.length));
        return Optional.of(new Match(this, root, discovery ? null : fill(urlTemplate, values)));
    }

    /** A module path matched by a source: the repository root (for discovery: the prefix) and URL (template only). */
    public record Match(GitSource source, String root, String url) {
    }

    private static String fill(String template, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(values.get(m.group(1))));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String strip(String prefix) {
        String p = prefix.strip();
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }
}
